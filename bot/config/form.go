package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
)

// fieldTypes lists the known field types, in the order error messages give them.
var fieldTypes = []bot.FieldType{
	bot.FieldInteger, bot.FieldDecimal, bot.FieldMoney, bot.FieldPercent, bot.FieldText,
	bot.FieldSelect, bot.FieldYesNo, bot.FieldDate, bot.FieldPhoto, bot.FieldLocation,
}

// DefaultMoneyScale is how many đồng one unit of a money field is when the
// field does not say: one million, since plans are kept in "triệu đồng".
const DefaultMoneyScale = 1e6

// fieldKeys are the keys a form field may have.
var fieldKeys = []string{
	"id", "type", "label", "help", "unit", "required", "min", "max", "cumulative",
	"target", "only_with_target", "scale", "choices", "max_len", "rate_of", "code",
}

// form decodes the report form; field ids must be unique.
func (d *decoder) form(n *yaml.Node) bot.Form {
	var form bot.Form
	list := d.list(n, "form")
	if len(list) == 0 && deref(n).Kind == yaml.SequenceNode {
		d.problem(n.Line, "form", "", "config.form_empty")
	}
	seen := map[string]int{}
	var lines []int // line of each field kept
	for i, fn := range list {
		path := fmt.Sprintf("form[%d]", i)
		fld, line := d.field(fn, path)
		if fld.ID == "" {
			continue
		}
		if at := seen[fld.ID]; at != 0 {
			d.problem(line, path+".id", fld.ID, "config.dup_field", "line", at)
			continue
		}
		seen[fld.ID] = line
		form.Fields = append(form.Fields, fld)
		lines = append(lines, line)
	}
	d.codes(&form, lines)
	for i, fld := range form.Fields {
		if of, _, ok := form.Field(fld.RateOf); fld.RateOf != "" && (!ok || !of.Target || !of.Type.Numeric()) {
			d.problem(lines[i], fmt.Sprintf("form[%d].rate_of", i), fld.RateOf, "config.bad_rate_of")
		}
	}
	return form
}

// field decodes one question and returns it with the line of its id.
func (d *decoder) field(n *yaml.Node, path string) (bot.Field, int) {
	f := d.mapping(n, path, fieldKeys...)
	d.need(f, "id", "type", "label")
	fld := bot.Field{
		ID:       d.ident(f, "id", idPattern),
		Label:    d.text(f.get("label"), path+".label", false),
		Help:     d.text(f.get("help"), path+".help", false),
		Unit:     d.text(f.get("unit"), path+".unit", false),
		Required: d.boolean(f.get("required"), path+".required", true),
		Code:     d.ident(f, "code", idPattern),
	}
	// With a missing or unknown type every option is read without checking
	// that it suits the type, so one mistake gives one problem.
	lenient := true
	if f.has("type") {
		fld.Type = bot.FieldType(d.word(f.get("type"), path+".type"))
		lenient = !knownType(fld.Type)
		if fld.Type != "" && lenient {
			d.problem(f.at("type"), path+".type", string(fld.Type), "config.bad_field_type", "types", typeList())
		}
	}
	d.numberOptions(f, &fld, lenient)
	d.choiceOptions(f, &fld, lenient)
	if d.only(f, "rate_of", lenient || fld.Type == bot.FieldPercent, "percent") {
		fld.RateOf = d.word(f.get("rate_of"), path+".rate_of")
	}
	if d.only(f, "max_len", lenient || fld.Type == bot.FieldText, "text") {
		v, ok := d.integer(f.get("max_len"), path+".max_len")
		switch {
		case ok && v < 1:
			d.problem(f.at("max_len"), path+".max_len", "", "config.max_len_min")
		case ok:
			fld.MaxLen = v
		}
	}
	return fld, f.at("id")
}

// only reports key when it is given for a type that does not use it; it
// returns whether key is present and allowed.
func (d *decoder) only(f *fields, key string, ok bool, kinds any) bool {
	if !f.has(key) {
		return false
	}
	if !ok {
		d.problem(f.at(key), join(f.path, key), "", "config.only_kinds", "kinds", kinds, "key", key)
	}
	return ok
}

