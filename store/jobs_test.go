package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fieldbot/bot"
)

func TestJobRanOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2020, 9, 21, 0, 30, 0, 0, time.UTC)
	ran := func() bool {
		var r bool
		if err := db.Update(context.Background(), func(tx bot.Tx) error {
			var err error
			r, err = tx.JobRan("digest/2020-W38", at)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	done := func() bool {
		var d bool
		if err := db.View(context.Background(), func(tx bot.Tx) error {
			var err error
			d, err = tx.JobDone("digest/2020-W38")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if done() {
		t.Fatal("JobDone: a job never run was reported as done")
	}
	if ran() {
		t.Fatal("a job never run was reported as run")
	}
	if !done() {
		t.Fatal("JobDone: the recorded run was not seen")
	}
	if !ran() {
		t.Fatal("the run was not recorded")
	}
	db.Close()
	if db, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !ran() {
		t.Error("the run was forgotten across a restart")
	}
	err = db.Update(context.Background(), func(tx bot.Tx) error { _, err := tx.JobRan("", at); return err })
	if err == nil {
		t.Error("an empty key was accepted")
	}
}
