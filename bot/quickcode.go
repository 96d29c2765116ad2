package bot

import (
	"strings"
	"unicode"

	"fieldbot/i18n"
)

// QuickCodes returns each field's quick-entry code, in form order: the code
// the configuration declares, or else one derived from the ID, the first
// letter and the digits of each part (households_escaped → he, p3_projects →
// p3p), or else, when that is taken by another field, the ID itself.
func (f *Form) QuickCodes() []string {
	taken := map[string]bool{}
	for _, fl := range f.Fields {
		taken[fl.ID] = true
		if fl.Code != "" {
			taken[fl.Code] = true
		}
	}
	out := make([]string, len(f.Fields))
	for i, fl := range f.Fields {
		switch d := derivedCode(fl.ID); {
		case fl.Code != "":
			out[i] = fl.Code
		case d != "" && !taken[d]:
			out[i], taken[d] = d, true
		default:
			out[i] = fl.ID
		}
	}
	return out
}

// derivedCode is the first letter and the digits of each part of id.
func derivedCode(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '_' || r == '-' }) {
		for i, r := range part {
			if i == 0 || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// codeIndex maps each field's code and ID, folded, to the field's index.
func (f *Form) codeIndex() map[string]int {
	m := make(map[string]int, 2*len(f.Fields))
	for i, c := range f.QuickCodes() {
		m[i18n.Fold(f.Fields[i].ID)] = i
		m[i18n.Fold(c)] = i
	}
	return m
}