// numberOptions decodes min, max, scale, cumulative and the target flags.
func (d *decoder) numberOptions(f *fields, fld *bot.Field, lenient bool) {
	num := lenient || fld.Type.Numeric()
	numeric := msg("config.kind.numeric")
	for _, k := range []string{"min", "max"} {
		if d.only(f, k, num, numeric) {
			if v, ok := d.num(f.get(k), join(f.path, k)); ok {
				if k == "min" {
					fld.Min = &v
				} else {
					fld.Max = &v
				}
			}
		}
	}
	if fld.Min != nil && fld.Max != nil && *fld.Min > *fld.Max {
		d.problem(f.at("min"), join(f.path, "min"), "", "config.min_over_max", "min", format(*fld.Min), "max", format(*fld.Max))
	}
	fld.Cumulative = d.only(f, "cumulative", num, numeric) && d.boolean(f.get("cumulative"), join(f.path, "cumulative"), false)
	fld.Target = d.only(f, "target", num, numeric) && d.boolean(f.get("target"), join(f.path, "target"), false)
	fld.OnlyWithTarget = d.only(f, "only_with_target", num, numeric) &&
		d.boolean(f.get("only_with_target"), join(f.path, "only_with_target"), false)
	if fld.OnlyWithTarget && !fld.Target {
		d.problem(f.at("only_with_target"), join(f.path, "only_with_target"), "", "config.only_with_target")
		fld.Target = true // as meant, so the unit targets are not reported too
	}
	if fld.Type == bot.FieldMoney {
		fld.Scale = DefaultMoneyScale
	}
	if d.only(f, "scale", lenient || fld.Type == bot.FieldMoney, "money") {
		v, ok := d.num(f.get("scale"), join(f.path, "scale"))
		switch {
		case ok && v <= 0:
			d.problem(f.at("scale"), join(f.path, "scale"), "", "config.scale_positive")
		case ok:
			fld.Scale = v
		}
	}
}

// choiceOptions decodes the options of a choice field: at least two, ids unique.
func (d *decoder) choiceOptions(f *fields, fld *bot.Field, lenient bool) {
	isChoice := fld.Type == bot.FieldSelect
	if !d.only(f, "choices", lenient || isChoice, "choice") {
		if isChoice {
			d.problem(f.at("choices"), join(f.path, "choices"), "", "config.two_choices")
		}
		return
	}
	list := d.list(f.get("choices"), join(f.path, "choices"))
	if isChoice && len(list) < 2 && deref(f.get("choices")).Kind == yaml.SequenceNode {
		d.problem(f.at("choices"), join(f.path, "choices"), "", "config.two_choices")
	}
	seen := map[string]int{}
	for i, cn := range list {
		path := fmt.Sprintf("%s.choices[%d]", f.path, i)
		cf := d.mapping(cn, path, "id", "label")
		d.need(cf, "id", "label")
		c := bot.FieldChoice{ID: d.ident(cf, "id", idPattern), Label: d.text(cf.get("label"), path+".label", false)}
		if c.ID == "" {
			continue
		}
		if at := seen[c.ID]; at != 0 {
			d.problem(cf.at("id"), path+".id", c.ID, "config.dup_choice", "line", at)
			continue
		}
		seen[c.ID] = cf.at("id")
		fld.Choices = append(fld.Choices, c)
	}
}

// items decodes the program items; every field they name must be in the form.
func (d *decoder) items(n *yaml.Node, form *bot.Form) []bot.Item {
	var items []bot.Item
	seen := map[string]int{}
	for i, in := range d.list(n, "items") {
		path := fmt.Sprintf("items[%d]", i)
		f := d.mapping(in, path, "id", "label", "fields")
		d.need(f, "id", "label", "fields")
		it := bot.Item{ID: d.ident(f, "id", idPattern), Label: d.text(f.get("label"), path+".label", false)}
		if at := seen[it.ID]; at != 0 && it.ID != "" {
			d.problem(f.at("id"), path+".id", it.ID, "config.dup_item", "line", at)
		} else if it.ID != "" {
			seen[it.ID] = f.at("id")
		}
		entries := d.list(f.get("fields"), path+".fields")
		for j, fn := range entries {
			fpath := fmt.Sprintf("%s.fields[%d]", path, j)
			id := d.word(fn, fpath)
			switch _, _, ok := form.Field(id); {
			case id == "" || len(form.Fields) == 0: // reported already, or no form to check against
			case !ok:
				d.problem(fn.Line, fpath, id, "config.unknown_field", "hint", closest(id, fieldIDs(form)))
			case contains(it.Fields, id):
				d.problem(fn.Line, fpath, id, "config.listed_twice")
			default:
				it.Fields = append(it.Fields, id)
			}
		}
		if f.has("fields") && len(entries) == 0 && deref(f.get("fields")).Kind == yaml.SequenceNode {
			d.problem(f.at("fields"), path+".fields", "", "config.item_no_fields")
		}
		items = append(items, it)
	}
	return items
}

// fieldIDs lists the form's field ids, for suggestions.
func fieldIDs(form *bot.Form) []string {
	ids := make([]string, len(form.Fields))
	for i, f := range form.Fields {
		ids[i] = f.ID
	}
	return ids
}

// knownType reports whether t is a field type fieldbot can ask.
func knownType(t bot.FieldType) bool {
	for _, k := range fieldTypes {
		if k == t {
			return true
		}
	}
	return false
}

// typeList is "integer, decimal, …" for messages.
func typeList() string {
	s := make([]string, len(fieldTypes))
	for i, t := range fieldTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
