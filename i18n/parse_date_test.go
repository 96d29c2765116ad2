package i18n

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	cases := []struct {
		in      string
		y, m, d int
		key     string
	}{
		{in: "20/09/2020", y: 2020, m: 9, d: 20},
		{in: "7/9/2020", y: 2020, m: 9, d: 7},
		{in: "07/09/2020", y: 2020, m: 9, d: 7},
		{in: "20-09-2020", y: 2020, m: 9, d: 20},
		{in: "20.09.2020", y: 2020, m: 9, d: 20},
		{in: " 20 / 09 / 2020 ", y: 2020, m: 9, d: 20},
		{in: "2020-09-20", y: 2020, m: 9, d: 20},
		{in: "29/02/2020", y: 2020, m: 2, d: 29},
		{in: "31/12/2100", y: 2100, m: 12, d: 31},
		{in: "01/01/1900", y: 1900, m: 1, d: 1},

		{in: "", key: "parse.date_empty"},
		{in: "  ", key: "parse.date_empty"},
		{in: "hôm nay", key: "parse.date_format"},
		{in: "20092020", key: "parse.date_format"},
		{in: "20/09", key: "parse.date_format"},
		{in: "20/09/2020/1", key: "parse.date_format"},
		{in: "20/09-2020", key: "parse.date_format"},
		{in: "20/9/202", key: "parse.date_format"},
		{in: "20/9/20200", key: "parse.date_format"},
		{in: "020/09/2020", key: "parse.date_format"},
		{in: "20/a9/2020", key: "parse.date_format"},
		{in: "+1/09/2020", key: "parse.date_format"},
		{in: "20/09/20", key: "parse.date_two_digit_year"},
		{in: "20-9-20", key: "parse.date_two_digit_year"},
		{in: "31/02/2020", key: "parse.bad_date"},
		{in: "29/02/2021", key: "parse.bad_date"},
		{in: "31/04/2020", key: "parse.bad_date"},
		{in: "00/09/2020", key: "parse.bad_date"},
		{in: "20/00/2020", key: "parse.bad_date"},
		{in: "20/13/2020", key: "parse.bad_date"},
		{in: "20/09/0202", key: "parse.bad_date"},
		{in: "20/09/2202", key: "parse.bad_date"},
		{in: "2020-02-30", key: "parse.bad_date"},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in, hcm)
		if c.key != "" {
			var e *Error
			if !errors.As(err, &e) || e.Key != c.key {
				t.Errorf("ParseDate(%q) = %v, %v; want %s", c.in, got, err, c.key)
				continue
			}
			checkRenders(t, e)
			continue
		}
		want := time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, hcm)
		if err != nil || !got.Equal(want) || got.Location() != hcm {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, want)
		}
	}
}

func TestParseDateLocation(t *testing.T) {
	got, err := ParseDate("20/09/2020", nil)
	if want := time.Date(2020, 9, 20, 0, 0, 0, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Errorf("nil location: %v, %v; want %v", got, err, want)
	}
	hcm := time.FixedZone("ICT", 7*3600)
	got, _ = ParseDate("20/09/2020", hcm)
	if got.UTC().Hour() != 17 || got.UTC().Day() != 19 {
		t.Errorf("midnight in ICT is %v in UTC; want 19th 17:00", got.UTC())
	}
	// The date written is the date kept, and printing it gives it back.
	if s := For(VI).Date(got); s != "20/09/2020" {
		t.Errorf("Date = %q", s)
	}
}
