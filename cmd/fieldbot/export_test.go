package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot"
	"fieldbot/store"
)

// seededDB is the demo database with weeks 37 and 38 of 2020 seeded
// through the engine, and one correction: Xã Bản Thi's week 38 report
// filed again with 17 households (its revision 2), marked late.
func seededDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
		t.Fatalf("seed: exit %d: %s", code, errOut)
	}
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Update(context.Background(), func(tx bot.Tx) error {
		r, err := tx.LatestReport("2020-W38", "ban-thi")
		if err != nil {
			return err
		}
		r.Values["households_escaped"] = bot.Value{Num: 17}
		r.At = r.At.Add(26 * time.Hour)
		r.Changed, r.Late = []string{"households_escaped"}, true
		return tx.PutReport(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestExportCSVGolden: the CSV of the seeded weeks, latest revisions and
// every revision, in both languages, is the golden file byte for byte
// (UTF-8 with a BOM, ';' between fields, numbers with a decimal point).
func TestExportCSVGolden(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		rows int
	}{
		{"export_vi.csv", []string{"--lang", "vi"}, 40},
		{"export_en.csv", []string{"--lang", "en"}, 40},
		{"export_revisions_vi.csv", []string{"--revisions"}, 41},
	} {
		out := filepath.Join(dir, tc.name)
		args := append([]string{"export", "--db", db, "--from", "2020-W37", "--to", "2020-W38", "--format", "csv", "--out", out}, tc.args...)
		stdout, errOut, code := runCmd(t, "", args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errOut)
		}
		mustHave(t, stdout, out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
			t.Errorf("%s: no UTF-8 byte order mark", tc.name)
		}
		if n := bytes.Count(b, []byte("\r\n")); n != tc.rows+1 {
			t.Errorf("%s: %d lines, want a header and %d rows", tc.name, n, tc.rows)
		}
		golden(t, tc.name+".golden", string(b))
	}
	vi, _ := os.ReadFile(filepath.Join(dir, "export_vi.csv"))
	mustHave(t, string(vi), "Kỳ báo cáo;Mã đơn vị;Đơn vị;", "Số hộ thoát nghèo từ đầu năm (hộ)",
		"2020-W38;ban-thi;Xã Bản Thi;hoang-thi-binh;Hoàng Thị Bình;bảng điều khiển;2020-09-18T10:51:00+07:00;2;Đã nộp;có;17;")
	if strings.Contains(string(vi), "5.989") || strings.Contains(string(vi), "573,7") {
		t.Error("a number is written the people's way, not machine-readable")
	}
	rev, _ := os.ReadFile(filepath.Join(dir, "export_revisions_vi.csv"))
	mustHave(t, string(rev), "2020-W38;ban-thi;Xã Bản Thi;hoang-thi-binh;Hoàng Thị Bình;bảng điều khiển;2020-09-17T08:51:00+07:00;1;")
}

// TestExportWorkbookReadBack opens the XLSX with excelize: the headers, the
// numbers stored as number cells, the submission time as a date-time.
func TestExportWorkbookReadBack(t *testing.T) {
	db := seededDB(t)
	out := filepath.Join(t.TempDir(), "x.xlsx")
	if _, errOut, code := runCmd(t, "", "export", "--db", db, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Báo cáo" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("Báo cáo")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 41 {
		t.Fatalf("%d rows, want a header and 40 reports", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i + 1
	}
	for _, h := range []string{"Kỳ báo cáo", "Mã đơn vị", "Đơn vị", "Mã thành viên", "Thành viên báo cáo", "Kênh",
		"Thời điểm gửi", "Lần gửi", "Trạng thái", "Nộp muộn", "Số hộ thoát nghèo từ đầu năm (hộ)",
		"Vốn CT135 – đầu tư cơ sở hạ tầng đã giải ngân (lũy kế) (triệu đồng)",
		"Chỉ tiêu, kế hoạch: Số hộ thoát nghèo từ đầu năm (hộ)"} {
		if col[h] == 0 {
			t.Errorf("no column %q in %q", h, rows[0])
		}
	}
	// Bản Thi's week 38 (its second revision) is the last row of week 38's first units.
	r := 0
	for i, row := range rows {
		if row[0] == "2020-W38" && row[1] == "ban-thi" {
			r = i + 1
		}
	}
	if r == 0 {
		t.Fatal("no row for ban-thi in 2020-W38")
	}
	cell := func(header string) string {
		name, _ := excelize.CoordinatesToCellName(col[header], r)
		return name
	}
	for header, want := range map[string]string{
		"Số hộ thoát nghèo từ đầu năm (hộ)": "17",
		"Lần gửi": "2",
		"Chỉ tiêu, kế hoạch: Số hộ thoát nghèo từ đầu năm (hộ)":               "18",
		"Vốn CT135 – đầu tư cơ sở hạ tầng đã giải ngân (lũy kế) (triệu đồng)": "573.7",
	} {
		typ, err := f.GetCellType("Báo cáo", cell(header))
		if err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s: cell type %v (%v), want a number", header, typ, err)
		}
		raw, _ := f.GetCellValue("Báo cáo", cell(header), excelize.Options{RawCellValue: true})
		if raw != want {
			t.Errorf("%s = %q, want %q", header, raw, want)
		}
	}
	at, _ := f.GetCellValue("Báo cáo", cell("Thời điểm gửi"))
	if at != "2020-09-18 10:51:00" {
		t.Errorf("submitted at %q, want the local time 2020-09-18 10:51:00", at)
	}
	if v, _ := f.GetCellValue("Báo cáo", cell("Trạng thái")); v != "Đã nộp" {
		t.Errorf("state %q", v)
	}
}

// TestExportJSON decodes the JSON export: an array of objects with the
// same keys in every row, answers by field ID, a choice by its ID.
func TestExportJSON(t *testing.T) {
	db := seededDB(t)
	out := filepath.Join(t.TempDir(), "x.json")
	if _, errOut, code := runCmd(t, "", "export", "--db", db, "--format", "json", "--revisions", "--from", "2020-W38", "--out", out, "--lang", "en"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 21 {
		t.Fatalf("%d rows, want 20 units and one correction", len(rows))
	}
	keys := "channel late member member_name period revision state submitted_at targets unit unit_name values"
	for i, r := range rows {
		var got []string
		for k := range r {
			got = append(got, k)
		}
		if s := strings.Join(sortStrings(got), " "); s != keys {
			t.Fatalf("row %d keys %q, want %q", i, s, keys)
		}
	}
	var first, second map[string]any
	for _, r := range rows {
		if r["unit"] == "ban-thi" {
			if r["revision"] == 1.0 {
				first = r
			} else {
				second = r
			}
		}
	}
	if first == nil || second == nil {
		t.Fatal("ban-thi's two revisions are not both there")
	}
	v1, v2 := first["values"].(map[string]any), second["values"].(map[string]any)
	if v1["households_escaped"] != 16.0 || v2["households_escaped"] != 17.0 || second["revision"] != 2.0 || second["late"] != true {
		t.Errorf("revisions: %v then %v", v1["households_escaped"], v2["households_escaped"])
	}
	if v1["progress"] != "on_track" && v1["progress"] != "behind" {
		t.Errorf("progress %v: want a choice ID", v1["progress"])
	}
	if first["state"] != "submitted" || first["late"] != false || first["unit_name"] != "Bản Thi commune" {
		t.Errorf("context: %v", first)
	}
	if tg := first["targets"].(map[string]any); tg["households_escaped"] != 18.0 {
		t.Errorf("targets %v", tg)
	}
}

// sortStrings sorts s in place and returns it.
func sortStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestExportBadInput: a range backwards, a range outside the data, a
// period of the wrong form and an unknown format each get one clear
// sentence naming the values, exit 1, and no file.
func TestExportBadInput(t *testing.T) {
	db := seededDB(t)
	out := filepath.Join(t.TempDir(), "x.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "2020-W38", "--to", "2020-W30"}, "Khoảng kỳ bị ngược: kỳ đầu 2020-W38 ở sau kỳ cuối 2020-W30"},
		{[]string{"--from", "2020-W40", "--to", "2020-W45"}, "Không có báo cáo nào từ 2020-W40 đến 2020-W45: dữ liệu hiện có từ 2020-W37 đến 2020-W38"},
		{[]string{"--from", "2020-W40"}, "Không có báo cáo nào từ 2020-W40 đến 2020-W40"},
		{[]string{"--to", "2019-W52"}, "Không có báo cáo nào từ 2019-W52 đến 2019-W52"},
		{[]string{"--from", "2020-09"}, `Kỳ "2020-09" không đúng dạng năm và số tuần, ví dụ 2020-W38`},
		{[]string{"--to", "2020-W54"}, `Kỳ "2020-W54" không đúng dạng`},
		{[]string{"--format", "pdf"}, `Định dạng "pdf" không được hỗ trợ`},
	} {
		args := append([]string{"export", "--db", db, "--format", "csv", "--out", out}, tc.args...)
		_, errOut, code := runCmd(t, "", args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 1 and %q", tc.args, code, errOut, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: a file was written", tc.args)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	s, err := store.Open(empty, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, errOut, code := runCmd(t, "", "export", "--db", empty, "--out", out); code != 1 || !strings.Contains(errOut, "Chưa có báo cáo nào để xuất") {
		t.Errorf("empty database: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runCmd(t, "", "export"); code != 2 || !strings.Contains(errOut, "fieldbot export") {
		t.Errorf("no --db: exit %d, %q", code, errOut)
	}
}
