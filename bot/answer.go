package bot

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbot/i18n"
)

// defaultMaxLen bounds text answers when the form does not.
const defaultMaxLen = 2000

// parseAnswer validates an input against a field and returns the value to
// store, or an error whose message the member can act on.
func (v view) parseAnswer(f *Field, in input) (Value, error) {
	if f.Type == FieldPhoto {
		if in.kind != inPhoto {
			return Value{}, i18n.Errorf("answer.want_photo")
		}
		return Value{Text: in.text}, nil
	}
	if f.Type == FieldLocation {
		return v.parseLocation(in)
	}
	if in.kind == inPhoto {
		return Value{}, i18n.Errorf("answer.want_text")
	}
	if in.kind == inLocation {
		return Value{}, i18n.Errorf("location.not_asked")
	}
	lang := v.p.Lang()
	switch f.Type {
	case FieldSelect, FieldYesNo:
		return v.parseChoice(f, in)
	case FieldText:
		return parseText(f, in.text)
	case FieldDate:
		d, err := i18n.ParseDate(in.text, v.loc)
		if err != nil {
			return Value{}, err
		}
		return Value{Text: d.Format(time.DateOnly)}, nil
	}
	var n float64
	var err error
	switch f.Type {
	case FieldInteger:
		var k int64
		k, err = i18n.ParseInteger(lang, in.text)
		n = float64(k)
	case FieldMoney:
		n, err = v.parseMoney(f, in.text)
	case FieldPercent:
		n, err = i18n.ParsePercent(lang, in.text)
	default:
		n, err = i18n.ParseNumber(lang, in.text)
	}
	if err != nil {
		return Value{}, err
	}
	if math.Abs(n) > maxExact || f.Type == FieldMoney && math.Abs(n)*f.scale() > maxMoney {
		// Beyond what a commune reports (or what float64 holds exactly): most
		// likely đồng typed into a field counted in millions.
		return Value{}, i18n.Errorf("answer.implausible", "value", strings.TrimSpace(in.text))
	}
	return Value{Num: n}, v.checkRange(f, n)
}

// Limits on figures: whole numbers stay exact in float64 below 2^53, and no
// commune reports 1.000 tỷ đồng.
const (
	maxExact = 1 << 53
	maxMoney = 1e12
)

// checkRange applies the field's min and max.
func (v view) checkRange(f *Field, n float64) error {
	switch {
	case math.IsNaN(n) || math.IsInf(n, 0):
		return i18n.Errorf("answer.not_number")
	case f.Min != nil && n < *f.Min:
		return i18n.Errorf("answer.below_min", "min", v.formatNumber(f, *f.Min))
	case f.Max != nil && n > *f.Max:
		return i18n.Errorf("answer.above_max", "max", v.formatNumber(f, *f.Max))
	}
	return nil
}

// parseText checks a free-text answer.
func parseText(f *Field, s string) (Value, error) {
	s = strings.TrimSpace(s)
	max := f.MaxLen
	if max <= 0 {
		max = defaultMaxLen
	}
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return Value{}, i18n.Errorf("answer.empty")
	case n > max:
		return Value{}, i18n.Errorf("answer.too_long", "max", max, "n", n)
	}
	return Value{Text: s}, nil
}

// parseChoice reads a choice by number or by its label, accents optional.
func (v view) parseChoice(f *Field, in input) (Value, error) {
	ids := f.choiceIDs()
	labels := v.choiceLabels(f)
	if n, ok := in.choice(); ok {
		if n >= 1 && n <= len(ids) {
			return Value{Text: ids[n-1]}, nil
		}
		return Value{}, i18n.Errorf("choose.range", "max", len(ids))
	}
	typed := i18n.Fold(strings.TrimSpace(in.text))
	for i, id := range ids {
		if typed == i18n.Fold(labels[i]) || typed == id || f.Type == FieldYesNo && yesNoWord(typed) == id {
			return Value{Text: id}, nil
		}
	}
	if i, ok := labelByPrefix(labels, typed); ok {
		return Value{Text: ids[i]}, nil
	}
	return Value{}, i18n.Errorf("choose.range", "max", len(ids))
}

// yesNoWord maps the usual short answers to "yes" and "no".
func yesNoWord(folded string) string {
	switch folded {
	case "co", "c", "yes", "y", "dung", "roi", "da":
		return "yes"
	case "khong", "k", "ko", "no", "n", "chua":
		return "no"
	}
	return ""
}

// choiceIDs lists a choice field's option IDs; yes/no fields have two.
func (f *Field) choiceIDs() []string {
	if f.Type == FieldYesNo {
		return []string{"yes", "no"}
	}
	ids := make([]string, len(f.Choices))
	for i, c := range f.Choices {
		ids[i] = c.ID
	}
	return ids
}

// choiceLabels lists the options of a choice or yes/no field in the view's language.
func (v view) choiceLabels(f *Field) []string {
	switch f.Type {
	case FieldYesNo:
		return []string{v.p.T("answer.yes"), v.p.T("answer.no")}
	case FieldSelect:
		out := make([]string, len(f.Choices))
		for i, c := range f.Choices {
			out[i] = c.Label.In(v.p.Lang())
		}
		return out
	}
	return nil
}

// scale is how many đồng one unit of a money field is.
func (f *Field) scale() float64 {
	if f.Scale > 0 {
		return f.Scale
	}
	return 1e6
}

// target is unit's target or plan for f, if it has one.
func (v view) target(unit string, f *Field) (float64, bool) {
	if !f.Target {
		return 0, false
	}
	u, ok := v.cfg.Unit(unit)
	if !ok {
		return 0, false
	}
	tgt, ok := u.Targets[f.ID]
	return tgt, ok && tgt > 0
}

// formatNumber writes a number of field f with its unit: "600,0 triệu đồng".
func (v view) formatNumber(f *Field, n float64) string {
	var s string
	switch f.Type {
	case FieldInteger:
		s = v.p.Int(int64(math.Round(n)))
	case FieldMoney:
		s = v.p.Num(n, 1)
	case FieldPercent:
		return v.p.Percent(n)
	default:
		s = v.p.Auto(n)
	}
	if u := v.p.UnitWord(f.Unit.In(v.p.Lang()), n); u != "" {
		s += " " + u
	}
	return s
}

// formatValue writes a stored answer for people.
func (v view) formatValue(f *Field, val Value) string {
	switch f.Type {
	case FieldSelect, FieldYesNo:
		for i, id := range f.choiceIDs() {
			if id == val.Text {
				return v.choiceLabels(f)[i]
			}
		}
		return val.Text
	case FieldDate:
		if d, err := time.Parse(time.DateOnly, val.Text); err == nil {
			return v.p.Date(d)
		}
		return val.Text
	case FieldPhoto:
		return v.formatPhotos(val)
	case FieldLocation:
		return v.formatLocation(val)
	case FieldText:
		return val.Text
	}
	return v.formatNumber(f, val.Num)
}

// example is the "for example" line shown after a refused answer.
func (v view) example(f *Field) string {
	return v.p.T("example." + string(f.Type))
}
