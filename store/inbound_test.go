package store

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

func TestOffsets(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		if n, err := tx.Offset("telegram"); n != 0 || err != nil {
			t.Errorf("Offset of an unknown channel = %d, %v; want 0, nil", n, err)
		}
		for _, n := range []uint64{5, 1 << 40, 3} { // the last write wins, even if lower
			if err := tx.SetOffset("telegram", n); err != nil {
				return err
			}
		}
		return tx.SetOffset("zalo", 7)
	})
	view(t, db, func(tx bot.Tx) error {
		for ch, want := range map[string]uint64{"telegram": 3, "zalo": 7, "console": 0} {
			if n, err := tx.Offset(ch); n != want || err != nil {
				t.Errorf("Offset(%s) = %d, %v; want %d", ch, n, err, want)
			}
		}
		return nil
	})
}

func TestSeenInbound(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 14, 15, 4, 5, 999, time.FixedZone("ICT", 7*3600))
	seen := func(tx bot.Tx, channel, key string) bool {
		ok, err := tx.SeenInbound(channel, key, at)
		if err != nil {
			t.Fatalf("SeenInbound(%s, %s): %v", channel, key, err)
		}
		return ok
	}
	update(t, db, func(tx bot.Tx) error {
		if seen(tx, "zalo", "m/1") {
			t.Error("first sight reported as seen")
		}
		if !seen(tx, "zalo", "m/1") {
			t.Error("second sight in the same transaction not seen")
		}
		if seen(tx, "telegram", "m/1") {
			t.Error("same key on another channel reported as seen")
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error {
		if !seen(tx, "zalo", "m/1") {
			t.Error("key from an earlier transaction not seen")
		}
		return nil
	})
	if err := db.bolt.View(func(btx *bolt.Tx) error {
		if got := string(btx.Bucket(bucketInbound).Get([]byte("zalo/m/1"))); got != "2020-09-14T08:04:05Z" {
			t.Errorf("stored time = %q, want RFC3339 UTC", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestPruneInbound(t *testing.T) {
	db := openTest(t)
	t0 := time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		for i, k := range []string{"old", "new"} {
			if _, err := tx.SeenInbound("zalo", k, t0.Add(time.Duration(i)*40*24*time.Hour)); err != nil {
				return err
			}
		}
		if err := tx.PutLink("gone", bot.Link{Blob: "b", Name: "x.png", Expires: t0}); err != nil {
			return err
		}
		return tx.PutLink("kept", bot.Link{Blob: "b", Name: "x.png", Expires: t0.Add(60 * 24 * time.Hour)})
	})
	update(t, db, func(tx bot.Tx) error {
		if n, err := tx.PruneInbound(t0.Add(10 * 24 * time.Hour)); n != 2 || err != nil {
			t.Errorf("PruneInbound = %d, %v; want 2 (one key, one link)", n, err)
		}
		if seen, _ := tx.SeenInbound("zalo", "new", t0); !seen {
			t.Error("the recent key was pruned")
		}
		if seen, _ := tx.SeenInbound("zalo", "old", t0); seen {
			t.Error("the old key was kept")
		}
		if _, err := tx.Link("kept"); err != nil {
			t.Errorf("a live link was pruned: %v", err)
		}
		if _, err := tx.Link("gone"); err == nil {
			t.Error("an expired link was kept")
		}
		return nil
	})
}
