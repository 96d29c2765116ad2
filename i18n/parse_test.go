package i18n

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// numCase is one input and what reading it must give: a value, or the key of
// the refusal.
type numCase struct {
	in   string
	want float64
	key  string
}

var numberCases = map[Lang][]numCase{
	VI: {
		{in: "5.989,0", want: 5989},
		{in: "5989", want: 5989},
		{in: "5989,5", want: 5989.5},
		{in: "1.234.567", want: 1234567},
		{in: "1.234.567,891", want: 1234567.891},
		{in: "0,5", want: 0.5},
		{in: "-3", want: -3},
		{in: "+3", want: 3},
		{in: "- 3", want: -3},
		{in: "−3", want: -3}, // U+2212 minus sign
		{in: "0", want: 0},
		{in: "007", want: 7},
		{in: "  5.989,0 \n", want: 5989},
		{in: "5 989", want: 5989},
		{in: "5\u00a0989,5", want: 5989.5},
		{in: "1\u202f234\u202f567", want: 1234567},
		{in: "5.989", want: 5989}, // the locale's own group mark
		{in: "11.041,0", want: 11041},
		{in: "2,3", want: 2.3},
		{in: "5,98", want: 5.98},
		{in: "5,9890", want: 5.989},
		{in: "0,500", want: 0.5},           // English would refuse "0,500": not ambiguous
		{in: "12345,678", want: 12345.678}, // English would refuse "12345,678"
		{in: "05,989", want: 5.989},
		{in: "5.989,123", want: 5989.123}, // grouped: the comma can only be decimal

		{in: "", key: "parse.empty"},
		{in: "   ", key: "parse.empty"},
		{in: "abc", key: "parse.not_number"},
		{in: "5 triệu", key: "parse.not_number"},
		{in: "12a", key: "parse.not_number"},
		{in: "1e6", key: "parse.not_number"},
		{in: "+", key: "parse.not_number"},
		{in: "--3", key: "parse.not_number"},
		{in: "3-", key: "parse.not_number"},
		{in: ",", key: "parse.not_number"},
		{in: ".", key: "parse.not_number"},
		{in: "5,", key: "parse.not_number"},
		{in: ",5", key: "parse.not_number"},
		{in: "5%", key: "parse.not_number"},
		{in: "٥", key: "parse.not_number"}, // only ASCII digits
		{in: "5.98", key: "parse.bad_grouping"},
		{in: "5.9890", key: "parse.bad_grouping"},
		{in: "1.5", key: "parse.bad_grouping"},
		{in: "1234.567", key: "parse.bad_grouping"},
		{in: "0.500", key: "parse.bad_grouping"},
		{in: ".500", key: "parse.bad_grouping"},
		{in: "5.", key: "parse.bad_grouping"},
		{in: "1..234", key: "parse.bad_grouping"},
		{in: "1.234 567", key: "parse.bad_grouping"},
		{in: "12 34", key: "parse.bad_grouping"},
		{in: "5  989", key: "parse.bad_grouping"},
		{in: "1.234,5,6", key: "parse.two_decimals"},
		{in: "5,5,5", key: "parse.two_decimals"},
		{in: "5,989.0", key: "parse.group_after_decimal"},
		{in: "1,234.567", key: "parse.group_after_decimal"},
		{in: "0,123 456", key: "parse.group_after_decimal"},
		{in: "5,989", key: "parse.ambiguous"},
		{in: "-5,989", key: "parse.ambiguous"},
		{in: "1,500", key: "parse.ambiguous"},
		{in: "999,999", key: "parse.ambiguous"},
		{in: "1" + strings.Repeat("0", 400), key: "parse.too_large"},
	},
	EN: {
		{in: "5,989.0", want: 5989},
		{in: "5989", want: 5989},
		{in: "5989.5", want: 5989.5},
		{in: "1,234,567", want: 1234567},
		{in: "1,234,567.891", want: 1234567.891},
		{in: "0.5", want: 0.5},
		{in: "-3", want: -3},
		{in: "+3", want: 3},
		{in: "5 989", want: 5989},
		{in: "5\u00a0989.5", want: 5989.5},
		{in: "5,989", want: 5989},
		{in: "1.5", want: 1.5},
		{in: "0.500", want: 0.5},
		{in: "1 234.567", want: 1234.567}, // grouped by spaces: the point can only be decimal

		{in: "", key: "parse.empty"},
		{in: "five", key: "parse.not_number"},
		{in: "5.", key: "parse.not_number"},
		{in: ".5", key: "parse.not_number"},
		{in: "5,98", key: "parse.bad_grouping"},
		{in: "0,500", key: "parse.bad_grouping"},
		{in: "1,234 567", key: "parse.bad_grouping"},
		{in: "1.2.3", key: "parse.two_decimals"},
		{in: "1.234.567", key: "parse.two_decimals"},
		{in: "5.989,0", key: "parse.group_after_decimal"},
		{in: "5.989", key: "parse.ambiguous"},
		{in: "1.500", key: "parse.ambiguous"},
	},
}

