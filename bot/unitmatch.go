package bot

import (
	"strings"
	"unicode"

	"fieldbot/i18n"
)

// unitWords are the words for a kind of unit that people put before or
// after its name, or leave out: "Xã Bản Thi", "TT Bằng Lũng", "Bản Thi
// commune". They are folded, so "thị trấn" is "thi tran".
var (
	unitPrefixes = []string{"thi tran", "thi xa", "phuong", "xa", "tt", "tx", "p", "x"}
	unitSuffixes = []string{"commune", "town", "ward"}
)

// unitKey reduces a unit's name or code, as typed, to what identifies it:
// folded, punctuation and hyphens as spaces, without the kind of unit.
// "TT Bằng Lũng", "bang-lung" and "Thị trấn Bằng Lũng" all give "bang lung".
func unitKey(s string) string {
	words := strings.FieldsFunc(i18n.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	k := strings.Join(words, " ")
	for _, p := range unitPrefixes {
		if rest, ok := strings.CutPrefix(k, p+" "); ok {
			k = rest
			break
		}
	}
	for _, suf := range unitSuffixes {
		if rest, ok := strings.CutSuffix(k, " "+suf); ok {
			k = rest
			break
		}
	}
	return k
}

// unitByKey finds the configured unit that typed names in any form: its
// code or its name in any language, with or without accents and the kind
// of unit. It gives "" when none does, or when two do.
func (c *Config) unitByKey(typed string) string {
	want := unitKey(typed)
	if want == "" {
		return ""
	}
	found := ""
	for _, u := range c.Units {
		keys := []string{unitKey(u.Code)}
		for _, name := range u.Name {
			keys = append(keys, unitKey(name))
		}
		for _, k := range keys {
			if k == want && found != u.Code {
				if found != "" {
					return "" // two units answer to it
				}
				found = u.Code
			}
		}
	}
	return found
}

// unitChoice is the choice number, among the member's units, of the unit
// typed in any form; ok is false when typed names none of them. other is the
// configured unit it names when that is not the member's.
func (t *turn) unitChoice(typed string) (n int, other string, ok bool) {
	code := t.e.cfg.unitByKey(typed)
	if code == "" {
		return 0, "", false
	}
	for i, c := range t.member.Units {
		if c == code {
			return i + 1, "", true
		}
	}
	return 0, code, false
}

// MatchUnit is the code of the configured unit that typed names, as the
// chat commands match it (code or name, any language, accents and the
// kind of unit optional); "" when none or two do.
func (c *Config) MatchUnit(typed string) string { return c.unitByKey(typed) }
