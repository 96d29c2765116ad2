package export

import (
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// kind is what a cell holds.
type kind int

const (
	empty  kind = iota // no answer
	number             // num
	text               // text
	flag               // yes (true) or no, in words for people and a JSON boolean
	moment             // at: a time, written in the area's zone
)

// cell is one value of the table, for people (CSV, XLSX) and for JSON.
type cell struct {
	kind kind
	num  float64
	text string
	yes  bool
	at   time.Time
	// id, when set, is the JSON value instead of text (a choice's ID).
	id string
}

// column is one column of the table: its JSON key, its header in the
// reader's language, and how its values are formatted in a workbook.
type column struct {
	key    string
	header string
	field  *bot.Field // the form field of an answer or a target column
	target bool       // the unit's target for field, not the answer
	value  func(r *bot.Report) cell
}

// table is the export laid out in lang: the columns, then a row per report.
type table struct {
	d    *Data
	p    *i18n.Printer
	cols []column
}

// newTable lays d out in lang: the context columns, each form field's
// answer, then the unit's target for each field that has one.
func newTable(d *Data, lang i18n.Lang) *table {
	t := &table{d: d, p: i18n.For(lang)}
	cfg, p := d.Config, t.p
	loc := cfg.Area.Location
	ctx := func(key string, v func(r *bot.Report) cell) {
		t.cols = append(t.cols, column{key: key, header: p.T("export.col." + key), value: v})
	}
	ctx("period", func(r *bot.Report) cell { return cell{kind: text, text: r.Period} })
	ctx("unit", func(r *bot.Report) cell { return cell{kind: text, text: r.Unit} })
	ctx("unit_name", func(r *bot.Report) cell {
		if u, ok := cfg.Unit(r.Unit); ok {
			return cell{kind: text, text: u.Name.In(lang)}
		}
		return cell{}
	})
	ctx("member", func(r *bot.Report) cell { return cell{kind: text, text: r.Member} })
	ctx("member_name", func(r *bot.Report) cell {
		if m, ok := cfg.Member(r.Member); ok {
			return cell{kind: text, text: m.Name}
		}
		return cell{}
	})
	ctx("channel", func(r *bot.Report) cell { return cell{kind: text, text: bot.ChannelName(p, r.Channel), id: r.Channel} })
	ctx("submitted_at", func(r *bot.Report) cell { return cell{kind: moment, at: r.At.In(loc)} })
	ctx("revision", func(r *bot.Report) cell { return cell{kind: number, num: float64(r.Seq)} })
	ctx("state", func(r *bot.Report) cell {
		s := d.State(r)
		if s == bot.StateSubmitted && !cfg.Review.Approval { // awaits no review
			return cell{kind: text, text: p.T("export.state.submitted"), id: s.String()}
		}
		return cell{kind: text, text: p.T(s.LabelKey()), id: s.String()}
	})
	ctx("late", func(r *bot.Report) cell { return cell{kind: flag, yes: r.Late} })
	for i := range cfg.Form.Fields {
		f := &cfg.Form.Fields[i]
		t.cols = append(t.cols, column{key: f.ID, header: t.fieldHeader(f), field: f,
			value: func(r *bot.Report) cell { return t.answer(f, r) }})
	}
	for i := range cfg.Form.Fields {
		f := &cfg.Form.Fields[i]
		if !t.hasTargets(f) {
			continue
		}
		t.cols = append(t.cols, column{key: f.ID, header: p.T("export.col.target", "field", t.fieldHeader(f)), field: f, target: true,
			value: func(r *bot.Report) cell {
				if u, ok := cfg.Unit(r.Unit); ok {
					if v, ok := u.Targets[f.ID]; ok {
						return cell{kind: number, num: v}
					}
				}
				return cell{}
			}})
	}
	return t
}

// hasTargets reports whether some unit has a target for f.
func (t *table) hasTargets(f *bot.Field) bool {
	for _, u := range t.d.Config.Units {
		if _, ok := u.Targets[f.ID]; ok {
			return true
		}
	}
	return false
}

// fieldHeader is a field's label and, for numbers and photos, its unit:
// "Số hộ thoát nghèo từ đầu năm (hộ)", "Tỷ lệ (%)".
func (t *table) fieldHeader(f *bot.Field) string {
	label := f.Label.In(t.p.Lang())
	unit := t.p.UnitWord(f.Unit.In(t.p.Lang()), 2)
	switch {
	case f.Type == bot.FieldPercent:
		unit = "%"
	case f.Type == bot.FieldPhoto:
		unit = t.p.T("export.unit.photos")
	case !f.Type.Numeric():
		unit = ""
	}
	if unit == "" {
		return label
	}
	return t.p.T("export.col.field", "label", label, "unit", unit)
}

// answer is the cell of r's answer to f: numbers as numbers in the field's
// unit, a choice by its label (its ID in JSON), yes or no, a date as
// YYYY-MM-DD, a text or a place as typed, photos as how many.
func (t *table) answer(f *bot.Field, r *bot.Report) cell {
	v, ok := r.Values[f.ID]
	if !ok {
		return cell{}
	}
	switch f.Type {
	case bot.FieldSelect:
		for _, c := range f.Choices {
			if c.ID == v.Text {
				return cell{kind: text, text: c.Label.In(t.p.Lang()), id: c.ID}
			}
		}
		return cell{kind: text, text: v.Text}
	case bot.FieldYesNo:
		switch v.Text {
		case "yes", "no":
			return cell{kind: flag, yes: v.Text == "yes"}
		}
		return cell{kind: text, text: v.Text}
	case bot.FieldPhoto:
		return cell{kind: number, num: float64(len(bot.PhotosOf(v)))}
	case bot.FieldText, bot.FieldLocation, bot.FieldDate:
		return cell{kind: text, text: v.Text}
	}
	return cell{kind: number, num: v.Num}
}

// words is a cell for people: numbers machine-readable (a point for the
// decimals, no grouping, as spreadsheets and scripts read them), yes or no
// in the reader's words, a time in ISO 8601 with its offset.
func (t *table) words(c cell) string {
	switch c.kind {
	case number:
		return plain(c.num)
	case text:
		return c.text
	case flag:
		if c.yes {
			return t.p.T("export.yes")
		}
		return t.p.T("export.no")
	case moment:
		return c.at.Format(time.RFC3339)
	}
	return ""
}