func TestParseNumber(t *testing.T) {
	for lang, cases := range numberCases {
		for _, c := range cases {
			got, err := ParseNumber(lang, c.in)
			checkResult(t, lang, "ParseNumber", c.in, got, c.want, err, c.key)
		}
	}
}

// checkResult fails t unless (got, err) is c.want without error, or an
// *Error with key that renders completely in every language.
func checkResult[T comparable](t *testing.T, lang Lang, fn, in string, got, want T, err error, key string) {
	t.Helper()
	if key == "" {
		if err != nil || got != want {
			t.Errorf("%s(%s, %q) = %v, %v; want %v", fn, lang, in, got, err, want)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s(%s, %q) = %v, %v; want *Error %s", fn, lang, in, got, err, key)
		return
	}
	if e.Key != key {
		t.Errorf("%s(%s, %q): error %s; want %s", fn, lang, in, e.Key, key)
	}
	checkRenders(t, e)
}

var unfilled = regexp.MustCompile(`\{[a-z_]+\}|^\[`)

// checkRenders fails t when e's message is missing in a language or keeps a
// placeholder that no argument filled.
func checkRenders(t *testing.T, e *Error) {
	t.Helper()
	for _, l := range Langs {
		msg := e.Render(For(l))
		if !Has(l, e.Key) || msg == "" || unfilled.MatchString(msg) {
			t.Errorf("%s renders in %s as %q", e.Key, l, msg)
		}
	}
}

func TestParseAmbiguousOffersBothReadings(t *testing.T) {
	for _, c := range []struct {
		lang      Lang
		in, wants string
	}{
		{VI, "5,989", "5989 hoặc 5.989; nếu là số thập phân, vui lòng viết 5,9890"},
		{EN, "5.989", "5989 or 5,989; if you mean a decimal, please write 5.9890"},
		{VI, "-1,500", "-1500 hoặc -1.500; nếu là số thập phân, vui lòng viết -1,5000"},
	} {
		_, err := ParseNumber(c.lang, c.in)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("ParseNumber(%s, %q) = %v; want an *Error", c.lang, c.in, err)
		}
		msg := e.Render(For(c.lang))
		if !strings.Contains(msg, c.wants) {
			t.Errorf("ParseNumber(%s, %q): %q does not contain %q", c.lang, c.in, msg, c.wants)
		}
		// Both offered spellings must be accepted, with the two meanings.
		for _, alt := range []string{e.Args[3].(string), e.Args[5].(string), e.Args[7].(string)} {
			if _, err := ParseNumber(c.lang, alt); err != nil {
				t.Errorf("suggested %q is refused: %v", alt, err)
			}
		}
	}
}

func TestParseInteger(t *testing.T) {
	cases := map[Lang][]struct {
		in   string
		want int64
		key  string
	}{
		VI: {
			{in: "25", want: 25},
			{in: "1.234", want: 1234},
			{in: "301", want: 301},
			{in: "-7", want: -7},
			{in: "2,0", want: 2},
			{in: "2,000", want: 0, key: "parse.ambiguous"},
			{in: "0", want: 0},
			{in: "-0", want: 0},
			{in: "9.007.199.254.740.993", want: 9007199254740993}, // beyond float64's integers
			{in: "9.223.372.036.854.775.807", want: math.MaxInt64},
			{in: "-9.223.372.036.854.775.808", want: math.MinInt64},
			{in: "9.223.372.036.854.775.808", key: "parse.too_large"},
			{in: "2,5", key: "parse.not_integer"},
			{in: "0,1", key: "parse.not_integer"},
			{in: "1.5", key: "parse.bad_grouping"},
			{in: "hai", key: "parse.not_number"},
			{in: "", key: "parse.empty"},
		},
		EN: {
			{in: "25", want: 25},
			{in: "1,234", want: 1234},
			{in: "2.0", want: 2},
			{in: "2.5", key: "parse.not_integer"},
			{in: "1.234", key: "parse.ambiguous"},
		},
	}
	for lang, cs := range cases {
		for _, c := range cs {
			got, err := ParseInteger(lang, c.in)
			checkResult(t, lang, "ParseInteger", c.in, got, c.want, err, c.key)
		}
	}
}

