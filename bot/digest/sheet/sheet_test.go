package sheet

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// open writes the workbook of d in lang and opens it again.
func open(t *testing.T, d *digest.Digest, lang i18n.Lang) *excelize.File {
	t.Helper()
	b, err := XLSX(d, lang)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// raw is a cell's stored value, not as its number format shows it.
func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// formula is a cell's formula.
func formula(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// calc is what Excel computes in a cell, rounded to 9 decimals.
func calc(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	s, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: calc: %v", sheet, cell, err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, not a number", sheet, cell, s)
	}
	return round(v)
}

func round(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 9, 64), 64)
	return r
}

var viSheets = []string{"Tổng hợp", "Chỉ tiêu chung", "Dự án 2 (CT 135) – Tiểu dự án 1", "Dự án 2 (CT 135) – Tiểu dự án 2", "Dự án 3", "Tiến độ và ý kiến"}

// TestSheetNames checks the sheets and their order, in both languages.
func TestSheetNames(t *testing.T) {
	for lang, want := range map[i18n.Lang][]string{
		i18n.VI: viSheets,
		i18n.EN: {"Summary", "Headline targets", "Project 2 – Sub-project 1", "Project 2 – Sub-project 2", "Project 3", "Progress and opinions"},
	} {
		got := open(t, digesttest.Sample(), lang).GetSheetList()
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: sheets %q, want %q", lang, got, want)
		}
	}
}

// TestItemSheet checks the infrastructure sheet: one row per unit with the
// stored figures, rates as formulas where a unit has a plan, and SUM totals
// that add up to the document's figures.
func TestItemSheet(t *testing.T) {
	f := open(t, digesttest.Sample(), i18n.VI)
	s := viSheets[2]
	// Columns: A STT, B unit, C members, D reported, E as of, F–H works
	// (value, plan, rate), I–K money (value, plan, rate). Rows 6–25: units.
	want := map[string]string{
		"A4": "STT", "B4": "Đơn vị", "C4": "Thành viên phụ trách", "D4": "Báo cáo kỳ này", "E4": "Số liệu đến ngày",
		"F4": "Số công trình cơ sở hạ tầng CT135 đang thực hiện (công trình)", "F5": "Thực hiện", "G5": "Chỉ tiêu", "H5": "Tỷ lệ", "J5": "Kế hoạch vốn",
		"I4": "Vốn CT135 – đầu tư cơ sở hạ tầng đã giải ngân (lũy kế) (triệu đồng)",
		"B6": "Thị trấn Bằng Lũng", "C6": "Nguyễn Văn An", "D6": "Có", "F6": "", "G6": "", "H6": "", "I6": "",
		"A9": "4", "B9": "Xã Bằng Phúc", "D9": "Có", "F9": "2", "G9": "2", "I9": "188.2", "J9": "570.3",
		"B15": "Xã Nam Cường", "D15": "Chưa", "I15": "153.4", "J15": "526",
		"B26": "Tổng cộng", "A3": "DỮ LIỆU MẪU: số liệu phân bổ cho từng đơn vị là giả định, chỉ dùng để minh họa.",
	}
	for cell, w := range want {
		if got := raw(t, f, s, cell); got != w {
			t.Errorf("%s = %q, want %q", cell, got, w)
		}
	}
	if got, _ := f.GetCellValue(s, "E15"); got != "10/09/2020" {
		t.Errorf("E15 (Nam Cường's figures) shows %q, want 10/09/2020", got)
	}
	formulas := map[string]string{
		"H9": `IF(G9>0,F9/G9,"")`, "K9": `IF(J9>0,I9/J9,"")`, "H6": "", "K6": "",
		"D26": `COUNTIF(D6:D25,"Có")`, "F26": "SUM(F6:F25)", "G26": "SUM(G6:G25)", "H26": `IF(G26>0,F26/G26,"")`,
		"I26": "SUM(I6:I25)", "J26": "SUM(J6:J25)", "K26": `IF(J26>0,I26/J26,"")`,
	}
	for cell, w := range formulas {
		if got := formula(t, f, s, cell); got != w {
			t.Errorf("%s formula %q, want %q", cell, got, w)
		}
	}
	for cell, w := range map[string]float64{"D26": 18, "F26": 41, "G26": 41, "I26": 5989, "J26": 11041,
		"K26": round(5989.0 / 11041.0), "K9": round(188.2 / 570.3)} {
		if got := calc(t, f, s, cell); got != w {
			t.Errorf("%s computes to %v, want %v", cell, got, w)
		}
	}
	panes, err := f.GetPanes(s)
	if err != nil || !panes.Freeze || panes.TopLeftCell != "C6" {
		t.Errorf("panes %+v, %v; want frozen at C6", panes, err)
	}
}

