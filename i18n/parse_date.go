package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Years outside this range are taken for typing mistakes ("20/09/0202").
const minYear, maxYear = 1900, 2100

// ParseDate reads a date written day first, as Vietnam writes it:
// "20/09/2020", "7/9/2020", "20-09-2020", "20.09.2020" (spaces around the
// marks are allowed); also year first, "2020-09-20", which cannot be
// misread. Two-digit years are refused (parse.date_two_digit_year): "20/09/20"
// could be 1920 or 2020. Days that do not exist ("31/02/2020") and years
// outside 1900–2100 are refused (parse.bad_date). The result is midnight in
// loc (UTC when loc is nil). The language does not matter: both write dates
// day first.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	in := strings.TrimSpace(s)
	if in == "" {
		return time.Time{}, Errorf("parse.date_empty")
	}
	i := strings.IndexAny(in, "/-.")
	if i < 0 {
		return time.Time{}, refuse("parse.date_format", s)
	}
	parts := strings.Split(in, in[i:i+1])
	if len(parts) != 3 {
		return time.Time{}, refuse("parse.date_format", s)
	}
	for k := range parts {
		parts[k] = strings.TrimSpace(parts[k])
		if !allDigits(parts[k]) {
			return time.Time{}, refuse("parse.date_format", s)
		}
	}
	d, m, y := parts[0], parts[1], parts[2]
	if len(d) == 4 {
		y, d = d, y // 2020-09-20
	}
	switch {
	case len(d) > 2 || len(m) > 2:
		return time.Time{}, refuse("parse.date_format", s)
	case len(y) == 2:
		return time.Time{}, refuse("parse.date_two_digit_year", s)
	case len(y) != 4:
		return time.Time{}, refuse("parse.date_format", s)
	}
	day, _ := strconv.Atoi(d)
	month, _ := strconv.Atoi(m)
	year, _ := strconv.Atoi(y)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	if year < minYear || year > maxYear || t.Day() != day || int(t.Month()) != month {
		return time.Time{}, refuse("parse.bad_date", s)
	}
	return t, nil
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
