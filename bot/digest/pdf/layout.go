package pdf

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// The page, in millimetres: A4 portrait with the margins of Nghị định
// 30/2020/NĐ-CP (top and bottom 20–25, left 30–35, right 15–20).
const (
	pageW, pageH             = 210.0, 297.0
	marginL, marginR         = 30.0, 15.0
	marginTop, marginBottom  = 20.0, 20.0
	textW                    = pageW - marginL - marginR
	bodyPt, tablePt, smallPt = 13.0, 11.0, 11.0
	bodyLead, tableLead      = 6.2, 5.0 // line heights
	cellPad                  = 1.2      // space above and below a table cell's text
)

// page writes on the report's pages with fpdf, which keeps its first error.
type page struct {
	f *fpdf.Fpdf
}

// font selects the typeface in style ("", "B", "I", "BI") and size pt.
func (pg *page) font(style string, pt float64) { pg.f.SetFont(serif, style, pt) }

// lines wraps s to width w in the current font; a line break in s starts a
// new line.
func (pg *page) lines(s string, w float64) []string {
	if strings.TrimSpace(s) == "" {
		return []string{""}
	}
	return pg.f.SplitText(s, w)
}

// para writes s as a paragraph from the left margin plus indent, wrapped
// to the text width, each line of height lead. align "J" justifies every
// line but the last, as the body of an administrative document is; "L",
// "C", "R" align every line. Lines go to the next page at the bottom.
func (pg *page) para(s string, indent, lead float64, align string) {
	w := textW - indent
	ls := pg.lines(s, w)
	for i, line := range ls {
		a := align
		// fpdf justifies by the spaces of a line: a line without one, or
		// the paragraph's last, is set flush left.
		if a == "J" && (i == len(ls)-1 || !strings.Contains(strings.TrimSpace(line), " ")) {
			a = "L"
		}
		pg.f.SetX(marginL + indent)
		pg.f.CellFormat(w, lead, line, "", 1, a, false, 0, "")
	}
}

// block writes s centered in the column from x of width w, starting at y,
// and returns the y under it.
func (pg *page) block(s string, x, y, w, lead float64) float64 {
	for _, line := range pg.lines(s, w) {
		pg.f.SetXY(x, y)
		pg.f.CellFormat(w, lead, line, "", 0, "C", false, 0, "")
		y += lead
	}
	return y
}

// rule draws a line of length l centered in the column from x of width w,
// at height y.
func (pg *page) rule(x, w, l, y float64) {
	pg.f.SetLineWidth(0.3)
	pg.f.Line(x+(w-l)/2, y, x+(w+l)/2, y)
}

// column is one column of a table: its width and its alignment.
type column struct {
	w     float64
	align string
}

// table writes rows of cells under a header row, which it repeats at the
// top of every page the table runs on.
type table struct {
	pg   *page
	cols []column
	head []string
	// heading is true while the header row is written.
	heading bool
}

// header writes the header row.
func (t *table) header() {
	t.heading = true
	t.row(t.head, "B", 1)
	t.heading = false
}

// row writes one row of cells in style; a cell's text wraps within its
// column and the row is as tall as its tallest cell. span > 1 joins the
// second cell with the next span-1 (a section's name).
func (t *table) row(cells []string, style string, span int) {
	pg, f := t.pg, t.pg.f
	pg.font(style, tablePt)
	widths := t.widths(span)
	n := 1
	wrapped := make([][]string, len(cells))
	for i, c := range cells {
		wrapped[i] = pg.lines(c, widths[i]-2)
		n = max(n, len(wrapped[i]))
	}
	h := float64(n)*tableLead + 2*cellPad
	if f.GetY()+h > pageH-marginBottom && !t.heading {
		f.AddPage()
		t.header()
		pg.font(style, tablePt)
	}
	x, y := marginL, f.GetY()
	f.SetLineWidth(0.2)
	for i, c := range wrapped {
		f.Rect(x, y, widths[i], h, "D")
		top := y + (h-float64(len(c))*tableLead)/2
		align := t.cols[0].align
		switch {
		case i == 1 && span > 1:
			align = "L"
		case i > 0:
			align = t.cols[i+max(span-1, 0)].align
		}
		for j, line := range c {
			f.SetXY(x, top+float64(j)*tableLead)
			f.CellFormat(widths[i], tableLead, line, "", 0, align, false, 0, "")
		}
		x += widths[i]
	}
	f.SetXY(marginL, y+h)
}

// widths are the column widths of a row whose second cell spans span
// columns.
func (t *table) widths(span int) []float64 {
	var out []float64
	for i := 0; i < len(t.cols); i++ {
		w := t.cols[i].w
		if i == 1 && span > 1 {
			for j := 1; j < span && i+j < len(t.cols); j++ {
				w += t.cols[i+j].w
			}
			i += span - 1
		}
		out = append(out, w)
	}
	return out
}