// TestProject3Sheet: only the town has a Project 3 plan; the other units
// show no plan and no rate, and the totals are the town's.
func TestProject3Sheet(t *testing.T) {
	f := open(t, digesttest.Sample(), i18n.VI)
	s := viSheets[4]
	for cell, w := range map[string]string{"F6": "1", "G6": "1", "I6": "160", "J6": "160", "I7": "", "J7": ""} {
		if got := raw(t, f, s, cell); got != w {
			t.Errorf("%s = %q, want %q", cell, got, w)
		}
	}
	if got := formula(t, f, s, "K7"); got != "" {
		t.Errorf("K7 (no plan) has formula %q", got)
	}
	for cell, w := range map[string]float64{"I26": 160, "J26": 160, "K26": 1, "F26": 1} {
		if got := calc(t, f, s, cell); got != w {
			t.Errorf("%s computes to %v, want %v", cell, got, w)
		}
	}
}

// TestSummary checks the summary: completeness, and each total taken by
// formula from its unit sheet, computing to the document's figures.
func TestSummary(t *testing.T) {
	f := open(t, digesttest.Sample(), i18n.VI)
	s := viSheets[0]
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	find := func(label string) int {
		for i, r := range rows {
			if len(r) > 0 && r[0] == label {
				return i + 1
			}
		}
		t.Fatalf("no row %q in %q", label, rows)
		return 0
	}
	if r := find("Kỳ báo cáo"); rows[r-1][1] != "Tuần 38 (14/09–20/09/2020)" {
		t.Errorf("period %q", rows[r-1][1])
	}
	find("DỮ LIỆU MẪU: số liệu phân bổ cho từng đơn vị là giả định, chỉ dùng để minh họa.")
	cell := func(c string, r int) string { return c + strconv.Itoa(r) }

	r := find("Đơn vị đã báo cáo")
	if raw(t, f, s, cell("C", r)) != "18" || raw(t, f, s, cell("D", r)) != "20" || calc(t, f, s, cell("E", r)) != 0.9 {
		t.Errorf("completeness row %v", rows[r-1])
	}
	type want struct {
		label                     string
		value, target, prev       float64
		valueRef, targetRef, unit string
	}
	for _, w := range []want{
		{"Số hộ thoát nghèo từ đầu năm", 215, 301, 198, "'Chỉ tiêu chung'!F26", "'Chỉ tiêu chung'!G26", "hộ"},
		{"Số công trình cơ sở hạ tầng CT135 đang thực hiện", 41, 41, 41, "'" + viSheets[2] + "'!F26", "'" + viSheets[2] + "'!G26", "công trình"},
		{"Vốn CT135 – đầu tư cơ sở hạ tầng đã giải ngân (lũy kế)", 5989, 11041, 5512, "'" + viSheets[2] + "'!I26", "'" + viSheets[2] + "'!J26", "triệu đồng"},
		{"Vốn CT135 – hỗ trợ phát triển sản xuất đã giải ngân (lũy kế)", 2620, 3157, 2386.5, "'" + viSheets[3] + "'!I26", "'" + viSheets[3] + "'!J26", "triệu đồng"},
		{"Vốn Dự án 3 – hỗ trợ sản xuất ngoài CT135 đã giải ngân (lũy kế)", 160, 160, 160, "'" + viSheets[4] + "'!I26", "'" + viSheets[4] + "'!J26", "triệu đồng"},
	} {
		r := find(w.label)
		if got := raw(t, f, s, cell("B", r)); got != w.unit {
			t.Errorf("%s: unit %q, want %q", w.label, got, w.unit)
		}
		if got := formula(t, f, s, cell("C", r)); got != w.valueRef {
			t.Errorf("%s: value formula %q, want %q", w.label, got, w.valueRef)
		}
		if got := formula(t, f, s, cell("D", r)); got != w.targetRef {
			t.Errorf("%s: plan formula %q, want %q", w.label, got, w.targetRef)
		}
		if got := formula(t, f, s, cell("G", r)); got != "C"+strconv.Itoa(r)+"-F"+strconv.Itoa(r) {
			t.Errorf("%s: change formula %q", w.label, got)
		}
		got := []float64{calc(t, f, s, cell("C", r)), calc(t, f, s, cell("D", r)), calc(t, f, s, cell("E", r)),
			calc(t, f, s, cell("F", r)), calc(t, f, s, cell("G", r))}
		exp := []float64{w.value, w.target, round(w.value / w.target), w.prev, round(w.value - w.prev)}
		for i := range got {
			if got[i] != exp[i] {
				t.Errorf("%s: C–G compute to %v, want %v", w.label, got, exp)
				break
			}
		}
	}
}

// TestNumberFormats: money with one decimal, counts as integers, rates as
// percentages, dates as dd/mm/yyyy.
func TestNumberFormats(t *testing.T) {
	f := open(t, digesttest.Sample(), i18n.EN)
	s := "Project 2 – Sub-project 1"
	for cell, w := range map[string]string{"F9": "#,##0", "I9": "#,##0.0", "K9": "0.0%", "E9": "dd/mm/yyyy", "I26": "#,##0.0"} {
		id, err := f.GetCellStyle(s, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != w {
			t.Errorf("%s: number format %v, want %q", cell, st.CustomNumFmt, w)
		}
	}
	for cell, w := range map[string]string{"D6": "Yes", "D15": "No", "B26": "Total", "B9": "Bằng Phúc commune",
		"F4": "Program 135 infrastructure works under way (works)", "I9": "188.2"} {
		if got, _ := f.GetCellValue(s, cell); got != w {
			t.Errorf("%s shows %q, want %q", cell, got, w)
		}
	}
}

// TestSheetName checks the sheet-name rules: forbidden characters, length,
// case-insensitive uniqueness, the reserved name History.
func TestSheetName(t *testing.T) {
	b := &book{taken: map[string]bool{}}
	for _, c := range []struct{ in, want string }{
		{"Dự án 2 (CT 135) – Tiểu dự án 1", "Dự án 2 (CT 135) – Tiểu dự án 1"},
		{"dự án 2 (ct 135) – tiểu dự án 1", "dự án 2 (ct 135) – tiểu dự… (2)"},
		{"Vốn [2020]: giải ngân/kế hoạch?*", "Vốn 2020 giải ngân kế hoạch"},
		{"'Quý 3'", "Quý 3"},
		{"History", "History (2)"},
		{"[]:*?/\\", "item"},
		{"Một tên rất dài vượt quá ba mươi mốt ký tự cho phép", "Một tên rất dài vượt quá ba mư…"},
	} {
		got := b.name(c.in, "item")
		if got != c.want || len([]rune(got)) > 31 {
			t.Errorf("name(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"Dự án 3: Hỗ trợ phát triển sản xuất":                                "Dự án 3",
		"Project 2 (Program 135) – Sub-project 1: Infrastructure investment": "Project 2 – Sub-project 1",
		"Households": "Households",
	} {
		if got := shortName(in); got != want {
			t.Errorf("shortName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEmpty: a digest without units, items or headline still makes a
// workbook with its summary.
func TestEmpty(t *testing.T) {
	d := digesttest.Sample()
	d.Units, d.Reported = nil, 0
	f := open(t, d, i18n.VI)
	if got := f.GetSheetList(); len(got) != 6 {
		t.Errorf("sheets %q", got)
	}
	if got := raw(t, f, viSheets[2], "B6"); got != "Tổng cộng" {
		t.Errorf("total row B6 = %q", got)
	}
	d.Items, d.Headline = nil, nil
	if got := open(t, d, i18n.EN).GetSheetList(); len(got) != 2 || got[0] != "Summary" || got[1] != "Progress and opinions" {
		t.Errorf("sheets %q", got)
	}
}

// TestCatalogKeys checks that every message key the workbook uses exists
// in every language: for the keys picked from lists, no cell of either
// workbook reads "[key]".
func TestCatalogKeys(t *testing.T) {
	for _, lang := range i18n.Langs {
		f := open(t, digesttest.Sample(), lang)
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				for _, v := range r {
					if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
						t.Errorf("%s: %s: missing message %s", lang, s, v)
					}
				}
			}
		}
	}
	// The literal keys of the source are checked with every other package's
	// by bot's TestCatalogHasEveryKeyUsed.
}

// BenchmarkXLSX writes the 20-unit sample.
func BenchmarkXLSX(b *testing.B) {
	d := digesttest.Sample()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := XLSX(d, i18n.VI); err != nil {
			b.Fatal(err)
		}
	}
}
