package sheet

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writer writes the cells of one sheet and keeps the first error, so that
// the layout code reads as a list of cells.
type writer struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *writer) check(what string, err error) {
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("sheet: %s: %s: %w", w.sheet, what, err)
	}
}

// set writes v at (col, row), 1-based, with style (0: none).
func (w *writer) set(col, row int, v any, style int) {
	if w.err != nil {
		return
	}
	c := ref(col, row)
	w.check(c, w.f.SetCellValue(w.sheet, c, v))
	w.style(col, row, col, row, style)
}

// formula writes the formula fx (without "=") at (col, row) with its
// result v cached beside it, so that viewers that do not recalculate show
// the figure; nil v is an empty result. Excel still recalculates.
func (w *writer) formula(col, row int, fx string, v any, style int) {
	if w.err != nil {
		return
	}
	c := ref(col, row)
	if v != nil {
		// SetCellFormula keeps the value a cell already has as its
		// cached result (typed "str": numericCache retypes it).
		w.check(c, w.f.SetCellValue(w.sheet, c, v))
	}
	w.check(c, w.f.SetCellFormula(w.sheet, c, fx))
	w.style(col, row, col, row, style)
}

// style styles the cells from (c1, r1) to (c2, r2).
func (w *writer) style(c1, r1, c2, r2, style int) {
	if w.err != nil || style == 0 {
		return
	}
	w.check(ref(c1, r1), w.f.SetCellStyle(w.sheet, ref(c1, r1), ref(c2, r2), style))
}

// merge merges the cells from (c1, r1) to (c2, r2).
func (w *writer) merge(c1, r1, c2, r2 int) {
	if w.err != nil {
		return
	}
	w.check("merge "+ref(c1, r1), w.f.MergeCell(w.sheet, ref(c1, r1), ref(c2, r2)))
}

// width sets the width of columns c1 to c2, in characters.
func (w *writer) width(c1, c2 int, chars float64) {
	if w.err != nil {
		return
	}
	w.check("width", w.f.SetColWidth(w.sheet, col(c1), col(c2), chars))
}

// height sets the height of row, in points.
func (w *writer) height(row int, pt float64) {
	if w.err != nil {
		return
	}
	w.check("height", w.f.SetRowHeight(w.sheet, row, pt))
}

// freeze keeps the rows above and the columns left of (col, row) in view.
func (w *writer) freeze(col, row int) {
	if w.err != nil {
		return
	}
	w.check("panes", w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1,
		TopLeftCell: ref(col, row), ActivePane: "bottomRight"}))
}

// fitRow makes row tall enough for texts that wrap in columns of the
// given widths (characters).
func (w *writer) fitRow(row int, texts []string, widths []float64) {
	if pt := fitHeight(texts, widths); pt > 0 {
		w.height(row, pt)
	}
}

// fitHeight is the height in points of a row holding texts wrapped in
// columns of the given widths (characters), or 0 when they fit on one
// line: Excel and LibreOffice do not grow a row for wrapped text they
// open, so the height is estimated from the length.
func fitHeight(texts []string, widths []float64) float64 {
	lines := 1
	for i, t := range texts {
		n := int(float64(len([]rune(t)))/(widths[i]*1.1)) + 1
		lines = max(lines, n)
	}
	if lines > 1 {
		return 13.5*float64(lines) + 3
	}
	return 0
}

// print sets the sheet up for printing (see pageSetup).
func (w *writer) print(rows string) {
	if w.err == nil {
		w.check("page", pageSetup(w.f, w.sheet, rows))
	}
}

// pageSetup sets sheet up for printing: A4 landscape, as wide as one page,
// repeating rows (e.g. "$4:$5") at the top of every page. On a streamed
// sheet it must come before the stream starts.
func pageSetup(f *excelize.File, sheet, rows string) error {
	a4, landscape, one, any, fit := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if rows == "" {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + rows, Scope: sheet})
}

// col is the letters of a 1-based column number: 1 → A, 27 → AA.
func col(n int) string {
	var b [8]byte
	i := len(b)
	for ; n > 0 && i > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}

// ref is the A1 reference of (col, row). (Ten thousand units make it a
// hot path: no fmt.)
func ref(c, row int) string { return col(c) + strconv.Itoa(row) }

// sheetRef is a reference to a cell of another sheet: 'Tên sheet'!F26.
func sheetRef(sheet string, c, row int) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + ref(c, row)
}
