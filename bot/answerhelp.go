package bot

import (
	"strings"
	"unicode"

	"fieldbot/i18n"
)

// parseMoney reads a money answer. In Vietnamese a point groups thousands,
// but a phone keyboard offers only the point: "350.5", which cannot be
// thousands (three digits must follow a grouping point), is read as 350,5
// when it would otherwise be refused.
func (v view) parseMoney(f *Field, s string) (float64, error) {
	n, err := i18n.ParseMoney(v.p.Lang(), s, f.scale())
	if err == nil || v.p.Lang() != i18n.VI {
		return n, err
	}
	alt, ok := pointAsDecimal(s)
	if !ok {
		return n, err
	}
	if m, err2 := i18n.ParseMoney(v.p.Lang(), alt, f.scale()); err2 == nil {
		return m, nil
	}
	return n, err
}

// pointAsDecimal rewrites the one point of s as a decimal comma, when s has
// one point, no comma, and a run of digits on each side of the point whose
// right-hand run is not three digits long (so it cannot group thousands).
func pointAsDecimal(s string) (string, bool) {
	if strings.Count(s, ".") != 1 || strings.Contains(s, ",") {
		return "", false
	}
	i := strings.IndexByte(s, '.')
	before, after := s[:i], s[i+1:]
	lead := len(before) - len(strings.TrimRightFunc(before, unicode.IsDigit))
	tail := len(after) - len(strings.TrimLeftFunc(after, unicode.IsDigit))
	if lead == 0 || tail == 0 || tail == 3 {
		return "", false
	}
	return before + "," + after, true
}

// readAs is the note that tells the member how a money answer with a
// point was read ("Đã hiểu “350.5” là 350,5 triệu đồng"), so a misreading
// is caught at once (the review shows the same value); "" when the answer
// was read as typed.
func (t *turn) readAs(f *Field, in input, val Value) string {
	if f.Type != FieldMoney || in.kind != inText || t.p.Lang() != i18n.VI {
		return ""
	}
	if _, err := i18n.ParseMoney(t.p.Lang(), in.text, f.scale()); err == nil {
		return ""
	}
	return t.p.T("answer.read_as", "input", strings.TrimSpace(in.text), "value", t.view().formatNumber(f, val.Num))
}

// fieldHelp is the question's help line. Asked again below a refusal that gave
// an example, it stops where its own example begins ("Số lũy kế từ đầu
// năm. Ví dụ: 350,5" becomes "Số lũy kế từ đầu năm."), so one example is
// read, not two or three.
func (t *turn) fieldHelp(f *Field) string {
	h := f.Help.In(t.p.Lang())
	if !t.refused {
		return h
	}
	lower, mark := strings.ToLower(h), t.p.T("answer.example_mark")
	if len(lower) != len(h) { // a letter whose cases differ in length: exact case only
		lower = h
	}
	if i := strings.Index(lower, mark); i >= 0 {
		h = h[:i]
	}
	return strings.TrimSpace(h)
}

// labelByPrefix finds the one label that the folded text typed begins
// ("cham" for "Chậm tiến độ"); two or more labels beginning so, or fewer
// than two letters typed, find none.
func labelByPrefix(labels []string, typed string) (int, bool) {
	if len([]rune(typed)) < 2 {
		return 0, false
	}
	found := -1
	for i, l := range labels {
		if strings.HasPrefix(i18n.Fold(l), typed) {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return found, found >= 0
}
