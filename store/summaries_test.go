package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestSummaryRequestsSurviveReopen: requests get new numbers, are listed
// oldest first after the file is closed and opened again, never reuse a
// number once deleted, and a deletion reports whether there was one.
func TestSummaryRequestsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	put := func(db *DB, member string) uint64 {
		t.Helper()
		r := &bot.SummaryRequest{Chat: bot.ChatRef{Channel: "telegram", ChatID: "-100" + member}, User: "7", Member: member, Lang: i18n.EN, At: at}
		update(t, db, func(tx bot.Tx) error { return tx.RequestSummary(r) })
		return r.ID
	}
	a, b := put(db, "chair"), put(db, "view")
	if a == 0 || b <= a {
		t.Fatalf("ids %d, %d: want increasing from 1", a, b)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, Options{})
	var got []bot.SummaryRequest
	view(t, db, func(tx bot.Tx) error { got, err = tx.SummaryRequests(); return err })
	if len(got) != 2 || got[0].ID != a || got[1].ID != b || got[0].Member != "chair" || got[0].Lang != i18n.EN ||
		got[0].Chat.ChatID != "-100chair" || got[0].User != "7" || !got[0].At.Equal(at) {
		t.Fatalf("after reopening: %+v", got)
	}
	for _, want := range []bool{true, false} {
		var there bool
		update(t, db, func(tx bot.Tx) error { there, err = tx.DeleteSummaryRequest(a); return err })
		if there != want {
			t.Errorf("delete %d: there = %v, want %v", a, there, want)
		}
	}
	if c := put(db, "office"); c <= b {
		t.Errorf("a new request got id %d, not above %d", c, b)
	}
	view(t, db, func(tx bot.Tx) error { got, err = tx.SummaryRequests(); return err })
	if len(got) != 2 || got[0].ID != b {
		t.Errorf("left: %+v", got)
	}
	bad := &bot.SummaryRequest{Chat: bot.ChatRef{Channel: "tele/gram", ChatID: "1"}}
	if err := db.Update(context.Background(), func(tx bot.Tx) error { return tx.RequestSummary(bad) }); err == nil {
		t.Error("a request with a bad chat was stored")
	} else if errors.Is(err, bot.ErrNotFound) {
		t.Errorf("bad chat: %v", err)
	}
}
