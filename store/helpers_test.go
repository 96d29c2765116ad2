package store

import (
	"context"
	"path/filepath"
	"testing"

	"fieldbot/bot"
)

// openTest opens a fresh database in a temporary directory and closes it when
// the test ends.
func openTest(t testing.TB) *DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "fieldbot.db"), Options{NoSync: true})
}

// openAt opens path and closes it when the test ends.
func openAt(t testing.TB, path string, opts Options) *DB {
	t.Helper()
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// update runs fn in a read-write transaction and fails the test on error.
func update(t testing.TB, db *DB, fn func(bot.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in a read-only transaction and fails the test on error.
func view(t testing.TB, db *DB, fn func(bot.Tx) error) {
	t.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}
