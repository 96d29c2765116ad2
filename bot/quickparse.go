package bot

import (
	"strings"
	"unicode"

	"fieldbot/i18n"
)

// A quick entry is one message holding a report or part of it, in either
// form: codes ("/bc ban-thi hn 15; gn1 420,5; kk không") or labels, one per
// line ("Số hộ thoát nghèo: 15"). Parts are separated by ";" or new lines,
// never by ",", which is the decimal mark. The unit, in any form, may come
// first. This file only cuts the message into parts and finds the field each
// part names; the values are read by parseAnswer, as in the guided flow.

// quickLex is what a quick entry is read against.
type quickLex struct {
	codes  map[string]int // folded code or ID → field index
	labels []quickLabel   // the labels of the fields that may be answered
	unit   func(typed string) bool
}

// quickLabel is one field's label reduced to a key (labelKey), in one language.
type quickLabel struct {
	field int
	key   string
}

// quickItem is one part of a quick entry: what names the field and the
// value, as typed, and the field found (-1: none).
type quickItem struct {
	key, value string
	colon      bool  // written "key: value"
	field      int   // index into the form, or -1
	matches    []int // the fields an ambiguous label could be
}

// quickMsg is a quick entry cut into its parts.
type quickMsg struct {
	unit  string // the unit as typed; "" when not given
	items []quickItem
}

// newQuickLex builds the lexicon of form for the fields at idx (nil: all).
func newQuickLex(form *Form, idx []int, unit func(string) bool) quickLex {
	lx := quickLex{codes: form.codeIndex(), unit: unit}
	if idx == nil {
		for i := range form.Fields {
			idx = append(idx, i)
		}
	}
	for _, i := range idx {
		for _, l := range form.Fields[i].Label {
			if k := labelKey(l); k != "" {
				lx.labels = append(lx.labels, quickLabel{field: i, key: k})
			}
		}
	}
	return lx
}

// splitQuick cuts a message at ";" and line breaks, dropping empty parts.
func splitQuick(text string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// read cuts text into a quick entry: the unit, if the first part starts
// with one, then one item per part.
func (lx quickLex) read(text string) quickMsg {
	var msg quickMsg
	for i, part := range splitQuick(text) {
		if i == 0 {
			if unit, rest, ok := lx.leadingUnit(part); ok {
				msg.unit = unit
				if rest == "" {
					continue
				}
				part = rest
			}
		}
		msg.items = append(msg.items, lx.item(part))
	}
	return msg
}

// unitLabels are the words that may stand before a unit: "Đơn vị: Bản Thi".
var unitLabels = map[string]bool{"don vi": true, "unit": true}

// leadingUnit finds a unit at the start of part: the whole part, "Đơn vị:
// X", or words followed by a code ("bang lung hn 15"). It returns the unit
// as typed and the rest of the part.
func (lx quickLex) leadingUnit(part string) (unit, rest string, ok bool) {
	if lx.unit(part) {
		return part, "", true
	}
	if k, v, found := strings.Cut(part, ":"); found && unitLabels[labelKey(k)] && lx.unit(strings.TrimSpace(v)) {
		return strings.TrimSpace(v), "", true
	}
	starts := wordStarts(part)
	if len(starts) == 0 || lx.isCode(part[starts[0]:]) {
		return "", "", false
	}
	for _, at := range starts[1:] {
		head := strings.TrimSpace(part[:at])
		if lx.isCode(part[at:]) && (lx.unit(head) || !strings.Contains(part, ":")) {
			// The rest as typed: its spaces may be a number's. Words before
			// the first code that name no unit are still where the unit
			// goes ("/bc ban thii hn 15"): said as not found, not guessed.
			return head, part[at:], true
		}
	}
	return "", "", false
}

// isCode reports whether s starts with a code word ("hn 15", "hn=15").
func (lx quickLex) isCode(s string) bool {
	code, _ := codeWord(strings.Fields(s)[0])
	_, ok := lx.codes[i18n.Fold(code)]
	return ok
}

// wordStarts gives the byte offset of each word of s.
func wordStarts(s string) []int {
	var out []int
	prev := ' '
	for i, r := range s {
		if !unicode.IsSpace(r) && unicode.IsSpace(prev) {
			out = append(out, i)
		}
		prev = r
	}
	return out
}

// codeWord splits a first word "hn=15" or "hn:15" at its mark.
func codeWord(w string) (code, rest string) {
	if i := strings.IndexAny(w, "=:"); i >= 0 {
		return w[:i], w[i+1:]
	}
	return w, ""
}

// item reads one part: "label or code: value", else "code value".
func (lx quickLex) item(part string) quickItem {
	var first *quickItem // the part cut at its first colon, if nothing matches
	for i := 0; i < len(part); i++ {
		if part[i] != ':' {
			continue
		}
		key, val := strings.TrimSpace(part[:i]), strings.TrimSpace(part[i+1:])
		f, matches := lx.resolve(key)
		it := quickItem{key: key, value: val, colon: true, field: f, matches: matches}
		if f >= 0 {
			return it
		}
		if first == nil {
			first = &it
		}
	}
	word := part
	if i := strings.IndexFunc(part, unicode.IsSpace); i >= 0 {
		word = part[:i]
	}
	code, _ := codeWord(word)
	rest := part[len(word):]
	if len(code) < len(word) { // "hn=15": the value starts after the mark
		rest = part[len(code)+1:]
	}
	if f, ok := lx.codes[i18n.Fold(code)]; ok {
		return quickItem{key: code, value: strings.TrimSpace(rest), field: f}
	}
	if first != nil {
		return *first
	}
	return quickItem{key: word, value: strings.TrimSpace(part[len(word):]), field: -1}
}

// resolve finds the field key names: a code or ID; else the one label
// equal to it, or else starting with it, or else holding each of its words
// at the start of one of the label's words ("giải ngân ct135"), accents
// and case aside. Several labels that fit equally are returned as matches.
func (lx quickLex) resolve(key string) (int, []int) {
	if f, ok := lx.codes[i18n.Fold(strings.TrimSpace(key))]; ok {
		return f, nil
	}
	k := labelKey(key)
	if len([]rune(k)) < 3 {
		return -1, nil
	}
	for _, l := range lx.labels {
		if l.key == k {
			return l.field, nil
		}
	}
	typed := strings.Fields(k)
	for _, fits := range []func(quickLabel) bool{
		func(l quickLabel) bool { return strings.HasPrefix(l.key, k+" ") },
		func(l quickLabel) bool { return holdsWords(strings.Fields(l.key), typed) },
	} {
		var found []int
		for _, l := range lx.labels {
			if fits(l) && !containsInt(found, l.field) {
				found = append(found, l.field)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			return -1, found
		}
	}
	return -1, nil
}

// holdsWords reports whether each typed word starts some word of label.
func holdsWords(label, typed []string) bool {
	for _, w := range typed {
		ok := false
		for _, lw := range label {
			if strings.HasPrefix(lw, w) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return len(typed) > 0
}

// labelKey reduces a label to its words: folded, punctuation as spaces.
func labelKey(s string) string {
	return strings.Join(strings.FieldsFunc(i18n.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
