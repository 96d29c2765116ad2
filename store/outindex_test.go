package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// checkOutbox rebuilds the outbox's indexes and blob counts from its rows
// and fails the test unless the stored ones are exactly those.
func checkOutbox(t *testing.T, db *DB, when string) {
	t.Helper()
	err := db.bolt.View(func(btx *bolt.Tx) error {
		wantChats, wantDue := map[string]string{}, map[string]string{}
		wantRefs := map[string]uint64{}
		heads := map[string]bool{}
		err := btx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error { // ID order: a chat's first comes first
			o, err := decodeOutgoing(k, v)
			if err != nil {
				return err
			}
			wantChats[string(chatKey(o.Chat, o.ID))] = string(u64(dueOf(&o)))
			if !heads[o.Chat.Key()] {
				heads[o.Chat.Key()] = true
				wantDue[string(dueKey(o.Chat.Channel, dueOf(&o), o.ID))] = o.Chat.ChatID
			}
			for _, a := range o.Attach {
				if len(a.Data) > 0 {
					t.Errorf("%s: message %d keeps the bytes of %q in its row", when, o.ID, a.Name)
				}
				if a.Hash != "" {
					wantRefs[a.Hash]++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if got := bucketMap(btx, bucketOutChats); !maps.Equal(got, wantChats) {
			t.Errorf("%s: outchats = %q; want %q", when, got, wantChats)
		}
		if got := bucketMap(btx, bucketOutDue); !maps.Equal(got, wantDue) {
			t.Errorf("%s: outdue = %q; want %q", when, got, wantDue)
		}
		gotRefs := map[string]uint64{}
		for k, v := range bucketMap(btx, bucketOutRefs) {
			gotRefs[k] = binary.BigEndian.Uint64([]byte(v))
		}
		if !maps.Equal(gotRefs, wantRefs) {
			t.Errorf("%s: blob counts = %v; want %v", when, gotRefs, wantRefs)
		}
		blobs := slices.Sorted(maps.Keys(bucketMap(btx, bucketOutBlobs)))
		if want := slices.Sorted(maps.Keys(wantRefs)); !slices.Equal(blobs, want) {
			t.Errorf("%s: stored blobs %v; want those referred to, %v", when, blobs, want)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
}

// bucketMap is a bucket's contents.
func bucketMap(btx *bolt.Tx, name []byte) map[string]string {
	m := map[string]string{}
	_ = btx.Bucket(name).ForEach(func(k, v []byte) error { m[string(k)] = string(v); return nil })
	return m
}

// dueChats lists what DueChats visits, as "chat@due" (due in minutes after
// base, "-" for due at once).
func dueChats(t *testing.T, tx bot.Tx, channel string, base time.Time) []string {
	t.Helper()
	var got []string
	if err := tx.DueChats(channel, func(c bot.ChatRef, due time.Time) bool {
		d := "-"
		if !due.IsZero() {
			d = fmt.Sprint(int(due.Sub(base) / time.Minute))
		}
		got = append(got, c.ChatID+"@"+d)
		return true
	}); err != nil {
		t.Fatalf("DueChats: %v", err)
	}
	return got
}

// TestOutboxIndexInStep: after each outbox operation the indexes are exactly
// what the rows say, DueChats gives each chat once in order of its first
// message's due time, and ChatOutbox a chat's messages in order.
func TestOutboxIndexInStep(t *testing.T) {
	db := openTest(t)
	base := time.Date(2020, 9, 14, 8, 0, 0, 0, time.UTC)
	step := func(name string, fn func(tx bot.Tx) error) {
		t.Helper()
		update(t, db, fn)
		checkOutbox(t, db, name)
	}
	// chats "a", "a/b" (a chat id with "/"), "b"; one on zalo
	step("enqueue", func(tx bot.Tx) error {
		for _, c := range []string{"a", "a/b", "a", "b", "a/b"} {
			enqueue(t, tx, msg("telegram", c, c))
		}
		enqueue(t, tx, msg("zalo", "a", "z"))
		return nil
	})
	view(t, db, func(tx bot.Tx) error {
		if got, want := dueChats(t, tx, "telegram", base), []string{"a@-", "a/b@-", "b@-"}; !slices.Equal(got, want) {
			t.Errorf("DueChats = %v; want %v", got, want)
		}
		if got, err := tx.ChatOutbox(bot.ChatRef{Channel: "telegram", ChatID: "a/b"}, 0); err != nil || !slices.Equal(ids(got), []uint64{2, 5}) {
			t.Errorf("ChatOutbox(a/b) = %v, %v; want [2 5]", ids(got), err)
		}
		if got, err := tx.ChatOutbox(bot.ChatRef{Channel: "telegram", ChatID: "a"}, 1); err != nil || !slices.Equal(ids(got), []uint64{1}) {
			t.Errorf("ChatOutbox(a, 1) = %v, %v; want [1]", ids(got), err)
		}
		ab := bot.ChatRef{Channel: "telegram", ChatID: "a/b"}
		for _, c := range []struct {
			after uint64
			limit int
			want  []uint64
		}{{0, 0, []uint64{2, 5}}, {1, 0, []uint64{2, 5}}, {2, 0, []uint64{5}}, {2, 1, []uint64{5}}, {3, 0, []uint64{5}}, {5, 0, nil}, {^uint64(0), 0, nil}} {
			if got, err := tx.ChatOutboxAfter(ab, c.after, c.limit); err != nil || !slices.Equal(ids(got), c.want) {
				t.Errorf("ChatOutboxAfter(a/b, %d, %d) = %v, %v; want %v", c.after, c.limit, ids(got), err, c.want)
			}
		}
		if got, err := tx.ChatOutboxAfter(bot.ChatRef{Channel: "telegram", ChatID: "a"}, 1, 0); err != nil || !slices.Equal(ids(got), []uint64{3}) {
			t.Errorf("ChatOutboxAfter(a, 1) = %v, %v; want [3] (not a/b's)", ids(got), err)
		}
		return nil
	})
	step("reschedule a chat's first", func(tx bot.Tx) error {
		o := msg("telegram", "a", "a")
		o.ID, o.Attempts, o.NotBefore = 1, 1, base.Add(10*time.Minute)
		return tx.UpdateOutbox(o)
	})
	step("reschedule a later one", func(tx bot.Tx) error {
		o := msg("telegram", "a/b", "a/b")
		o.ID, o.NotBefore = 5, base.Add(20*time.Minute)
		return tx.UpdateOutbox(o)
	})
	view(t, db, func(tx bot.Tx) error {
		if got, want := dueChats(t, tx, "telegram", base), []string{"a/b@-", "b@-", "a@10"}; !slices.Equal(got, want) {
			t.Errorf("after rescheduling, DueChats = %v; want %v", got, want)
		}
		return nil
	})
	step("ack a chat's first", func(tx bot.Tx) error { return tx.Ack(2) }) // a/b's next (5) is due at 20
	step("ack a later one", func(tx bot.Tx) error { return tx.Ack(3) })
	step("dead-letter", func(tx bot.Tx) error { return tx.DeadLetter(4, bot.ReasonBlocked, "blocked", base) })
	view(t, db, func(tx bot.Tx) error {
		if got, want := dueChats(t, tx, "telegram", base), []string{"a@10", "a/b@20"}; !slices.Equal(got, want) {
			t.Errorf("after acks, DueChats = %v; want %v", got, want)
		}
		if got, want := dueChats(t, tx, "zalo", base), []string{"a@-"}; !slices.Equal(got, want) {
			t.Errorf("zalo's DueChats = %v; want %v", got, want)
		}
		return nil
	})
	step("empty", func(tx bot.Tx) error {
		for _, id := range []uint64{1, 5, 6} {
			if err := tx.Ack(id); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx bot.Tx) error {
		if got := dueChats(t, tx, "telegram", base); len(got) != 0 {
			t.Errorf("empty outbox: DueChats = %v", got)
		}
		return nil
	})
}

// TestOutboxBlobSharedOnce: one attachment sent to 50 recipients is stored
// once, referred to by hash from every row; it goes when the last row goes,
// and the dead letter keeps its name and hash only.
func TestOutboxBlobSharedOnce(t *testing.T) {
	db := openTest(t)
	data := bytes.Repeat([]byte("XLSX"), 4096)
	attach := []bot.Attachment{{Name: "tonghop.xlsx", Data: data}, {Name: "chart.png", Photo: true, Data: []byte("png")}}
	update(t, db, func(tx bot.Tx) error {
		for i := range 50 {
			o := msg("telegram", fmt.Sprint(i), "digest")
			o.Attach = attach // shared, as SendDigest does
			enqueue(t, tx, o)
		}
		return nil
	})
	checkOutbox(t, db, "after enqueue")
	_ = db.bolt.View(func(btx *bolt.Tx) error {
		if n := btx.Bucket(bucketOutBlobs).Stats().KeyN; n != 2 {
			t.Errorf("outblobs holds %d contents; want 2", n)
		}
		return btx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			if bytes.Contains(v, []byte("XLSXXLSX")) || bytes.Contains(v, []byte("WExTWF")) { // raw or base64
				t.Errorf("outbox row %x holds the attachment's bytes", k)
			}
			return nil
		})
	})
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.ChatOutbox(bot.ChatRef{Channel: "telegram", ChatID: "7"}, 0)
		if err == nil && len(got) == 1 {
			if got[0].Attach[0].Data != nil || got[0].Attach[0].Hash != hashOf(data) {
				t.Errorf("ChatOutbox's attachment = %q, hash %s; want no data yet, and the hash", got[0].Attach[0].Data[:8], got[0].Attach[0].Hash)
			}
			err = tx.LoadAttachments(&got[0])
		}
		if err != nil || len(got) != 1 || !bytes.Equal(got[0].Attach[0].Data, data) || string(got[0].Attach[1].Data) != "png" {
			t.Errorf("ChatOutbox = %v, %v; want the attachments' contents back", got, err)
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error {
		for id := uint64(1); id < 50; id++ {
			if err := tx.Ack(id); err != nil {
				return err
			}
		}
		return nil
	})
	checkOutbox(t, db, "after 49 acks")
	reopened := openAt(t, reopen(t, db), Options{NoSync: true})
	update(t, reopened, func(tx bot.Tx) error { return tx.DeadLetter(50, bot.ReasonBlocked, "blocked", time.Now()) })
	checkOutbox(t, reopened, "after the last one went")
	_ = reopened.bolt.View(func(btx *bolt.Tx) error {
		if n := btx.Bucket(bucketOutBlobs).Stats().KeyN; n != 0 {
			t.Errorf("outblobs holds %d contents after every row went; want 0", n)
		}
		return nil
	})
	view(t, reopened, func(tx bot.Tx) error {
		dl, err := tx.DeadLetters(time.Time{})
		if err != nil || len(dl) != 1 {
			t.Fatalf("dead letters = %v, %v", dl, err)
		}
		for i, a := range dl[0].Out.Attach {
			if a.Data != nil || a.Name != attach[i].Name || a.Hash != hashOf(attach[i].Data) {
				t.Errorf("dead letter attachment %d = %+v; want name and hash, no data", i, a)
			}
		}
		return nil
	})
}

// reopen closes db and returns its path, to open it again.
func reopen(t *testing.T, db *DB) string {
	t.Helper()
	path := db.bolt.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestVerifyFindsOutboxIndexDamage: `check` compares the outbox's indexes
// and blob counts with its rows: a sound outbox has no damage, a lost due
// entry, a wrong count and a stray blob are each named.
func TestVerifyFindsOutboxIndexDamage(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		for i := range 3 {
			o := msg("telegram", fmt.Sprint(i), "digest")
			o.Attach = []bot.Attachment{{Name: "chart.png", Data: []byte("png")}}
			enqueue(t, tx, o)
		}
		return nil
	})
	if _, damaged, err := db.Verify(t.Context()); err != nil || len(damaged) != 0 {
		t.Fatalf("Verify of a sound outbox = %v, %v", damaged, err)
	}
	h := hashOf([]byte("png"))
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		return errors.Join(
			btx.Bucket(bucketOutDue).Delete(dueKey("telegram", 0, 2)),
			btx.Bucket(bucketOutRefs).Put([]byte(h), u64(2)),
			btx.Bucket(bucketOutBlobs).Put([]byte(hashOf([]byte("old"))), []byte("old")),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, damaged, err := db.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range damaged {
		if !errors.Is(d.Err, ErrCorrupt) {
			t.Errorf("damage %v does not wrap ErrCorrupt", d)
		}
		found[d.Bucket] = true
	}
	for _, b := range []string{"outdue", "outrefs", "outblobs"} {
		if !found[b] {
			t.Errorf("Verify found %v; want damage in %s", damaged, b)
		}
	}
	if len(damaged) != 3 {
		t.Errorf("Verify found %d damaged entries (%v); want 3", len(damaged), damaged)
	}
}
