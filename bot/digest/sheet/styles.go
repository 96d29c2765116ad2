package sheet

import "github.com/xuri/excelize/v2"

// styles are the workbook's cell styles.
type styles struct {
	title, plain, bold, demo, note, head, section           int
	text, center, integer, money, decimal, pct, date, label int
	changeInt, changeMoney                                  int
	totalText, totalCenter, totalInt, totalMoney, totalPct  int
}

// Number formats. Excel shows the group and decimal marks of the reader's
// locale: 5.989,0 in Vietnamese, 5,989.0 in English.
var (
	fmtInt   = "#,##0"
	fmtMoney = "#,##0.0"
	fmtPct   = "0.0%"
	// A decimal answer (an area in hectares) shows up to three decimals.
	fmtDecimal = "#,##0.0##"
	fmtDate    = "dd/mm/yyyy"
	// A change is signed: +17, -2.
	fmtChangeInt   = "+#,##0;-#,##0;0"
	fmtChangeMoney = "+#,##0.0;-#,##0.0;0.0"
)

// fontFamily is the workbook's font: on every office computer, and drawn
// as the chart's Liberation Sans (same metrics) where Arial is missing.
const fontFamily = "Arial"

// font is the workbook's font in size pt, bold or italic, of colour rgb.
func font(pt float64, bold, italic bool, rgb string) *excelize.Font {
	return &excelize.Font{Family: fontFamily, Size: pt, Bold: bold, Italic: italic, Color: rgb}
}

func newStyles(f *excelize.File) (styles, error) {
	grid := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	totalGrid := append(grid[:2:2], excelize.Border{Type: "top", Color: "404040", Style: 2},
		excelize.Border{Type: "bottom", Color: "404040", Style: 1})
	headFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5EE"}}
	totalFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	middle := &excelize.Alignment{Vertical: "center"}
	centered := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	bold, normal := font(10, true, false, ""), font(10, false, false, "")

	var s styles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	add(&s.title, &excelize.Style{Font: font(14, true, false, "")})
	add(&s.plain, &excelize.Style{Font: font(10, false, false, "404040")})
	add(&s.bold, &excelize.Style{Font: bold})
	add(&s.demo, &excelize.Style{Font: font(10, true, false, "C62828")})
	add(&s.note, &excelize.Style{Font: font(10, false, true, "595959"),
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	add(&s.head, &excelize.Style{Font: bold, Fill: headFill, Border: grid,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	add(&s.section, &excelize.Style{Font: bold, Fill: totalFill, Border: grid,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	add(&s.text, &excelize.Style{Font: normal, Border: grid, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	add(&s.label, &excelize.Style{Font: normal, Border: grid, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true, Indent: 1}})
	add(&s.center, &excelize.Style{Font: normal, Border: grid, Alignment: centered})
	add(&s.integer, &excelize.Style{Font: normal, Border: grid, Alignment: middle, CustomNumFmt: &fmtInt})
	add(&s.money, &excelize.Style{Font: normal, Border: grid, Alignment: middle, CustomNumFmt: &fmtMoney})
	add(&s.decimal, &excelize.Style{Font: normal, Border: grid, Alignment: middle, CustomNumFmt: &fmtDecimal})
	add(&s.pct, &excelize.Style{Font: normal, Border: grid, Alignment: middle, CustomNumFmt: &fmtPct})
	add(&s.date, &excelize.Style{Font: normal, Border: grid, Alignment: centered, CustomNumFmt: &fmtDate})
	add(&s.changeInt, &excelize.Style{Font: normal, Border: grid, Alignment: middle, CustomNumFmt: &fmtChangeInt})
	add(&s.changeMoney, &excelize.Style{Font: normal, Border: grid, Alignment: middle, CustomNumFmt: &fmtChangeMoney})
	add(&s.totalText, &excelize.Style{Font: bold, Fill: totalFill, Border: totalGrid, Alignment: middle})
	add(&s.totalCenter, &excelize.Style{Font: bold, Fill: totalFill, Border: totalGrid, Alignment: centered})
	add(&s.totalInt, &excelize.Style{Font: bold, Fill: totalFill, Border: totalGrid, Alignment: middle, CustomNumFmt: &fmtInt})
	add(&s.totalMoney, &excelize.Style{Font: bold, Fill: totalFill, Border: totalGrid, Alignment: middle, CustomNumFmt: &fmtMoney})
	add(&s.totalPct, &excelize.Style{Font: bold, Fill: totalFill, Border: totalGrid, Alignment: middle, CustomNumFmt: &fmtPct})
	return s, err
}