func TestParsePercent(t *testing.T) {
	cases := map[Lang][]numCase{
		VI: {
			{in: "54,2%", want: 54.2},
			{in: "54,2 %", want: 54.2},
			{in: "54,2", want: 54.2},
			{in: " 2,3% ", want: 2.3},
			{in: "100%", want: 100},
			{in: "54,2％", want: 54.2},
			{in: "%", key: "parse.empty"},
			{in: "", key: "parse.empty"},
			{in: "54,2%%", key: "parse.not_number"},
			{in: "%54", key: "parse.not_number"},
			{in: "54.2%", key: "parse.bad_grouping"},
			{in: "5,989%", key: "parse.ambiguous"},
		},
		EN: {
			{in: "54.2%", want: 54.2},
			{in: "54.2 %", want: 54.2},
			{in: "54.2", want: 54.2},
			{in: "54,2%", key: "parse.bad_grouping"},
		},
	}
	for lang, cs := range cases {
		for _, c := range cs {
			got, err := ParsePercent(lang, c.in)
			checkResult(t, lang, "ParsePercent", c.in, got, c.want, err, c.key)
		}
	}
}

// TestRoundTrip formats values with FormatNumber and reads them back: the
// result must be the written decimal (checked against strconv on the same
// text with the marks removed) and within half a unit of the last decimal
// of v. The one form that does not come back is three decimals on a number
// from 1 to 999 ("5,989" in Vietnamese): it is exactly what the ambiguity
// rule refuses, because an English-habit writer means 5989 by it. The test
// requires the refusal there (so the rule cannot silently weaken or widen)
// and that the same value written with four decimals comes back.
func TestRoundTrip(t *testing.T) {
	values := []float64{0, 1, -1, 0.5, 2.3, 5.989, 54.2, 100, 301, 999.999, 1000, 5989,
		5989.5, 11041, 1234567.891, -1234567.891, 0.001, 0.999, 1e15, 123456789012.5,
		-0.0004, 12.25, 1.005, 9007199254740992, 1e21}
	for i := 0; i < 200; i++ { // a spread of magnitudes and digits
		values = append(values, math.Pow(1.37, float64(i-100))*float64(i%7+1))
	}
	for _, lang := range Langs {
		group, dec := separators(lang)
		plain := strings.NewReplacer(string(group), "", string(dec), ".")
		for _, v := range values {
			for d := 0; d <= 6; d++ {
				s := FormatNumber(lang, v, d)
				want, _ := strconv.ParseFloat(plain.Replace(s), 64)
				if math.Abs(want-v) > 0.5*math.Pow10(-d)+math.Abs(v)*1e-15 {
					t.Errorf("%s: %v with %d decimals is %q, too far", lang, v, d, s)
				}
				got, err := ParseNumber(lang, s)
				if ambiguousForm(want, d) {
					var e *Error
					if !errors.As(err, &e) || e.Key != "parse.ambiguous" {
						t.Errorf("%s: %q (%v, %d decimals) = %v, %v; want parse.ambiguous", lang, s, v, d, got, err)
					}
					s = FormatNumber(lang, v, 4)
					want, _ = strconv.ParseFloat(plain.Replace(s), 64)
					got, err = ParseNumber(lang, s)
				}
				if err != nil || got != want {
					t.Errorf("%s: %q (%v, %d decimals) = %v, %v; want %v", lang, s, v, d, got, err, want)
				}
			}
		}
	}
}

// ambiguousForm reports whether v written with d decimals is the refused
// form: 1–3 digits, the decimal mark, three digits.
func ambiguousForm(v float64, d int) bool {
	return d == 3 && math.Abs(v) >= 1 && math.Abs(v) < 1000
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Bỏ qua":                 "bo qua",
		"BỎ QUA":                 "bo qua",
		"bo qua":                 "bo qua",
		"Hủy":                    "huy",
		"Đồng":                   "dong",
		"đ":                      "d",
		"Tiếng Việt":             "tieng viet",
		"Thị trấn Bằng Lũng":     "thi tran bang lung",
		"Ngọc Phái, Yên Thượng":  "ngoc phai, yen thuong",
		"tỷ tỉ triệu nghìn ngàn": "ty ti trieu nghin ngan",
		"ăâêôơưÀÁẢÃẠ":            "aaeoouaaaaa",
		"Bo\u0309 qua":           "bo qua", // decomposed: o + combining hook above
		"tie\u0302\u0301ng":      "tieng",  // e + circumflex + acute
		"u\u031b\u0300":          "u",      // decomposed ừ
		"/BaoCao 5.989,0":        "/baocao 5.989,0",
		"":                       "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
}
