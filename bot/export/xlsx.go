package export

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// Number formats of the workbook. Excel shows the group and decimal marks
// of the reader's locale: 5.989,5 in Vietnamese, 5,989.5 in English.
var (
	fmtInt     = "#,##0"
	fmtDecimal = "#,##0.0##"
	fmtMoment  = "yyyy-mm-dd hh:mm:ss"
)

// XLSX writes d as a workbook in lang: one sheet, a header row kept in
// view, then a row per report. Numbers are number cells in their field's
// number format (the unit is in the header), the submission time a
// date-time cell in the area's zone, yes/no and choices in lang.
func XLSX(d *Data, lang i18n.Lang) ([]byte, error) {
	t := newTable(d, lang)
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.p.T("export.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("export: xlsx: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, fmt.Errorf("export: xlsx: styles: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("export: xlsx: %w", err)
	}
	for i, c := range t.cols {
		width := float64(min(max(utf8.RuneCountInString(c.header), 10), 40))
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, fmt.Errorf("export: xlsx: width: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("export: xlsx: panes: %w", err)
	}
	row := make([]any, len(t.cols))
	for i, c := range t.cols {
		row[i] = excelize.Cell{StyleID: st.head, Value: c.header}
	}
	if err := sw.SetRow("A1", row, excelize.RowOpts{Height: 45}); err != nil {
		return nil, fmt.Errorf("export: xlsx: header: %w", err)
	}
	for n := range d.Reports {
		r := &d.Reports[n]
		for i, c := range t.cols {
			row[i] = t.xlsxCell(c, c.value(r), st)
		}
		cellRef, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cellRef, row); err != nil {
			return nil, fmt.Errorf("export: xlsx: row %d: %w", n+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("export: xlsx: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("export: xlsx: write: %w", err)
	}
	return buf.Bytes(), nil
}

// xlsxCell is the workbook cell of v in column c; nil leaves it empty.
func (t *table) xlsxCell(c column, v cell, st styles) any {
	switch v.kind {
	case number:
		style := st.decimal
		if c.field == nil || c.field.Type == bot.FieldInteger || c.field.Type == bot.FieldPhoto {
			style = st.integer
		}
		return excelize.Cell{StyleID: style, Value: v.num}
	case moment:
		// The local wall time as Excel keeps dates: without a zone.
		at := time.Date(v.at.Year(), v.at.Month(), v.at.Day(), v.at.Hour(), v.at.Minute(), v.at.Second(), 0, time.UTC)
		return excelize.Cell{StyleID: st.moment, Value: at}
	case text, flag:
		return excelize.Cell{StyleID: st.text, Value: t.words(v)}
	}
	return nil
}

// styles are the workbook's cell styles.
type styles struct{ head, text, integer, decimal, moment int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	add(&s.head, &excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5EE"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	add(&s.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.integer, &excelize.Style{CustomNumFmt: &fmtInt, Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.decimal, &excelize.Style{CustomNumFmt: &fmtDecimal, Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&s.moment, &excelize.Style{CustomNumFmt: &fmtMoment, Alignment: &excelize.Alignment{Vertical: "top"}})
	return s, err
}
