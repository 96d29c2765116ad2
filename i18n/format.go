package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// separators returns the thousands-group mark and the decimal mark of lang:
// Vietnamese writes 5.989,0; English 5,989.0.
func separators(lang Lang) (group, decimal byte) {
	if lang == EN {
		return ',', '.'
	}
	return '.', ','
}

// FormatNumber writes v with the given number of decimals, grouped the
// language's way: FormatNumber(VI, 5989, 1) = "5.989,0". Halves round away
// from zero, as people round by hand: 12.25 with one decimal is "12,3" (see
// roundHalfUp). A value that rounds to zero is written without a sign;
// infinities and NaN (which no figure should be) are written "∞", "-∞" and
// "NaN". Negative decimals write as many as v needs.
func FormatNumber(lang Lang, v float64, decimals int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	s := roundHalfUp(strconv.FormatFloat(math.Abs(v), 'f', -1, 64), decimals)
	return groupDigits(lang, v < 0 && strings.Trim(s, "0.") != "", s)
}

// roundHalfUp rounds the unsigned decimal s to d decimals, a half going up.
// It rounds the shortest decimal that reads back as the float, not the
// float's exact binary value, so that 12.25 (exact in binary) becomes 12.3
// rather than strconv's 12.2 (half to even), and 1.005 (really
// 1.00499999999999989…) becomes 1.01, as the person who typed 1,005 expects.
func roundHalfUp(s string, d int) string {
	if d < 0 {
		return s
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) <= d {
		frac += strings.Repeat("0", d-len(frac))
	} else {
		up := frac[d] >= '5'
		digits := []byte(whole + frac[:d])
		for i := len(digits) - 1; up && i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
			} else {
				digits[i]++
				up = false
			}
		}
		if up {
			digits = append([]byte{'1'}, digits...)
		}
		whole, frac = string(digits[:len(digits)-d]), string(digits[len(digits)-d:])
	}
	if d == 0 {
		return whole
	}
	return whole + "." + frac
}

// groupDigits writes the unsigned decimal s ("1234.5") with lang's marks.
func groupDigits(lang Lang, neg bool, s string) string {
	group, dec := separators(lang)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// Int writes n grouped the printer's way: "1.234". It does not go through
// float64, which would round integers beyond 2⁵³.
func (p *Printer) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	unsigned, neg := strings.CutPrefix(s, "-")
	return groupDigits(p.lang, neg, unsigned)
}

// Num writes v with decimals digits after the mark: "5.989,0".
func (p *Printer) Num(v float64, decimals int) string { return FormatNumber(p.lang, v, decimals) }

// Auto writes v with as many decimals as it needs, up to three: "25", "1,5".
func (p *Printer) Auto(v float64) string {
	s := FormatNumber(p.lang, v, 3)
	_, dec := separators(p.lang)
	if strings.IndexByte(s, dec) >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, string(dec))
	}
	return s
}

// Percent writes a ratio given in percent with one decimal, as Vietnamese
// reports do ("54,2%", "83,0%"); a ratio that is exactly whole drops the
// decimal ("100%"), so a rounded 82,99 still shows as "83,0%".
func (p *Printer) Percent(pct float64) string {
	if pct == math.Trunc(pct) && !math.IsInf(pct, 0) {
		return FormatNumber(p.lang, pct, 0) + "%"
	}
	return FormatNumber(p.lang, pct, 1) + "%"
}

// Date writes t as dd/mm/yyyy.
func (p *Printer) Date(t time.Time) string { return t.Format("02/01/2006") }

// DayMonth writes t as dd/mm.
func (p *Printer) DayMonth(t time.Time) string { return t.Format("02/01") }

// DateTime writes t as dd/mm/yyyy hh:mm.
func (p *Printer) DateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }
