package sheet

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// answered is the sample with the demo form and every reporting unit's
// answers: its figures, a progress rating (Xã Bằng Phúc at risk), and text
// answers ("không" to the proposals).
func answered(t *testing.T) *digest.Digest {
	t.Helper()
	d := digesttest.Sample()
	d.Fields = config.Demo().Form.Fields
	var rating digest.Rating
	for _, f := range d.Fields {
		if f.ID == "progress" {
			rating = digest.Rating{Field: f.ID, Label: f.Label}
			for _, c := range f.Choices {
				rating.Choices = append(rating.Choices, digest.ChoiceCount{ID: c.ID, Label: c.Label})
			}
		}
	}
	for i := range d.Units {
		u := &d.Units[i]
		// A unit that did not report has the answers of its older report,
		// as digest.Build gives them.
		u.Answers = map[string]bot.Value{"progress": {Text: "on_track"}, "proposals": {Text: "không"}}
		for id, v := range u.Values {
			u.Answers[id] = bot.Value{Num: v}
		}
		if !u.Reported {
			continue
		}
		choice := 0
		if u.Code == "bang-phuc" {
			choice = 2
			u.Answers["progress"] = bot.Value{Text: "at_risk"}
			u.Answers["difficulties"] = bot.Value{Text: d.Notes[0].Text}
		}
		rating.Choices[choice].Units = append(rating.Choices[choice].Units, u.Code)
	}
	d.Ratings = []digest.Rating{rating}
	return d
}

// row finds the row of the sheet whose column B is unit.
func row(t *testing.T, f *excelize.File, sheet, unit string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 1 && r[1] == unit {
			return r
		}
	}
	t.Fatalf("%s: no row for %q", sheet, unit)
	return nil
}

// TestFiguresSheet: one row per unit, one column per question in its unit,
// each answer as reported (numbers as numbers, the choice by its label,
// "không" as written); a unit that did not report is blank.
func TestFiguresSheet(t *testing.T) {
	d := answered(t)
	f := open(t, d, i18n.VI)
	s := "Số liệu báo cáo"
	if got := f.GetSheetList(); len(got) != 7 || got[5] != s || got[6] != "Tiến độ và ý kiến" {
		t.Fatalf("sheets %q", got)
	}
	head, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	header := head[figHead-1]
	want := []string{"STT", "Đơn vị", "Báo cáo kỳ này", "Nộp muộn", "Ngày báo cáo", "Người báo cáo", "Số hộ thoát nghèo từ đầu năm (hộ)"}
	if strings.Join(header[:len(want)], "|") != strings.Join(want, "|") {
		t.Errorf("header %q, want it to start with %q", header, want)
	}
	if n := len(header) - figMember; n != len(d.Fields)-1 { // the photo has no column
		t.Errorf("%d field columns for %d fields with one photo", n, len(d.Fields))
	}
	col := map[string]int{}
	for i, f := range d.Fields {
		if f.ID != "photo" {
			col[f.ID] = figFields - 1 + i
		}
	}
	var bp digest.UnitRow
	bpRow := 0
	for i, u := range d.Units {
		if u.Code == "bang-phuc" {
			bp, bpRow = u, figFirst+i
		}
	}
	r := row(t, f, s, "Xã Bằng Phúc")
	for _, field := range []string{"households_escaped", "p135_infra_disbursed", "p135_prod_disbursed"} {
		if got := num(t, r[col[field]]); got != bp.Values[field] {
			t.Errorf("Xã Bằng Phúc %s = %v, want %v", field, got, bp.Values[field])
		}
	}
	for field, want := range map[string]string{
		"progress":     "Có nguy cơ không đạt",
		"proposals":    "không",
		"difficulties": d.Notes[0].Text,
	} {
		if got := r[col[field]]; got != want {
			t.Errorf("Xã Bằng Phúc %s = %q, want %q", field, got, want)
		}
	}
	if r[figReported-1] != "Có" || r[figMember-1] != bp.Member {
		t.Errorf("Xã Bằng Phúc: %q", r)
	}
	silent := row(t, f, s, "Xã Nam Cường")
	if silent[figReported-1] != "Chưa" || len(silent) > figReported && strings.Join(silent[figReported:], "") != "" {
		t.Errorf("Xã Nam Cường did not report in the week, but its row is %q", silent)
	}
	// The figures are numbers in the field's format.
	cell, _ := excelize.CoordinatesToCellName(col["p135_infra_disbursed"]+1, bpRow)
	if v, err := f.GetCellValue(s, cell); err != nil || v != strconv.FormatFloat(bp.Values["p135_infra_disbursed"], 'f', 1, 64) {
		t.Errorf("%s shows %q (%v), want %.1f", cell, v, err, bp.Values["p135_infra_disbursed"])
	}
}

