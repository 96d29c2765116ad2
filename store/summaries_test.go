package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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

// TestDamagedSummaryRequestHidesNoOther: a request record whose checksum
// fails is named in the error, and the others are still listed.
func TestDamagedSummaryRequestHidesNoOther(t *testing.T) {
	db := openTest(t)
	var ids []uint64
	for _, m := range []string{"chair", "view", "office"} {
		r := &bot.SummaryRequest{Chat: bot.ChatRef{Channel: "zalo", ChatID: m}, Member: m, Lang: i18n.VI}
		update(t, db, func(tx bot.Tx) error { return tx.RequestSummary(r) })
		ids = append(ids, r.ID)
	}
	if err := db.bolt.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketSummaries)
		v := append([]byte(nil), b.Get(u64(ids[1]))...)
		v[len(v)-3] ^= 0x20 // one bit flipped inside the record
		return b.Put(u64(ids[1]), v)
	}); err != nil {
		t.Fatal(err)
	}
	var got []bot.SummaryRequest
	err := db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		got, err = tx.SummaryRequests()
		return err
	})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), fmt.Sprintf("summary request %x", u64(ids[1]))) {
		t.Errorf("error = %v, want ErrCorrupt naming request %d", err, ids[1])
	}
	if len(got) != 2 || got[0].ID != ids[0] || got[1].ID != ids[2] {
		t.Errorf("listed %+v, want requests %d and %d", got, ids[0], ids[2])
	}
}
