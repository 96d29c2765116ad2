package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

func TestOpenCreatesTree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	db := openAt(t, path, Options{})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	err = raw.View(func(btx *bolt.Tx) error {
		if name := missingBucket(btx); name != "" {
			t.Errorf("bucket %s missing", name)
		}
		v, err := readVersion(btx)
		if v != schemaVersion(migrations) || v == 0 {
			t.Errorf("version = %d, %v; want %d", v, err, schemaVersion(migrations))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDataSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	db := openAt(t, path, Options{})
	chat := bot.ChatRef{Channel: "telegram", ChatID: "-1001234"}
	update(t, db, func(tx bot.Tx) error {
		return errors.Join(
			tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "42", Member: "lan"}),
			tx.PutSession(&bot.Session{Chat: chat, Member: "lan", Step: bot.StepReview}),
			tx.PutReport(&bot.Report{Period: "2020-W38", Unit: "bang-lung", Member: "lan"}),
			tx.SetOffset("telegram", 99),
		)
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, Options{})
	view(t, db, func(tx bot.Tx) error {
		if m, err := tx.Identity("telegram", "42"); m.Member != "lan" || err != nil {
			t.Errorf("Identity = %+v, %v", m, err)
		}
		if s, err := tx.Session(chat); err != nil || s.Step != bot.StepReview {
			t.Errorf("Session = %+v, %v", s, err)
		}
		if r, err := tx.LatestReport("2020-W38", "bang-lung"); err != nil || r.Seq != 1 {
			t.Errorf("LatestReport = %+v, %v", r, err)
		}
		if n, err := tx.Offset("telegram"); n != 99 || err != nil {
			t.Errorf("Offset = %d, %v", n, err)
		}
		return nil
	})
}

func TestUpdateErrorRollsBack(t *testing.T) {
	db := openTest(t)
	boom := errors.New("boom")
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		if err := tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "42", Member: "lan"}); err != nil {
			return err
		}
		if _, err := tx.Enqueue(&bot.Outgoing{Chat: bot.ChatRef{Channel: "telegram", ChatID: "42"}, Key: "k"}); err != nil {
			return err
		}
		if err := tx.PutReport(&bot.Report{Period: "2020-W38", Unit: "u"}); err != nil {
			return err
		}
		if err := tx.SetOffset("telegram", 7); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update = %v, want fn's error unchanged", err)
	}
	view(t, db, func(tx bot.Tx) error {
		if _, err := tx.Identity("telegram", "42"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("identity survived rollback: %v", err)
		}
		if out, _ := tx.Outbox("telegram", 0); len(out) != 0 {
			t.Errorf("outbox survived rollback: %+v", out)
		}
		if rs, _ := tx.Revisions("2020-W38", "u"); len(rs) != 0 {
			t.Errorf("report survived rollback: %+v", rs)
		}
		if n, _ := tx.Offset("telegram"); n != 0 {
			t.Errorf("offset survived rollback: %d", n)
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error {
		out := &bot.Outgoing{Chat: bot.ChatRef{Channel: "telegram", ChatID: "42"}, Key: "k"}
		ok, err := tx.Enqueue(out)
		if !ok || out.ID != 1 {
			t.Errorf("Enqueue after rollback = %v, id %d, %v; want true, id 1", ok, out.ID, err)
		}
		return err
	})
}

func TestCanceledContext(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	fn := func(bot.Tx) error { called = true; return nil }
	for name, run := range map[string]func(context.Context, func(bot.Tx) error) error{
		"Update": db.Update, "View": db.View,
	} {
		if err := run(ctx, fn); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with canceled ctx = %v, want context.Canceled", name, err)
		}
	}
	if called {
		t.Error("fn ran despite the canceled context")
	}
}

func TestViewCannotWrite(t *testing.T) {
	db := openTest(t)
	err := db.View(context.Background(), func(tx bot.Tx) error {
		return tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "42", Member: "lan"})
	})
	if !errors.Is(err, bolt.ErrTxNotWritable) {
		t.Errorf("write in View = %v, want ErrTxNotWritable", err)
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	first := openAt(t, path, Options{})
	for _, opts := range []Options{{Timeout: 100 * time.Millisecond}, {Timeout: 100 * time.Millisecond, ReadOnly: true}} {
		start := time.Now()
		db, err := Open(path, opts)
		if err == nil {
			db.Close()
			t.Fatalf("second Open(%+v) succeeded while the first handle holds the lock", opts)
		}
		if !errors.Is(err, ErrLocked) {
			t.Errorf("second Open(%+v) = %v, want ErrLocked", opts, err)
		}
		for _, want := range []string{path, "in use by another fieldbot process"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if waited := time.Since(start); waited < 50*time.Millisecond {
			t.Errorf("gave up after %s, before the timeout", waited)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	openAt(t, path, Options{Timeout: 100 * time.Millisecond})
}

func TestOpenReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	db := openAt(t, path, Options{})
	update(t, db, func(tx bot.Tx) error { return tx.SetOffset("telegram", 5) })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	a := openAt(t, path, Options{ReadOnly: true})
	b := openAt(t, path, Options{ReadOnly: true}) // shared lock: readers coexist
	view(t, b, func(tx bot.Tx) error {
		if n, err := tx.Offset("telegram"); n != 5 || err != nil {
			t.Errorf("Offset = %d, %v; want 5", n, err)
		}
		return nil
	})
	if err := a.Update(context.Background(), func(tx bot.Tx) error { return nil }); err == nil {
		t.Error("Update on a read-only database succeeded")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none.db"), Options{ReadOnly: true}); err == nil {
		t.Error("read-only Open of a missing file succeeded")
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "no", "such", "dir", "fieldbot.db"), Options{})
	if err == nil || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrLocked) {
		t.Errorf("Open in a missing directory = %v, want a plain file-system error", err)
	}
}
