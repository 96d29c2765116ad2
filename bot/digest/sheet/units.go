package sheet

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// cellRefs locate a field's totals on its unit sheet, for the summary's
// formulas: 'Sheet'!F26. target is empty when the field has no target.
// sum and plan are the values of those cells, cached in the summary's.
type cellRefs struct {
	value, target string
	sum, plan     float64
}

// The rows of a unit sheet: the heading (1–3), the two header rows, then
// one row per unit, the total row and a note.
const (
	headRow  = 4 // field labels
	subRow   = 5 // actual | plan | rate
	firstRow = 6 // the first unit
)

// The fixed columns of a unit sheet; the fields' columns follow.
const (
	colNo = 1 + iota
	colUnit
	colMembers
	colReported
	colAsOf
	colFields
)

// Widths of the text columns, in characters.
const (
	widthUnit    = 22
	widthMembers = 26
)

// fieldCols are the columns of one field: its value and, for a field with
// a target, the plan and the rate (0 when none).
type fieldCols struct {
	t                    digest.Total
	value, target, ratio int
}

// unitSheet writes the sheet name: one row per unit with fields' values,
// plans and rates, and a total row of formulas, whose cells it records in
// totals by field. It is streamed: the page setup, widths and panes come
// first, then the rows in order.
func (b *book) unitSheet(name, title string, fields []digest.Total, totals map[string]cellRefs) error {
	if _, err := b.f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet: %s: %w", name, err)
	}
	if err := pageSetup(b.f, name, fmt.Sprintf("$%d:$%d", headRow, subRow)); err != nil {
		return fmt.Errorf("sheet: %s: page: %w", name, err)
	}
	w, err := newStream(b.f, name)
	if err != nil {
		return err
	}
	cols, last := fieldColumns(fields)
	w.width(colNo, colNo, 6)
	w.width(colUnit, colUnit, widthUnit)
	w.width(colMembers, colMembers, widthMembers)
	w.width(colReported, colAsOf, 13)
	if last >= colFields {
		w.width(colFields, last, 14)
	}
	w.freeze(colMembers, firstRow)
	b.heading(w, title)
	b.unitHeaders(w, cols)
	w.height(headRow, 48)
	w.flush(subRow)
	for i, u := range b.d.Units {
		b.unitRow(w, firstRow+i, i+1, u, cols)
		w.flush(firstRow + i)
	}
	total := firstRow + len(b.d.Units)
	b.totalRow(w, total, cols)
	for _, fc := range cols {
		sum, plan := b.sums(fc.t.Field)
		refs := cellRefs{value: sheetRef(name, fc.value, total), sum: sum, plan: plan}
		if fc.target > 0 {
			refs.target = sheetRef(name, fc.target, total)
		}
		totals[fc.t.Field] = refs
	}
	w.set(colNo, total+2, b.p.T("sheet.note"), b.st.note)
	w.merge(colNo, total+2, max(last, colAsOf), total+2)
	w.height(total+2, 32)
	return w.close()
}

// fieldColumns places fields after the fixed columns: each its value and,
// with a target, the plan and the rate. It returns them and the last column.
func fieldColumns(fields []digest.Total) ([]fieldCols, int) {
	var cols []fieldCols
	c := colFields
	for _, t := range fields {
		fc := fieldCols{t: t, value: c}
		if t.Target > 0 {
			fc.target, fc.ratio = c+1, c+2
		}
		cols = append(cols, fc)
		c = max(fc.value, fc.ratio) + 1
	}
	return cols, c - 1
}

// unitHeaders writes the two header rows of the columns cols.
func (b *book) unitHeaders(w *stream, cols []fieldCols) {
	st := b.st
	for i, key := range []string{"sheet.col.no", "sheet.col.unit", "sheet.col.members", "sheet.col.reported", "sheet.col.as_of"} {
		c := colNo + i
		w.set(c, headRow, b.p.T(key), st.head)
		w.style(c, subRow, c, subRow, st.head)
		w.merge(c, headRow, c, subRow)
	}
	for _, fc := range cols {
		t := fc.t
		end := max(fc.value, fc.ratio)
		w.set(fc.value, headRow, b.fieldHeader(t), st.head)
		w.style(fc.value, headRow, end, headRow, st.head)
		if end > fc.value {
			w.merge(fc.value, headRow, end, headRow)
		}
		w.set(fc.value, subRow, b.p.T("sheet.col.value"), st.head)
		if fc.target > 0 {
			w.set(fc.target, subRow, b.p.T(targetHeader(t)), st.head)
			w.set(fc.ratio, subRow, b.p.T("sheet.col.percent"), st.head)
		}
	}
}

