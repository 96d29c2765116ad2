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
// language's way: FormatNumber(VI, 5989, 1) = "5.989,0".
func FormatNumber(lang Lang, v float64, decimals int) string {
	group, dec := separators(lang)
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
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

// Int writes n grouped the printer's way: "1.234".
func (p *Printer) Int(n int64) string { return FormatNumber(p.lang, float64(n), 0) }

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

// Percent writes a ratio given in percent with one decimal, dropping a zero
// decimal: "54,2%", "100%".
func (p *Printer) Percent(pct float64) string {
	s := FormatNumber(p.lang, pct, 1)
	_, dec := separators(p.lang)
	s = strings.TrimSuffix(s, string(dec)+"0")
	return s + "%"
}

// Date writes t as dd/mm/yyyy.
func (p *Printer) Date(t time.Time) string { return t.Format("02/01/2006") }

// DayMonth writes t as dd/mm.
func (p *Printer) DayMonth(t time.Time) string { return t.Format("02/01") }

// DateTime writes t as dd/mm/yyyy hh:mm.
func (p *Printer) DateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }
