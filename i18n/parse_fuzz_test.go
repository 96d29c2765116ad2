package i18n

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParseNumber checks, for any text in both languages: no panic; a
// refusal is an *Error with a catalog key; an accepted number is finite and
// comes back unchanged when written with FormatNumber and read again; the
// two languages never accept the same text as two different numbers; and
// ParseInteger, ParsePercent and ParseMoney agree with ParseNumber where
// their inputs overlap.
func FuzzParseNumber(f *testing.F) {
	for _, cases := range numberCases {
		for _, c := range cases {
			f.Add(c.in)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := map[Lang]float64{}
		for _, lang := range Langs {
			v, err := ParseNumber(lang, s)
			if err != nil {
				checkFuzzError(t, err)
				continue
			}
			got[lang] = v
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseNumber(%s, %q) = %v", lang, s, v)
			}
			checkReformat(t, lang, s, v)
			if i, err := ParseInteger(lang, s); err == nil && float64(i) != v {
				t.Fatalf("%s %q: ParseInteger %d, ParseNumber %v", lang, s, i, v)
			}
			if !strings.ContainsAny(s, "%％") {
				if p, err := ParsePercent(lang, s); err != nil || p != v {
					t.Fatalf("%s %q: ParsePercent %v, %v; ParseNumber %v", lang, s, p, err, v)
				}
				if m, err := ParseMoney(lang, s, 1e6); err != nil || m != v {
					t.Fatalf("%s %q: ParseMoney %v, %v; ParseNumber %v", lang, s, m, err, v)
				}
			}
		}
		if vi, ok := got[VI]; ok {
			if en, ok := got[EN]; ok && vi != en {
				t.Fatalf("%q is %v in Vietnamese but %v in English", s, vi, en)
			}
		}
		if _, err := ParseInteger(VI, s); err == nil {
			if _, ok := got[VI]; !ok {
				t.Fatalf("%q: ParseInteger accepts what ParseNumber refuses", s)
			}
		}
	})
}

// checkReformat writes v back with as many decimals as it needs (four
// where three would be the ambiguous form) and requires the same value.
func checkReformat(t *testing.T, lang Lang, s string, v float64) {
	t.Helper()
	_, frac, _ := strings.Cut(strconv.FormatFloat(v, 'f', -1, 64), ".")
	d := len(frac)
	if ambiguousForm(v, d) {
		d = 4
	}
	out := FormatNumber(lang, v, d)
	back, err := ParseNumber(lang, out)
	if err != nil || back != v {
		t.Fatalf("%s: %q → %v → %q → %v, %v", lang, s, v, out, back, err)
	}
}

// checkFuzzError fails t unless err is an *Error whose key both catalogs hold.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	for _, l := range Langs {
		if !Has(l, e.Key) {
			t.Fatalf("error key %s missing in %s", e.Key, l)
		}
	}
}

// FuzzParseMoney checks that any text and scale give a finite amount or an
// *Error with a catalog key, and never panic.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"150 triệu", "1,5 tỷ", "1.5 billion", "350,5", "500 nghìn",
		"1.500.000.000 đồng", "1 tỷ 500 triệu", "2 tỷ rưỡi", "1tr5", "500kđ", "1 nghìn tỷ",
		"1 tỷ, 500 triệu", "150 tr.", "-3 triệu", "₫", "triệu", "1 tỷ 1500 triệu"} {
		f.Add(s, 1e6)
	}
	f.Add("150", 0.0)
	f.Add("1 tỷ", math.NaN())
	f.Add("1 tỷ", 1e-300)
	f.Fuzz(func(t *testing.T, s string, scale float64) {
		for _, lang := range Langs {
			v, err := ParseMoney(lang, s, scale)
			if err != nil {
				checkFuzzError(t, err)
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseMoney(%s, %q, %v) = %v", lang, s, scale, v)
			}
		}
	})
}

// FuzzParseDate checks that any text gives a date or an *Error with a
// catalog key, and that an accepted date printed and read again is the same.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"20/09/2020", "7/9/2020", "2020-09-20", "31/02/2020", "20/09/20", " 1 . 1 . 2000"} {
		f.Add(s)
	}
	loc := time.FixedZone("ICT", 7*3600)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, loc)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		again, err := ParseDate(For(VI).Date(d), loc)
		if err != nil || !again.Equal(d) || d.Hour() != 0 {
			t.Fatalf("%q → %v → %v, %v", s, d, again, err)
		}
	})
}
