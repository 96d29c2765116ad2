package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"fieldbot/bot"
)

// TestReportSpan: the first and last periods holding a report, none for
// an empty database, whatever the units.
func TestReportSpan(t *testing.T) {
	db := openTest(t)
	span := func() (string, string) {
		var first, last string
		view(t, db, func(tx bot.Tx) error {
			var err error
			first, last, err = tx.ReportSpan()
			return err
		})
		return first, last
	}
	if f, l := span(); f != "" || l != "" {
		t.Errorf("empty: %q %q", f, l)
	}
	putReports(t, db, report("2020-W38", "zz", 1), report("2020-W05", "aa", 1), report("2021-W01", "bb", 1), report("2020-W38", "aa", 2))
	if f, l := span(); f != "2020-W05" || l != "2021-W01" {
		t.Errorf("span %q–%q, want 2020-W05–2021-W01", f, l)
	}
}

// TestSnapshot: the copy is told its size first, is that many bytes, and
// opens as the same database while the original stays open.
func TestSnapshot(t *testing.T) {
	db := openTest(t)
	putReports(t, db, report("2020-W38", "aa", 7))
	var buf bytes.Buffer
	var told int64
	n, err := db.Snapshot(context.Background(), &buf, func(size int64) error { told = size; return nil })
	if err != nil || n != told || int64(buf.Len()) != n {
		t.Fatalf("snapshot: %d bytes, told %d, buffer %d: %v", n, told, buf.Len(), err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cp := openAt(t, path, Options{ReadOnly: true})
	view(t, cp, func(tx bot.Tx) error {
		r, err := tx.LatestReport("2020-W38", "aa")
		if err != nil || r.Values["v"].Num != 7 {
			t.Errorf("copy's report %+v, %v", r, err)
		}
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Snapshot(ctx, &bytes.Buffer{}, nil); err == nil {
		t.Error("a cancelled snapshot went through")
	}
}