// TestLateReportsMarked: the sheet of reported figures says of each unit
// that reported whether it filed late, under the export's heading, and
// leaves it blank for a unit that did not report (even when its older
// report was late); the summary counts the late ones when there are some.
// In both languages.
func TestLateReportsMarked(t *testing.T) {
	d := answered(t)
	var late, onTime, silent digest.UnitRow
	for i := range d.Units {
		u := &d.Units[i]
		switch {
		case u.Code == "bang-phuc":
			u.Late, late = true, *u
		case !u.Reported:
			u.Late, silent = true, *u // its older report, late: not this period's
		default:
			onTime = *u
		}
	}
	d.Late = 1
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		p := i18n.For(lang)
		f := open(t, d, lang)
		s := p.T("sheet.figures")
		head, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := head[figHead-1][figLate-1], p.T("export.col.late"); got != want {
			t.Errorf("%s: late column headed %q, want the export's %q", lang, got, want)
		}
		for _, c := range []struct {
			u    digest.UnitRow
			want string
		}{{late, p.T("sheet.late_yes")}, {onTime, p.T("sheet.late_no")}, {silent, ""}} {
			r := row(t, f, s, c.u.Name.In(lang))
			got := ""
			if len(r) >= figLate {
				got = r[figLate-1]
			}
			if got != c.want {
				t.Errorf("%s: %s (reported %v, late %v) marked %q, want %q", lang, c.u.Code, c.u.Reported, c.u.Late, got, c.want)
			}
		}
		sum := p.T("sheet.summary")
		n := rowAfter(t, f, sum, p.T("sheet.late_units"), 0)
		if v := raw(t, f, sum, "C"+n); v != "1" {
			t.Errorf("%s: summary counts %q late, want 1", lang, v)
		}
	}
	d.Late = 0
	rows, err := open(t, d, i18n.VI).GetRows(i18n.For(i18n.VI).T("sheet.summary"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == i18n.For(i18n.VI).T("sheet.late_units") {
			t.Error("the summary counts late reports with none late")
		}
	}
}

// num parses a raw numeric cell.
func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}

// rowAfter is the number of the row n rows under the one whose column A
// is label, as text for a cell name.
func rowAfter(t *testing.T, f *excelize.File, sheet, label string, n int) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return strconv.Itoa(i + 1 + n)
		}
	}
	t.Fatalf("%s: no row %q", sheet, label)
	return ""
}

// TestOpinionsSheet: the rating counted by option with the units named,
// and the difficulties and proposals quoted.
func TestOpinionsSheet(t *testing.T) {
	d := answered(t)
	f := open(t, d, i18n.VI)
	s := "Tiến độ và ý kiến"
	rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	text := func(r []string) string { return strings.Join(r, "|") }
	var all []string
	for _, r := range rows {
		all = append(all, text(r))
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{
		"Tự đánh giá: Đánh giá chung tiến độ thực hiện",
		"1|Đúng tiến độ|17|",
		"3|Có nguy cơ không đạt|1|Xã Bằng Phúc",
		"|Chưa đánh giá|0",
		"Khó khăn, vướng mắc và đề xuất, kiến nghị",
		"1|Xã Bằng Phúc|44092|Khó khăn, vướng mắc|" + d.Notes[0].Text,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q in the sheet:\n%s", want, joined)
		}
	}
	d.Notes = nil
	f = open(t, d, i18n.EN)
	if v := raw(t, f, "Progress and opinions", "A"+rowAfter(t, f, "Progress and opinions", "Difficulties and proposals", 2)); !strings.HasPrefix(v, "No unit raised") {
		t.Errorf("without notes: %q", v)
	}
}
