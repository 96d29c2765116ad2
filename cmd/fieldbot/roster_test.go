package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/i18n"
	"fieldbot/store"
)

// dbRoster reads the roster stored in the database at path (nil: none).
func dbRoster(t *testing.T, path string) *bot.Roster {
	t.Helper()
	db, err := store.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var r *bot.Roster
	err = db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		if r, err = tx.Roster(); err != nil && !strings.Contains(err.Error(), "not found") {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rosterSeededDB is a database whose roster the demo seeded (version 1).
func rosterSeededDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bot.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", path, "--as", "ha-duc-thang"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	if r := dbRoster(t, path); r == nil || r.Version != 1 {
		t.Fatalf("the demo did not seed the roster: %+v", r)
	}
	return path
}

// demoWith writes the demo configuration with edit applied and returns its path.
func demoWith(t *testing.T, edit func(string) string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "district.yaml")
	if err := os.WriteFile(path, []byte(edit(string(config.DemoYAML()))), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRosterImportYAML: the configuration's roster, changed, is shown as a
// dry run (nothing stored), then applied with --apply as one new version.
func TestRosterImportYAML(t *testing.T) {
	db := rosterSeededDB(t)
	cfg := demoWith(t, func(s string) string {
		return strings.Replace(s, `name: "Hoàng Thị Bình"`, `name: "Hoàng Thị Bình B"`, 1)
	})
	out, errOut, code := runCmd(t, "", "roster", "import", "--config", cfg, "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	mustHave(t, out, "phiên bản 1", "Nếu áp dụng sẽ có 1 thay đổi", "thành viên hoang-thi-binh: họ tên Hoàng Thị Bình → Hoàng Thị Bình B", "--apply")
	if r := dbRoster(t, db); r.Version != 1 || r.Member("hoang-thi-binh").Name != "Hoàng Thị Bình" {
		t.Fatalf("the dry run changed the roster: v%d", r.Version)
	}
	out, errOut, code = runCmd(t, "", "roster", "import", "--config", cfg, "--db", db, "--apply")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	mustHave(t, out, "Đã áp dụng 1 thay đổi (phiên bản 2)")
	if r := dbRoster(t, db); r.Version != 2 || r.Member("hoang-thi-binh").Name != "Hoàng Thị Bình B" {
		t.Fatalf("--apply did not store the change: v%d", r.Version)
	}
}

// TestRosterCSVRoundTrip: the exported CSV starts with a BOM and reads back
// as no change; an edited cell (a unit moved to another member, a target
// moved between two units) is a dry run, then applied.
func TestRosterCSVRoundTrip(t *testing.T) {
	db := rosterSeededDB(t)
	out, errOut, code := runCmd(t, "", "roster", "export", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "\ufeffLoại,Mã,Tên,") {
		t.Fatalf("CSV does not start with the BOM and the Vietnamese header: %q", out[:40])
	}
	file := filepath.Join(t.TempDir(), "roster.csv")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(out)
	got, _, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file)
	if code != 0 || !strings.Contains(got, "không có gì để thay đổi") {
		t.Fatalf("the export read back as a change (exit %d):\n%s", code, got)
	}
	edited := strings.Replace(out, "đơn vị,ban-thi,Xã Bản Thi,Bản Thi commune,,,,,,,,,18,", "đơn vị,ban-thi,Xã Bản Thi,Bản Thi commune,,,,,,,,ma-van-cuong,19,", 1)
	edited = strings.Replace(edited, "đơn vị,xuan-lac,Xã Xuân Lạc,Xuân Lạc commune,,,,,,,,,19,", "đơn vị,xuan-lac,Xã Xuân Lạc,Xuân Lạc commune,,,,,,,,,18,", 1)
	if strings.Count(edited, ",19,") < 1 || strings.Contains(edited, "Xuân Lạc commune,,,,,,,,,19,") {
		t.Fatal("the test's edit matched nothing")
	}
	write(edited)
	got, errOut, code = runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	mustHave(t, got, "Đã áp dụng 3 thay đổi", "đơn vị ban-thi: người báo cáo thay — → ma-van-cuong", "đơn vị ban-thi: chỉ tiêu Số hộ thoát nghèo từ đầu năm 18 → 19", "đơn vị xuan-lac: chỉ tiêu Số hộ thoát nghèo từ đầu năm 19 → 18")
	if r := dbRoster(t, db); r.Unit("ban-thi").Targets["households_escaped"] != 19 || r.Unit("ban-thi").Deputy != "ma-van-cuong" {
		t.Errorf("target not applied: %v", r.Unit("ban-thi").Targets)
	}
}

// TestRosterXLSXImport: the exported workbook, one cell changed with
// excelize, imports as that change; the English headers are read too.
func TestRosterXLSXImport(t *testing.T) {
	db := rosterSeededDB(t)
	file := filepath.Join(t.TempDir(), "roster.xlsx")
	if _, errOut, code := runCmd(t, "", "roster", "export", "--db", db, "--format", "xlsx", "--out", file); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	rows, _ := f.GetRows(sheet)
	for i, row := range rows {
		if len(row) > 1 && row[1] == "hoang-thi-binh" {
			cell, _ := excelize.CoordinatesToCellName(8, i+1) // Vai trò
			if err := f.SetCellValue(sheet, cell, "admin"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, h := range []string{"Kind", "Code", "Name"} { // English headers
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		_ = f.SetCellValue(sheet, cell, h)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, errOut, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file)
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s\n%s", code, errOut, out)
	}
	mustHave(t, out, "Nếu áp dụng sẽ có 1 thay đổi", "thành viên hoang-thi-binh: vai trò thành viên → quản trị")
	if r := dbRoster(t, db); r.Version != 1 || r.Member("hoang-thi-binh").Role != bot.RoleMember {
		t.Fatal("the dry run changed the roster")
	}
	out, errOut, code = runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply")
	if code != 0 {
		t.Fatalf("import: exit %d: %s\n%s", code, errOut, out)
	}
	mustHave(t, out, "Đã áp dụng 1 thay đổi", "thành viên hoang-thi-binh: vai trò thành viên → quản trị")
	if r := dbRoster(t, db); r.Member("hoang-thi-binh").Role != bot.RoleAdmin {
		t.Errorf("role not applied")
	}
}

// TestRosterImportBadInput: a wrong column, a bad cell, an unknown unit, a
// target breaking the declared total and a duplicate phone are each
// refused naming the row, column or value, and change nothing.
func TestRosterImportBadInput(t *testing.T) {
	db := rosterSeededDB(t)
	good, _, _ := runCmd(t, "", "roster", "export", "--db", db, "--format", "csv")
	cases := []struct {
		name, from, to string
		want           []string
	}{
		{"wrong column", "Chức vụ,", "Chuc vu cu,", []string{`cột E "Chuc vu cu": không phải cột của danh sách`}},
		{"bad role", ",0912 000 002,thành viên,", ",0912 000 002,boss,", []string{`dòng `, `cột Vai trò: "boss" không phải vai trò`}},
		{"bad number", ",,,,,,,,,,,,301,", ",,,,,,,,,,,,ba trăm,", []string{`dòng 2, cột households_escaped (Số hộ thoát nghèo từ đầu năm): "ba trăm" không phải số`}},
		{"unknown unit", "ban-thi xuan-lac dong-lac", "ban-thy xuan-lac dong-lac", []string{"hoang-thi-binh", "ban-thy"}},
		{"totals", ",,,,,,,,,,,,301,", ",,,,,,,,,,,,300,", []string{"Chỉ tiêu Số hộ thoát nghèo từ đầu năm: tổng các đơn vị là 301, khác tổng đã giao 300."}},
		{"unknown deputy", "Bản Thi commune,,,,,,,,,", "Bản Thi commune,,,,,,,,nobody,", []string{`Đơn vị ban-thi: người báo cáo thay "nobody" không có trong danh sách.`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if bad == good {
				t.Fatal("the case's edit matched nothing")
			}
			mustHave(t, importRefused(t, db, bad), append(c.want, "chưa thay đổi gì")...)
		})
	}
}

// TestRosterImportDuplicatePhone: two members of a roster file with one
// phone number are told with both rows of the file, like any other row's
// problem, by fieldbot roster import (Vietnamese) and by the file sent in
// the chat (read in English here); nothing is stored.
func TestRosterImportDuplicatePhone(t *testing.T) {
	db := rosterSeededDB(t)
	good, _, _ := runCmd(t, "", "roster", "export", "--db", db, "--format", "csv")
	bad := strings.Replace(good, "0912 000 002", "0912 000 001", 1) // hoang-thi-binh gets nguyen-van-an's number
	if bad == good {
		t.Fatal("the edit matched nothing")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(bad, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	vi, en := i18n.For(i18n.VI), i18n.For(i18n.EN)
	row := func(id string) int { // as a spreadsheet counts: the header is row 1
		for i, rec := range recs {
			if slices.Contains(rec, id) && slices.Contains(rec, "0912 000 001") {
				return i + 1
			}
		}
		t.Fatalf("no row of %s with the number", id)
		return 0
	}
	an, binh := row("nguyen-van-an"), row("hoang-thi-binh")
	if an >= binh || an < 2 {
		t.Fatalf("rows %d and %d: the test expects nguyen-van-an's first", an, binh)
	}
	header := vi.T("roster.col.phone") // the file's own header, in the language it was exported in
	mustHave(t, importRefused(t, db, bad), vi.T("cli.roster.dup_phone", "row", binh, "header", header, "phone", "0912 000 001",
		"id", "hoang-thi-binh", "other_row", an, "other", "nguyen-van-an"))
	_, err = readRosterDocument(config.Demo(), "ds.csv", []byte(bad), en)
	var fe *bot.RosterFileError
	if !errors.As(err, &fe) {
		t.Fatalf("the file sent in the chat: %v, want a RosterFileError", err)
	}
	mustHave(t, fe.Text, en.T("cli.roster.dup_phone", "row", binh, "header", header, "phone", "0912 000 001",
		"id", "hoang-thi-binh", "other_row", an, "other", "nguyen-van-an"))
}

// importRefused runs roster import --apply on a CSV roster, checks that it
// was refused (exit 1) and stored nothing, and returns what it said.
func importRefused(t *testing.T, db, roster string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "roster.csv")
	if err := os.WriteFile(file, []byte(roster), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if r := dbRoster(t, db); r.Version != 1 {
		t.Errorf("a refused import stored version %d", r.Version)
	}
	return errOut
}

// TestRosterImportLocked: while the bot holds the database, import says so
// and points to the chat.
func TestRosterImportLocked(t *testing.T) {
	db := rosterSeededDB(t)
	held, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	_, errOut, code := runCmd(t, "", "roster", "import", "--db", db)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	mustHave(t, errOut, "đang được bot sử dụng", "/giao")
}

// TestRosterTemplate: the template has the header, one row of each kind,
// and reads back without a problem.
func TestRosterTemplate(t *testing.T) {
	out, errOut, code := runCmd(t, "", "roster", "template")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "tổng,") || !strings.HasPrefix(lines[2], "đơn vị,") || !strings.HasPrefix(lines[3], "thành viên,") {
		t.Fatalf("template:\n%s", out)
	}
	file := filepath.Join(t.TempDir(), "mau.csv")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if _, err := readRosterCSV(i18n.For(i18n.VI), config.Demo(), data); err != nil {
		t.Errorf("the template does not read back: %v", err)
	}
}

// schema4DB is a database as the release before the roster left it:
// schema 4, no roster bucket, the demo's reports.
func schema4DB(t *testing.T) string { return olderDB(t, 4) }

// olderDB is the demo's seeded database made to look as a release of the
// given schema left it: no roster bucket, that version in meta.
func olderDB(t *testing.T, version byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", path, "--seed-reports"); code != 0 {
		t.Fatalf("seed: exit %d: %s", code, errOut)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(btx *bolt.Tx) error {
		if err := btx.DeleteBucket([]byte("roster")); err != nil {
			return err
		}
		return btx.Bucket([]byte("meta")).Put([]byte("version"), []byte{0, 0, 0, 0, 0, 0, 0, version})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadOnlyCommandsOnSchema4: the read-only commands read a database
// the release before made, without opening it read-write first: the
// roster comes from the YAML, as it did then, and the file is not changed.
func TestReadOnlyCommandsOnSchema4(t *testing.T) {
	path := schema4DB(t)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"digest", "--db", path, "--period", "2020-W38", "--out", dir},
		{"history", "--db", path, "--unit", "ban-thi", "--period", "2020-W38"},
		{"export", "--db", path, "--from", "2020-W37", "--to", "2020-W38", "--format", "csv", "--out", filepath.Join(dir, "x.csv")},
		{"check", "--db", path},
		{"roster", "export", "--db", path},
	} {
		out, errOut, code := runCmd(t, "", args...)
		if code != 0 {
			t.Errorf("%s on a schema 4 database: exit %d: %s", args[0], code, errOut)
			continue
		}
		if args[0] == "history" {
			mustHave(t, out, "Hoàng Thị Bình") // the member's name from the YAML's roster
		}
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_ = b.View(func(btx *bolt.Tx) error {
		if v := btx.Bucket([]byte("meta")).Get([]byte("version")); v[7] != 4 || btx.Bucket([]byte("roster")) != nil {
			t.Errorf("a read-only command changed the file: version %v, roster bucket %v", v, btx.Bucket([]byte("roster")) != nil)
		}
		return nil
	})
}

// TestRosterMigrationFromYAML: a database made by the version before the
// roster moved in (schema 4, no roster bucket, reports and accounts in it)
// gets its roster from the YAML on the first start, keeps its reports, and
// keeps that roster when the YAML changes afterwards.
func TestRosterMigrationFromYAML(t *testing.T) {
	path := schema4DB(t)
	cfg := demoWith(t, func(s string) string { return s })
	if _, errOut, code := runCmd(t, "", "demo", "--config", cfg, "--db", path, "--now", "2020-09-21 09:00", "--as", "ha-duc-thang"); code != 0 {
		t.Fatalf("first start: exit %d: %s", code, errOut)
	}
	r := dbRoster(t, path)
	if r == nil || r.Version != 1 || len(r.Units) != 20 || r.Member("hoang-thi-binh") == nil {
		t.Fatalf("the first start did not seed the roster from the YAML: %+v", r)
	}
	changed := demoWith(t, func(s string) string {
		return strings.Replace(s, `name: "Hoàng Thị Bình"`, `name: "Someone Else"`, 1)
	})
	_, errOut, code := runCmd(t, "", "demo", "--config", changed, "--db", path, "--now", "2020-09-21 09:00", "--as", "ha-duc-thang")
	if code != 0 {
		t.Fatalf("second start: exit %d: %s", code, errOut)
	}
	mustHave(t, errOut, "the roster in the database is used", "differences=1")
	if r := dbRoster(t, path); r.Version != 1 || r.Member("hoang-thi-binh").Name != "Hoàng Thị Bình" {
		t.Errorf("the changed YAML replaced the database's roster: v%d %q", r.Version, r.Member("hoang-thi-binh").Name)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(context.Background(), func(tx bot.Tx) error {
		reps, err := tx.PeriodReports("2020-W38")
		if err != nil || len(reps) != 20 {
			t.Errorf("reports after the migration: %d, %v; want 20", len(reps), err)
		}
		return nil
	})
}

// TestRosterDocumentReader: the reader the bot uses for a file an admin
// sends reads the exported CSV, names a bad cell, and refuses other files.
func TestRosterDocumentReader(t *testing.T) {
	db := rosterSeededDB(t)
	csv, _, _ := runCmd(t, "", "roster", "export", "--db", db)
	vi := i18n.For(i18n.VI)
	r, err := readRosterDocument(config.Demo(), "ds.CSV", []byte(csv), vi)
	if err != nil || len(r.Units) != 20 || len(r.Members) != 11 {
		t.Fatalf("read %v, %v", r, err)
	}
	var bad *bot.RosterFileError
	_, err = readRosterDocument(config.Demo(), "ds.csv", []byte(strings.Replace(csv, ",0912 000 002,thành viên,", ",0912 000 002,boss,", 1)), vi)
	if !errors.As(err, &bad) || !strings.Contains(bad.Text, `cột Vai trò: "boss"`) {
		t.Errorf("bad role: %v", err)
	}
	if _, err := readRosterDocument(config.Demo(), "ds.pdf", []byte("x"), vi); !errors.As(err, &bad) {
		t.Errorf("a PDF: %v", err)
	}
}

// TestInviteMemberAddedToRoster: fieldbot invite finds a member that is in
// the database's roster only (imported, not in the YAML).
func TestInviteMemberAddedToRoster(t *testing.T) {
	t.Setenv(botUsernameEnv, "")
	db := rosterSeededDB(t)
	out, _, _ := runCmd(t, "", "roster", "export", "--db", db, "--format", "yaml")
	out = strings.Replace(out, "members:\n", "members:\n  - id: ly-van-nam\n    name: Lý Văn Nam\n    role: admin\n", 1)
	file := filepath.Join(t.TempDir(), "roster.yaml")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, errOut, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply"); code != 0 {
		t.Fatalf("import: exit %d: %s\n%s", code, errOut, got)
	}
	got, errOut, code := runCmd(t, "", "invite", "--db", db, "--member", "ly-van-nam")
	if code != 0 {
		t.Fatalf("invite: exit %d: %s", code, errOut)
	}
	mustHave(t, got, "Lý Văn Nam (ly-van-nam)")
}

// TestRosterImportKeepsLeftOut: a file without a member's row deactivates
// that member (reports, accounts and history are theirs), it does not
// remove them, and the dry run says so; a file without the row of a unit
// that has reports is refused, naming the unit, and changes nothing.
func TestRosterImportKeepsLeftOut(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	out, errOut, code := runCmd(t, "", "roster", "export", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	file := filepath.Join(t.TempDir(), "roster.csv")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "thành viên,luong-van-hai,"):
			continue
		case strings.HasPrefix(l, "thành viên,nong-thi-hoa,"):
			l = strings.Replace(l, "dai-sao luong-bang", "dai-sao luong-bang binh-trung yen-thinh", 1)
		}
		lines = append(lines, l)
	}
	write(strings.Join(lines, "\n"))
	got, errOut, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file)
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, errOut)
	}
	mustHave(t, got, "thành viên luong-van-hai (Lường Văn Hải): ngừng hoạt động", "(luong-van-hai) không bị xoá")
	if strings.Contains(got, "− thành viên") {
		t.Fatalf("the dry run removes a member:\n%s", got)
	}
	if _, errOut, code = runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply"); code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	r := dbRoster(t, db)
	if m := r.Member("luong-van-hai"); m == nil || !m.Inactive {
		t.Fatalf("the member left out of the file: %+v, want kept and deactivated", m)
	}
	// The same file again: nothing to change (the kept member is not "removed" again).
	if got, _, _ = runCmd(t, "", "roster", "import", "--db", db, "--file", file); !strings.Contains(got, "không có gì để thay đổi") {
		t.Fatalf("the same file again is a change:\n%s", got)
	}
	var noUnit []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "đơn vị,tan-lap,") {
			noUnit = append(noUnit, strings.Replace(l, "dong-thang tan-lap", "dong-thang", 1))
		}
	}
	write(strings.Join(noUnit, "\n"))
	got, errOut, code = runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply")
	if code == 0 {
		t.Fatalf("a file without a unit that has reports was applied:\n%s", got)
	}
	mustHave(t, errOut, "Đơn vị tan-lap (Xã Tân Lập) không có trong tệp nhưng đã có báo cáo")
	if after := dbRoster(t, db); after.Version != r.Version || after.Unit("tan-lap") == nil {
		t.Fatalf("the refused file changed the roster: v%d → v%d", r.Version, after.Version)
	}
}

