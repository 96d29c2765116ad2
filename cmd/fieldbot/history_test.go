package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldbot/i18n"
	"fieldbot/store"
)

// TestHistoryCommand: fieldbot history prints a unit's revisions of the
// seeded demo database in either language, read-only; bad input names the
// value; a database held by a running bot is said to be in use.
func TestHistoryCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
		t.Fatalf("seed: exit %d: %s", code, errOut)
	}
	out, errOut, code := runCmd(t, "", "history", "--db", db, "--unit", "Xã Bản Thi", "--period", "2020-W38")
	if code != 0 {
		t.Fatalf("history: exit %d: %s", code, errOut)
	}
	mustHave(t, out, "📜 Lịch sử báo cáo — Xã Bản Thi", "🗓 tuần 38 (14/09–20/09/2020):", "• Lần 1 — ", "báo cáo đầu tiên của kỳ")
	out, _, code = runCmd(t, "", "history", "--db", db, "--unit", "ban-thi", "--period", "2020-W37", "--lang", "en")
	if code != 0 {
		t.Fatalf("history en: exit %d", code)
	}
	mustHave(t, out, "📜 Report history — Bản Thi commune", "🗓 week 37", "• Revision 1 — ")
	// The default is the last four periods before the clock's (2026): none.
	out, _, _ = runCmd(t, "", "history", "--db", db, "--unit", "ban-thi")
	mustHave(t, out, "Xã Bản Thi chưa có báo cáo nào trong 4 kỳ gần đây.")

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"history", "--db", db}, 2, "--unit"},
		{[]string{"history", "--unit", "ban-thi"}, 2, "--db"},
		{[]string{"history", "--db", db, "--unit", "ha-noi"}, 1, "Không tìm thấy đơn vị \"ha-noi\""},
		{[]string{"history", "--db", db, "--unit", "ban-thi", "--period", "tuần 38"}, 1, "\"tuần 38\" không phải là một kỳ báo cáo"},
		{[]string{"history", "--db", db, "--unit", "ban-thi", "--lang", "fr"}, 2, "--lang"},
	} {
		_, errOut, code := runCmd(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errOut)
		}
	}

	held, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	inUse := i18n.For(i18n.VI).T("cli.db_in_use", "file", db)
	if _, errOut, code := runCmd(t, "", "history", "--db", db, "--unit", "ban-thi"); code != 1 || !strings.Contains(errOut, inUse) {
		t.Errorf("history of a database in use: exit %d, %q", code, errOut)
	}
}

// TestHistoryUnitFromDatabaseRoster: fieldbot history finds a unit by the
// name the database's roster gives it (renamed by a roster import), not
// only by the YAML's.
func TestHistoryUnitFromDatabaseRoster(t *testing.T) {
	db := rosterSeededDB(t)
	csv, errOut, code := runCmd(t, "", "roster", "export", "--db", db)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	renamed := strings.Replace(csv, "đơn vị,ban-thi,Xã Bản Thi,", "đơn vị,ban-thi,Xã Bản Thi Mới,", 1)
	if renamed == csv {
		t.Fatal("the test's edit matched nothing")
	}
	file := filepath.Join(t.TempDir(), "ds.csv")
	if err := os.WriteFile(file, []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCmd(t, "", "roster", "import", "--db", db, "--file", file, "--apply"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	out, errOut, code := runCmd(t, "", "history", "--db", db, "--unit", "Xã Bản Thi Mới")
	if code != 0 {
		t.Fatalf("history by the database's name: exit %d: %s", code, errOut)
	}
	mustHave(t, out, "Xã Bản Thi Mới")
}
