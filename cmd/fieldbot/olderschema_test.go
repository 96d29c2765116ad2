package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReadingAnOlderDatabase: export, history and digest on a stopped
// bot's database of a schema they cannot read as it is (3: before the
// outbox index; a schema 4 file is read as it is, TestReadOnlyCommandsOnSchema4)
// say in words what to do, without the store's English detail, and write
// nothing.
func TestReadingAnOlderDatabase(t *testing.T) {
	path := olderDB(t, 3)
	out := filepath.Join(t.TempDir(), "x.csv")
	for _, args := range [][]string{
		{"export", "--db", path, "--format", "csv", "--out", out},
		{"history", "--db", path, "--unit", "ban-thi", "--period", "2020-W38"},
		{"digest", "--db", path, "--period", "2020-W38", "--out", t.TempDir()},
	} {
		_, errOut, code := runCmd(t, "", args...)
		if code == 0 {
			t.Fatalf("%s: exit 0", args[0])
		}
		mustHave(t, errOut, "do phiên bản fieldbot trước tạo ra", "fieldbot run")
		if strings.Contains(errOut, "needs migrating") {
			t.Errorf("%s: the store's detail shown:\n%s", args[0], errOut)
		}
	}
}
