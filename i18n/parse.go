package i18n

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reading numbers never guesses. Vietnamese writes 5.989,5 and English
// 5,989.5, and officials switch between the two habits, so a number is read
// by the member's language and refused, with an example, whenever its marks
// do not follow that language's rules or the other habit would read the same
// text as a different number. Refusing costs one more message; a figure
// silently read a thousand times too large costs a wrong report.

// number is a written number reduced to its parts: sign, the digits before
// the decimal mark (group marks removed) and the digits after it.
type number struct {
	neg   bool
	whole string
	frac  string // "" when there is no decimal mark
}

// text is the number in the form strconv reads: "-1234.5".
func (n number) text() string {
	s := n.whole
	if n.frac != "" {
		s += "." + n.frac
	}
	if n.neg {
		s = "-" + s
	}
	return s
}

// integral reports whether the number has no non-zero digit after the mark.
func (n number) integral() bool { return strings.Trim(n.frac, "0") == "" }

// ParseNumber reads a number written in lang's convention: in Vietnamese
// "5.989,5" (a dot groups thousands, a comma marks the decimals), in English
// "5,989.5". Spaces may group thousands too ("5 989"); a leading + or - and
// surrounding spaces are allowed; the range is the caller's to check. Input
// that is not unambiguously a number in lang is refused with an *Error whose
// message shows an example in lang. Its key says why:
//
//   - parse.empty: nothing but spaces.
//   - parse.not_number: anything but digits, dots, commas and spaces, or a
//     decimal mark without digits on both sides ("5,", ",5").
//   - parse.bad_grouping: a group mark not followed by exactly three digits,
//     a first group that is not 1–3 digits or starts with 0 ("5.98", "0.500",
//     "1234.567" in Vietnamese), a trailing mark, or dots and spaces mixed
//     ("1.234 567", which may be two numbers).
//   - parse.two_decimals: a second decimal mark.
//   - parse.group_after_decimal: a group mark or space after the decimal mark
//     ("5,989.0" in Vietnamese).
//   - parse.ambiguous: no group mark, then 1–3 digits not starting with 0,
//     the decimal mark and exactly three digits ("5,989" in Vietnamese,
//     "5.989" in English), which the other habit reads as thousands. "0,500"
//     and "12345,678" are read (no habit groups them that way), and so is
//     "5.989" in Vietnamese: it is the language's own way of writing 5989.
//   - parse.too_large: beyond float64.
func ParseNumber(lang Lang, s string) (float64, error) {
	n, err := readNumber(lang, s)
	if err != nil {
		return 0, err
	}
	return n.float(s)
}

// ParseInteger reads a whole number written in lang's convention ("25",
// "1.234" in Vietnamese). A number with a non-zero decimal part is refused
// with parse.not_integer; "2,0" is 2.
func ParseInteger(lang Lang, s string) (int64, error) {
	n, err := readNumber(lang, s)
	if err != nil {
		return 0, err
	}
	if !n.integral() {
		return 0, refuse("parse.not_integer", s)
	}
	digits := strings.TrimLeft(n.whole, "0")
	if digits == "" {
		return 0, nil
	}
	if n.neg {
		digits = "-" + digits
	}
	v, perr := strconv.ParseInt(digits, 10, 64)
	if perr != nil {
		return 0, refuse("parse.too_large", s)
	}
	return v, nil
}

// ParsePercent reads a percentage written in lang's convention, with or
// without the sign: "54,2%", "54,2 %" and "54,2" are all 54.2 in Vietnamese.
func ParsePercent(lang Lang, s string) (float64, error) {
	t := strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(t, "%"); ok {
		t = p
	} else if p, ok := strings.CutSuffix(t, "％"); ok {
		t = p
	}
	n, err := readNumber(lang, t)
	if err != nil {
		return 0, err
	}
	return n.float(s)
}

// float converts n, refusing a number too large for float64. A number too
// small for it reads as zero, as any rounding does.
func (n number) float(input string) (float64, error) {
	v, err := strconv.ParseFloat(n.text(), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, refuse("parse.not_number", input) // unreachable: text is digits
	}
	if math.IsInf(v, 0) {
		return 0, refuse("parse.too_large", input)
	}
	return v, nil
}

