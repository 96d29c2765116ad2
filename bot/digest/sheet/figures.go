package sheet

import (
	"fmt"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// The fixed columns of the sheet of reported figures; one column per form
// field follows.
const (
	figNo = 1 + iota
	figUnit
	figReported
	figLate // filed after the deadline, as the export's column says it
	figDate
	figMember
	figFields
)

// The rows of the sheet of reported figures.
const (
	figHead  = 4 // column headers
	figFirst = 5 // the first unit
)

// figures writes the sheet of what each unit reported for the period: one
// row per unit, one column per question of the form (photos aside), each
// answer as the form takes it (numbers in the field's unit, choices by
// their label, dates as dates). A unit that did not report in the period
// has an empty row: its older figures are on the other sheets.
func (b *book) figures(name string) error {
	if _, err := b.f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet: %s: %w", name, err)
	}
	if err := pageSetup(b.f, name, fmt.Sprintf("$%d:$%d", figHead, figHead)); err != nil {
		return fmt.Errorf("sheet: %s: page: %w", name, err)
	}
	w, err := newStream(b.f, name) // a row per unit: streamed
	if err != nil {
		return err
	}
	st := b.st
	var fields []bot.Field
	for _, f := range b.d.Fields {
		if f.Type != bot.FieldPhoto {
			fields = append(fields, f)
		}
	}
	w.width(figNo, figNo, 6)
	w.width(figUnit, figUnit, widthUnit)
	w.width(figReported, figDate, 12)
	w.width(figMember, figMember, 20)
	for i, f := range fields {
		width := 14.0
		if f.Type == bot.FieldText {
			width = widthText
		}
		w.width(figFields+i, figFields+i, width)
	}
	w.freeze(figReported, figFirst)
	b.heading(w, b.p.T("sheet.figures_title"))
	for i, key := range []string{"sheet.col.no", "sheet.col.unit", "sheet.col.reported", "sheet.col.late", "sheet.col.report_date", "sheet.col.reporter"} {
		w.set(figNo+i, figHead, b.p.T(key), st.head)
	}
	for i, f := range fields {
		w.set(figFields+i, figHead, b.answerHeader(f), st.head)
	}
	w.height(figHead, 60)
	w.flush(figHead)
	last := figFields + len(fields) - 1
	for i, u := range b.d.Units {
		b.figureRow(w, figFirst+i, i+1, u, fields)
		w.flush(figFirst + i)
	}
	end := figFirst + len(b.d.Units)
	w.set(figNo, end+1, b.p.T("sheet.figures_note"), st.note)
	w.merge(figNo, end+1, max(last, figMember), end+1)
	w.height(end+1, 32)
	return w.close()
}

// widthText is the width of a column of free-text answers, in characters.
const widthText = 40

// answerHeader is a field's column header: its label and, for numbers,
// its unit ("Số hộ thoát nghèo (hộ)", "Tỷ lệ (%)").
func (b *book) answerHeader(f bot.Field) string {
	label := f.Label.In(b.p.Lang())
	unit := b.p.UnitWord(f.Unit.In(b.p.Lang()), 2)
	if f.Type == bot.FieldPercent {
		unit = "%"
	}
	if unit == "" || !f.Type.Numeric() {
		return label
	}
	return b.p.T("sheet.field", "label", label, "unit", unit)
}

// figureRow writes unit u's answers of the period at row r, and whether
// its report was filed late (blank when it did not report).
func (b *book) figureRow(w *stream, r, no int, u digest.UnitRow, fields []bot.Field) {
	st := b.st
	w.set(figNo, r, no, st.center)
	name := u.Name.In(b.p.Lang())
	w.set(figUnit, r, name, st.text)
	reported := "sheet.no"
	if u.Reported {
		reported = "sheet.yes"
	}
	w.set(figReported, r, b.p.T(reported), st.center)
	w.style(figLate, r, figLate, r, st.center)
	w.style(figDate, r, figDate, r, st.date)
	w.style(figMember, r, figMember, r, st.text)
	texts, widths := []string{name}, []float64{widthUnit}
	if u.Reported {
		late := "sheet.late_no"
		if u.Late {
			late = "sheet.late_yes"
		}
		w.set(figLate, r, b.p.T(late), st.center)
		at := u.AsOf.In(b.d.Period.Start.Location())
		w.set(figDate, r, time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC), st.date)
		w.set(figMember, r, u.Member, st.text)
	}
	for i, f := range fields {
		c := figFields + i
		v, ok := u.Answers[f.ID]
		if !u.Reported || !ok {
			w.style(c, r, c, r, b.answerStyle(f))
			continue
		}
		w.set(c, r, b.answer(f, v), b.answerStyle(f))
		if f.Type == bot.FieldText {
			texts, widths = append(texts, v.Text), append(widths, widthText)
		}
	}
	w.fitRow(r, texts, widths)
}

// answer is the cell value of an answer to f.
func (b *book) answer(f bot.Field, v bot.Value) any {
	switch f.Type {
	case bot.FieldPercent:
		return v.Num / 100
	case bot.FieldSelect:
		for _, c := range f.Choices {
			if c.ID == v.Text {
				return c.Label.In(b.p.Lang())
			}
		}
		return v.Text
	case bot.FieldYesNo:
		switch v.Text {
		case "yes":
			return b.p.T("answer.yes")
		case "no":
			return b.p.T("answer.no")
		}
		return v.Text
	case bot.FieldDate:
		if d, err := time.Parse(time.DateOnly, v.Text); err == nil {
			return d
		}
		return v.Text
	case bot.FieldText, bot.FieldLocation: // a place as "lat,lon", as map apps take it
		return v.Text
	}
	return v.Num
}

// answerStyle is the style of answers to f.
func (b *book) answerStyle(f bot.Field) int {
	switch f.Type {
	case bot.FieldInteger:
		return b.st.integer
	case bot.FieldMoney:
		return b.st.money
	case bot.FieldDecimal:
		return b.st.decimal
	case bot.FieldPercent:
		return b.st.pct
	case bot.FieldDate:
		return b.st.date
	case bot.FieldSelect, bot.FieldYesNo:
		return b.st.center
	}
	return b.st.text
}