// unitRow writes unit u at row r: its name, members, whether it reported
// this period and the date of its figures, then each field's value and,
// where the unit has a target, the plan and the rate as a formula.
func (b *book) unitRow(w *stream, r, no int, u digest.UnitRow, cols []fieldCols) {
	st := b.st
	w.set(colNo, r, no, st.center)
	name, members := u.Name.In(b.p.Lang()), strings.Join(u.Members, ", ")
	w.set(colUnit, r, name, st.text)
	w.set(colMembers, r, members, st.text)
	w.fitRow(r, []string{name, members}, []float64{widthUnit, widthMembers})
	reported := "sheet.no"
	if u.Reported {
		reported = "sheet.yes"
	}
	w.set(colReported, r, b.p.T(reported), st.center)
	if u.HasData {
		// The date as the area's calendar has it, stored as an Excel date.
		at := u.AsOf.In(b.d.Period.Start.Location())
		w.set(colAsOf, r, time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC), st.date)
	} else {
		w.style(colAsOf, r, colAsOf, r, st.date)
	}
	for _, fc := range cols {
		num := b.numStyle(fc.t, false)
		if v, ok := u.Values[fc.t.Field]; ok && u.HasData {
			w.set(fc.value, r, v, num)
		} else {
			w.style(fc.value, r, fc.value, r, num)
		}
		if fc.target == 0 {
			continue
		}
		if tgt := u.Targets[fc.t.Field]; tgt > 0 {
			w.set(fc.target, r, tgt, num)
			v := 0.0
			if u.HasData {
				v = u.Values[fc.t.Field]
			}
			w.formula(fc.ratio, r, ratio(ref(fc.value, r), ref(fc.target, r)), quotient(v, tgt), st.pct)
		} else {
			w.style(fc.target, r, fc.target, r, num)
			w.style(fc.ratio, r, fc.ratio, r, st.pct)
		}
	}
}

// totalRow writes the totals under the units: the count of units that
// reported, and the SUM of each value and plan column with its rate.
func (b *book) totalRow(w *stream, r int, cols []fieldCols) {
	st := b.st
	w.style(colNo, r, colAsOf, r, st.totalText)
	w.set(colUnit, r, b.p.T("sheet.total"), st.totalText)
	if r == firstRow { // no units: nothing to add up
		return
	}
	yes := strings.ReplaceAll(b.p.T("sheet.yes"), `"`, `""`)
	w.formula(colReported, r, fmt.Sprintf(`COUNTIF(%s:%s,"%s")`, ref(colReported, firstRow), ref(colReported, r-1), yes),
		b.d.Reported, st.totalCenter)
	sum := func(c int) string { return fmt.Sprintf("SUM(%s:%s)", ref(c, firstRow), ref(c, r-1)) }
	for _, fc := range cols {
		num := b.numStyle(fc.t, true)
		value, plan := b.sums(fc.t.Field)
		w.formula(fc.value, r, sum(fc.value), value, num)
		if fc.target > 0 {
			w.formula(fc.target, r, sum(fc.target), plan, num)
			w.formula(fc.ratio, r, ratio(ref(fc.value, r), ref(fc.target, r)), quotient(value, plan), st.totalPct)
		}
	}
}

// ratio is the formula of value over target, blank without a target.
func ratio(value, target string) string {
	return "IF(" + target + ">0," + value + "/" + target + `,"")`
}

// sums adds up field over the unit rows as the total row's SUMs do: the
// values of units with figures, and the targets.
func (b *book) sums(field string) (value, plan float64) {
	for _, u := range b.d.Units {
		if v, ok := u.Values[field]; ok && u.HasData {
			value += v
		}
		if t := u.Targets[field]; t > 0 {
			plan += t
		}
	}
	return rounded(value), rounded(plan)
}

// quotient is what ratio's formula gives: value over target, or nil (an
// empty result) without a target.
func quotient(value, target float64) any {
	if target <= 0 {
		return nil
	}
	return value / target
}

// rounded drops the float noise of a sum of one-decimal figures
// (5988.999999999999 is 5989), as a spreadsheet's display would.
func rounded(v float64) float64 { return math.Round(v*1e9) / 1e9 }

// targetHeader is the catalog key of a field's target column: money has a
// funding plan ("Kế hoạch vốn"), counts have a target ("Chỉ tiêu").
func targetHeader(t digest.Total) string {
	if t.Type == bot.FieldMoney {
		return "sheet.col.plan"
	}
	return "sheet.col.target_only"
}