// readNumber checks s against lang's rules and splits it into a number.
func readNumber(lang Lang, s string) (number, *Error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return number{}, Errorf("parse.empty")
	}
	var n number
	body := in
	switch {
	case strings.HasPrefix(body, "+"):
		body = body[1:]
	case strings.HasPrefix(body, "-"):
		n.neg, body = true, body[1:]
	case strings.HasPrefix(body, "−"): // U+2212, what some keyboards type
		n.neg, body = true, body[len("−"):]
	}
	body = strings.TrimLeft(body, " \u00a0") // "- 3"
	if !isNumeral(body) {
		return number{}, refuse("parse.not_number", in)
	}
	group, dec := separators(lang)
	whole, frac, hasDec := strings.Cut(body, string(dec))
	switch {
	case strings.IndexByte(frac, dec) >= 0:
		return number{}, refuse("parse.two_decimals", in)
	case strings.IndexFunc(frac, isGroupMark) >= 0:
		return number{}, refuse("parse.group_after_decimal", in)
	case hasDec && (frac == "" || whole == ""):
		return number{}, refuse("parse.not_number", in) // "5," or ",5": half a number
	}
	grouped := strings.IndexFunc(whole, isGroupMark) >= 0
	if grouped {
		digits, ok := ungroup(whole, group)
		if !ok {
			return number{}, refuse("parse.bad_grouping", in)
		}
		whole = digits
	}
	n.whole, n.frac = whole, frac
	if !grouped && len(frac) == 3 && len(whole) >= 1 && len(whole) <= 3 && whole[0] != '0' {
		return number{}, ambiguous(lang, in, n)
	}
	return n, nil
}

// isNumeral reports whether s holds at least one digit and nothing but
// digits, dots, commas and spaces.
func isNumeral(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r == '.' || r == ',' || isSpaceMark(r):
		default:
			return false
		}
	}
	return digit
}

// isSpaceMark reports whether r is a space that may group thousands: the
// plain, no-break, narrow no-break, thin and figure spaces.
func isSpaceMark(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\u2007':
		return true
	}
	return false
}

// isGroupMark reports whether r can separate thousands in some language.
func isGroupMark(r rune) bool { return r == '.' || r == ',' || isSpaceMark(r) }

// ungroup removes thousands marks from s: one kind of mark only (lang's mark
// or spaces, not both), a first group of 1–3 digits not starting with 0, then
// groups of exactly 3 digits. "1.234.567" → "1234567"; "5.98", "0.500",
// "1.234 567" are refused.
func ungroup(s string, group byte) (string, bool) {
	var kind rune
	var b strings.Builder
	groups := 0
	for s != "" {
		i := strings.IndexFunc(s, isGroupMark)
		g, rest := s, ""
		if i >= 0 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if isSpaceMark(r) {
				r = ' '
			}
			if r != ' ' && r != rune(group) || kind != 0 && r != kind {
				return "", false
			}
			kind = r
			g, rest = s[:i], s[i+size:]
			if rest == "" {
				return "", false // trailing mark: "5."
			}
		}
		if groups == 0 && (len(g) < 1 || len(g) > 3 || g[0] == '0') || groups > 0 && len(g) != 3 {
			return "", false
		}
		b.WriteString(g)
		groups++
		s = rest
	}
	return b.String(), true
}

// ambiguous is the refusal of "5,989" in Vietnamese or "5.989" in English:
// a lone decimal mark before exactly three digits, which the other habit
// reads as a thousands mark. The message offers both readings written
// unambiguously: 5989 (or 5.989) and 5,9890.
func ambiguous(lang Lang, in string, n number) *Error {
	thousands := n.whole + n.frac
	v, _ := strconv.ParseFloat(thousands, 64)
	dec := n.whole + "." + n.frac
	d, _ := strconv.ParseFloat(dec, 64)
	sign := ""
	if n.neg {
		sign, v, d = "-", -v, -d
	}
	return Errorf("parse.ambiguous",
		"input", quote(in),
		"whole", sign+thousands,
		"grouped", FormatNumber(lang, v, 0),
		"decimal", FormatNumber(lang, d, 4))
}

// refuse makes the Error for key about the input s.
func refuse(key, s string) *Error { return Errorf(key, "input", quote(s)) }

// quote shortens what a person typed for showing it back in a message.
func quote(s string) string {
	const max = 40
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
