package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// TestCachedValues: every formula carries its result, so a viewer that
// does not recalculate shows the figures. Read back without calculation,
// each formula cell holds what Excel computes for it.
func TestCachedValues(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		f := open(t, digesttest.Sample(), lang)
		n := 0
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			for r := range rows {
				for c := 1; c <= 30; c++ {
					cell := ref(c, r+1)
					if formula(t, f, s, cell) == "" {
						continue
					}
					n++
					want, err := f.CalcCellValue(s, cell, excelize.Options{RawCellValue: true})
					if err != nil {
						t.Fatalf("%s!%s: %v", s, cell, err)
					}
					got := raw(t, f, s, cell)
					if want == "" {
						if got != "" {
							t.Errorf("%s %s!%s: cached %q, want empty", lang, s, cell, got)
						}
						continue
					}
					g, err1 := strconv.ParseFloat(got, 64)
					w, err2 := strconv.ParseFloat(want, 64)
					if err1 != nil || err2 != nil || math.Abs(g-w) > 1e-9 {
						t.Errorf("%s %s!%s: cached %q, computes to %q", lang, s, cell, got, want)
					}
				}
			}
		}
		if n < 100 {
			t.Errorf("%s: only %d formula cells", lang, n)
		}
	}
}

// TestSummaryShowsFiguresWithoutRecalculation reads the summary the way a
// phone viewer does: the stored values, formatted, with no calculation.
func TestSummaryShowsFiguresWithoutRecalculation(t *testing.T) {
	f := open(t, digesttest.Sample(), i18n.VI)
	s := viSheets[0]
	rows, err := f.GetRows(s) // formatted cached values; GetRows does not calculate
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"Đơn vị đã báo cáo":                                               {"18", "20", "90.0%"},
		"Số hộ thoát nghèo từ đầu năm":                                    {"215", "301", "71.4%"},
		"Vốn CT135 – đầu tư cơ sở hạ tầng đã giải ngân (lũy kế)":          {"5,989.0", "11,041.0", "54.2%"},
		"Vốn Dự án 3 – hỗ trợ sản xuất ngoài CT135 đã giải ngân (lũy kế)": {"160.0", "160.0", "100.0%"},
	}
	found := 0
	for _, r := range rows {
		if len(r) == 0 {
			continue
		}
		if w, ok := want[r[0]]; ok {
			found++
			if len(r) < 5 || strings.Join(r[2:5], " ") != strings.Join(w, " ") {
				t.Errorf("%s: %q, want %q", r[0], r, w)
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of %d rows in %q", found, len(want), rows)
	}
}

// formulaCell is a worksheet cell with a formula, as stored.
var formulaCell = regexp.MustCompile(`<c [^>]*>(?:<f>[^<]*</f>|<f [^>]*>[^<]*</f>)(<v>[^<]*</v>)?</c>`)

// TestFormulaCellsStoreValues unzips the workbook: every formula cell of a
// total or rate has a <v> with a number, typed as a number.
// The workbook with the sheets of answers and opinions is checked too.
func TestFormulaCellsStoreValues(t *testing.T) {
	for _, d := range []*digest.Digest{digesttest.Sample(), answered(t)} {
		formulaValues(t, d)
	}
}

// formulaValues checks the formula cells of d's workbook.
func formulaValues(t *testing.T, d *digest.Digest) {
	t.Helper()
	b, err := XLSX(d, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	cells := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		for _, c := range formulaCell.FindAllString(string(data), -1) {
			cells++
			if !strings.Contains(c, "<v>") || strings.Contains(c, `t="str"`) {
				t.Errorf("%s: %s", zf.Name, c)
			}
		}
	}
	if cells < 100 {
		t.Errorf("only %d formula cells", cells)
	}
}
