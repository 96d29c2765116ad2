package bot

import (
	"strconv"
	"strings"
)

// quickForm answers /mau [unit]: how to write a quick entry for a unit, its
// codes, and, as a message of its own to copy, the lines to fill in. With
// no unit named it shows the member's first unit and says how to ask for
// another.
func (t *turn) quickForm(arg string) error {
	if !t.member.Can(ActReport) {
		t.say(t.p.T("report.no_units"))
		return nil
	}
	unit := t.member.Units[0]
	if arg != "" {
		code, other := t.quickUnit(arg)
		switch {
		case code != "":
			unit = code
		case other != "":
			t.say(t.p.T("quick.unit_not_yours", "unit", t.view().unitName(other)))
			return nil
		default:
			t.say(t.p.T("report.unit_unknown", "unit", arg))
			return nil
		}
	}
	v, lang := t.view(), t.p.Lang()
	codes := t.e.cfg.Form.QuickCodes()
	var example []string
	list := []string{t.p.T("quick.form_codes")}
	fill := []string{t.p.T("quick.command") + " " + v.unitName(unit)}
	var photos []string
	for _, i := range t.applicableTo(unit) {
		f := &t.e.cfg.Form.Fields[i]
		if f.Type == FieldPhoto {
			photos = append(photos, f.Label.In(lang))
			continue
		}
		line := codes[i] + " — " + f.Label.In(lang)
		if labels := v.choiceLabels(f); len(labels) > 0 {
			for n := range labels {
				labels[n] = strconv.Itoa(n+1) + " " + labels[n]
			}
			line += " (" + strings.Join(labels, ", ") + ")"
		}
		if !f.Required {
			line += " " + t.p.T("quick.optional")
		}
		list = append(list, line)
		fill = append(fill, f.Label.In(lang)+": ")
		example = append(example, codes[i]+" "+t.quickSample(f))
	}
	ex := t.p.T("quick.command") + " " + unit + " " + strings.Join(example, "; ")
	lines := []string{t.p.T("quick.form_title", "unit", v.unitName(unit)), t.p.T("quick.form_how"), ex, ""}
	lines = append(lines, list...)
	if len(photos) > 0 {
		lines = append(lines, "", t.p.T("quick.form_photo", "fields", strings.Join(photos, "; ")))
	}
	if arg == "" && len(t.member.Units) > 1 {
		lines = append(lines, "", t.p.T("quick.form_other", "unit", t.member.Units[1]))
	}
	lines = append(lines, "", t.p.T("quick.form_labels"))
	t.say(strings.Join(lines, "\n"))
	t.say(strings.Join(fill, "\n"))
	return nil
}

// quickSample is a value of f's type for the example line.
func (t *turn) quickSample(f *Field) string {
	switch f.Type {
	case FieldMoney:
		return t.p.T("quick.sample_money")
	case FieldDecimal, FieldPercent:
		return t.p.T("quick.sample_decimal")
	case FieldSelect, FieldYesNo:
		return "1"
	case FieldDate:
		return t.p.T("quick.sample_date")
	case FieldText:
		return t.p.T("quick.sample_text")
	case FieldLocation: // as map apps copy it: no ";", which would end the part
		return t.p.T("quick.sample_location")
	}
	return t.p.T("quick.sample_integer")
}
