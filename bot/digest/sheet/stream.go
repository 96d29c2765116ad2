package sheet

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// stream writes a large sheet (one row per unit: ten thousand at a
// province's scale) through excelize's stream writer, which writes each row
// as XML at once instead of keeping a cell structure per cell: a tenth of
// the time and memory of the cell-by-cell API. Rows must be written in
// order: cells go to pending rows, and flush writes the pending rows up to
// a row. Column widths and panes must be set before the first row is
// written. Like writer, it keeps the first error.
type stream struct {
	sw      *excelize.StreamWriter
	sheet   string
	err     error
	written int               // the last row written
	pending map[int]*rowCells // rows not written yet, by number
}

// rowCells are the cells of one pending row, by column (1-based: index 0
// is unused), and its height in points (0: the default).
type rowCells struct {
	cells  []*excelize.Cell
	height float64
}

// newStream starts writing sheet, which must exist and be empty.
func newStream(f *excelize.File, sheet string) (*stream, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet: %s: %w", sheet, err)
	}
	return &stream{sw: sw, sheet: sheet, pending: map[int]*rowCells{}}, nil
}

func (s *stream) check(what string, err error) {
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("sheet: %s: %s: %w", s.sheet, what, err)
	}
}

// row is pending row r, made when missing; nil once r is written.
func (s *stream) row(r int) *rowCells {
	if r <= s.written {
		s.check(ref(1, r), fmt.Errorf("row %d is already written", r))
		return nil
	}
	pr := s.pending[r]
	if pr == nil {
		pr = &rowCells{}
		s.pending[r] = pr
	}
	return pr
}

// cell is the cell at (col, row) of a pending row, or nil after an error.
func (s *stream) cell(col, row int) *excelize.Cell {
	pr := s.row(row)
	if pr == nil || s.err != nil {
		return nil
	}
	if len(pr.cells) <= col {
		pr.cells = slices.Grow(pr.cells, col+1-len(pr.cells))[:col+1]
	}
	if pr.cells[col] == nil {
		pr.cells[col] = &excelize.Cell{}
	}
	return pr.cells[col]
}

// set writes v at (col, row) with style (0: keep the cell's).
func (s *stream) set(col, row int, v any, style int) {
	if c := s.cell(col, row); c != nil {
		c.Value = v
		if style != 0 {
			c.StyleID = style
		}
	}
}

// formula writes the formula fx (without "=") at (col, row) with its result
// v (nil: empty), which excelize types as a number when it is one.
func (s *stream) formula(col, row int, fx string, v any, style int) {
	if c := s.cell(col, row); c != nil {
		c.Formula, c.Value = fx, v
		if style != 0 {
			c.StyleID = style
		}
	}
}

// style styles the cells from (c1, r1) to (c2, r2) (0: none).
func (s *stream) style(c1, r1, c2, r2, style int) {
	if style == 0 {
		return
	}
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			if cell := s.cell(c, r); cell != nil {
				cell.StyleID = style
			}
		}
	}
}

// merge merges the cells from (c1, r1) to (c2, r2).
func (s *stream) merge(c1, r1, c2, r2 int) {
	if s.err == nil {
		s.check("merge "+ref(c1, r1), s.sw.MergeCell(ref(c1, r1), ref(c2, r2)))
	}
}

// height sets the height of row, in points.
func (s *stream) height(row int, pt float64) {
	if pr := s.row(row); pr != nil {
		pr.height = pt
	}
}

// fitRow makes row tall enough for texts wrapped in columns of widths.
func (s *stream) fitRow(row int, texts []string, widths []float64) {
	if pt := fitHeight(texts, widths); pt > 0 {
		s.height(row, pt)
	}
}

// width sets the width of columns c1 to c2, in characters.
func (s *stream) width(c1, c2 int, chars float64) {
	if s.err == nil {
		s.check("width", s.sw.SetColWidth(c1, c2, chars))
	}
}

// freeze keeps the rows above and the columns left of (col, row) in view.
func (s *stream) freeze(col, row int) {
	if s.err == nil {
		s.check("panes", s.sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1,
			TopLeftCell: ref(col, row), ActivePane: "bottomRight"}))
	}
}

// flush writes the pending rows up to last, in order.
func (s *stream) flush(last int) {
	for r := s.written + 1; r <= last && s.err == nil; r++ {
		pr := s.pending[r]
		delete(s.pending, r)
		s.written = r
		if pr == nil {
			continue
		}
		values := make([]any, 0, len(pr.cells))
		for _, c := range pr.cells[min(1, len(pr.cells)):] {
			if c == nil {
				values = append(values, nil) // no cell: SetRow skips it
				continue
			}
			values = append(values, *c)
		}
		s.check(ref(1, r), s.sw.SetRow(ref(1, r), values, excelize.RowOpts{Height: pr.height}))
	}
}

// close writes every pending row and ends the sheet.
func (s *stream) close() error {
	last := s.written
	for r := range s.pending {
		last = max(last, r)
	}
	s.flush(last)
	if s.err == nil {
		s.check("flush", s.sw.Flush())
	}
	return s.err
}