// TestRosterImportExcelCSV: the exported roster as Excel saves it again
// (";" between cells, a BOM, CRLF line ends, a phone number whose leading
// 0 Excel dropped) reads back as no change.
func TestRosterImportExcelCSV(t *testing.T) {
	db := rosterSeededDB(t)
	out, errOut, code := runCmd(t, "", "roster", "export", "--db", db)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	edited := false
	for _, r := range rows {
		if r[1] == "ma-van-cuong" && r[6] == "0912 000 003" {
			r[6], edited = "912000003", true
		}
	}
	if !edited {
		t.Fatal("the test's edit matched nothing")
	}
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	excel := b.String()
	file := filepath.Join(t.TempDir(), "excel.csv")
	if err := os.WriteFile(file, []byte(excel), 0o644); err != nil {
		t.Fatal(err)
	}
	got, errOut, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file)
	if code != 0 || !strings.Contains(got, "không có gì để thay đổi") {
		t.Fatalf("Excel's CSV read as a change (exit %d):\n%s%s", code, got, errOut)
	}
}

// TestDemoAsDeactivatedMember: demo --as a deactivated member says they
// are deactivated and how to bring them back, not that they do not exist.
func TestDemoAsDeactivatedMember(t *testing.T) {
	db := rosterSeededDB(t)
	in := "/giao hoang-thi-binh bang-lung, ngoc-phai, phuong-vien\n/ngung nguyen-van-an\n"
	if _, errOut, code := runCmd(t, in, "demo", "--db", db, "--as", "be-thi-lan"); code != 0 {
		t.Fatalf("demo as the admin: exit %d: %s", code, errOut)
	}
	if m := dbRoster(t, db).Member("nguyen-van-an"); m == nil || !m.Inactive {
		t.Fatalf("the admin's /ngung did not deactivate: %+v", m)
	}
	_, errOut, code := runCmd(t, "", "demo", "--db", db, "--as", "nguyen-van-an")
	if code == 0 {
		t.Fatal("demo --as a deactivated member ran")
	}
	mustHave(t, errOut, `Thành viên "nguyen-van-an" đã ngừng hoạt động`, "/kichhoat nguyen-van-an")
}

// TestRosterCSVAcrossLanguages: a CSV exported in English (1,234.5, English
// headers) reads back unchanged in a Vietnamese command line, and one
// exported in Vietnamese (823,3) in an English one: numbers are read the way
// the file's header language writes them.
func TestRosterCSVAcrossLanguages(t *testing.T) {
	db := rosterSeededDB(t)
	run := func(lang i18n.Lang, args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, p: i18n.For(lang), clock: frozen}
		code := e.run(context.Background(), args)
		return out.String(), errb.String(), code
	}
	for _, tc := range []struct{ from, to i18n.Lang }{{i18n.EN, i18n.VI}, {i18n.VI, i18n.EN}} {
		out, errOut, code := run(tc.from, "roster", "export", "--db", db)
		if code != 0 {
			t.Fatalf("export (%s): exit %d: %s", tc.from, code, errOut)
		}
		file := filepath.Join(t.TempDir(), "roster.csv")
		if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		got, errOut, code := run(tc.to, "roster", "import", "--db", db, "--file", file)
		if code != 0 || strings.Contains(got, "→") {
			t.Errorf("a %s export read in %s: exit %d:\n%s%s", tc.from, tc.to, code, got, errOut)
		}
	}
}
