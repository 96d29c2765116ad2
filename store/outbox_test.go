package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
	"time"

	"fieldbot/bot"
)

func msg(channel, chat, text string) *bot.Outgoing {
	return &bot.Outgoing{Chat: bot.ChatRef{Channel: channel, ChatID: chat}, Text: text,
		Created: time.Date(2020, 9, 14, 8, 0, 0, 0, time.UTC)}
}

// ids lists the IDs of messages.
func ids(out []bot.Outgoing) []uint64 {
	var r []uint64
	for _, o := range out {
		r = append(r, o.ID)
	}
	return r
}

func enqueue(t *testing.T, tx bot.Tx, out *bot.Outgoing) bool {
	t.Helper()
	ok, err := tx.Enqueue(out)
	if err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	return ok
}

func TestOutboxPerChannelOrder(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		for i, ch := range []string{"telegram", "zalo", "telegram", "console", "telegram", "zalo"} {
			out := msg(ch, "1", "m")
			if !enqueue(t, tx, out) || out.ID != uint64(i+1) {
				t.Errorf("Enqueue %d: id %d", i+1, out.ID)
			}
		}
		return nil
	})
	tests := []struct {
		channel string
		limit   int
		want    []uint64
	}{
		{"telegram", 0, []uint64{1, 3, 5}},
		{"telegram", -1, []uint64{1, 3, 5}},
		{"telegram", 2, []uint64{1, 3}},
		{"zalo", 10, []uint64{2, 6}},
		{"console", 1, []uint64{4}},
		{"sms", 0, nil},
	}
	view(t, db, func(tx bot.Tx) error {
		for _, tt := range tests {
			got, err := tx.Outbox(tt.channel, tt.limit)
			if err != nil || !reflect.DeepEqual(ids(got), tt.want) {
				t.Errorf("Outbox(%s, %d) = %v, %v; want %v", tt.channel, tt.limit, ids(got), err, tt.want)
			}
		}
		return nil
	})
}

func TestOutboxRoundTrip(t *testing.T) {
	db := openTest(t)
	want := msg("telegram", "-100", "Báo cáo tuần")
	want.Buttons = []bot.Button{{Number: 1, Label: "Có", Data: "n1:yes"}, {Command: "/quaylai", Label: "Quay lại", Data: "back"}}
	want.Attach = []bot.Attachment{{Name: "chart.png", Photo: true, Data: []byte{0, 1, 2, 255}}}
	want.EditMessageID, want.AnswerCallback, want.Key = "77", "cb1", "digest/2020-W38/lan"
	update(t, db, func(tx bot.Tx) error { enqueue(t, tx, want); return nil })
	if want.Attach[0].Hash != "" {
		t.Errorf("Enqueue changed the caller's attachment: %+v", want.Attach[0])
	}
	sum := sha256.Sum256(want.Attach[0].Data)
	want.Attach[0].Hash = hex.EncodeToString(sum[:]) // what the store hands back names the content
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.Outbox("telegram", 0)
		if err != nil || len(got) != 1 || !reflect.DeepEqual(&got[0], want) {
			t.Errorf("Outbox = %+v, %v\nwant [%+v]", got, err, want)
		}
		return nil
	})
}

func TestEnqueueDedupeByKey(t *testing.T) {
	db := openTest(t)
	var first uint64
	update(t, db, func(tx bot.Tx) error {
		a := msg("telegram", "1", "a")
		a.Key = "remind/2020-W38/lan"
		if !enqueue(t, tx, a) {
			t.Error("first keyed Enqueue returned false")
		}
		first = a.ID
		b := msg("telegram", "1", "b")
		b.Key = a.Key
		if enqueue(t, tx, b) || b.ID != 0 {
			t.Errorf("duplicate Enqueue = true or set ID %d", b.ID)
		}
		for range 2 { // no key: never deduplicated
			if !enqueue(t, tx, msg("telegram", "1", "c")) {
				t.Error("unkeyed Enqueue returned false")
			}
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error {
		if err := tx.Ack(first); err != nil {
			return err
		}
		again := msg("telegram", "1", "again")
		again.Key = "remind/2020-W38/lan"
		if enqueue(t, tx, again) {
			t.Error("Enqueue of a delivered key returned true")
		}
		return nil
	})
	view(t, db, func(tx bot.Tx) error {
		got, _ := tx.Outbox("telegram", 0)
		for _, o := range got {
			if o.Text != "c" {
				t.Errorf("outbox holds %q; want only the two unkeyed messages", o.Text)
			}
		}
		if len(got) != 2 {
			t.Errorf("outbox holds %d messages, want 2", len(got))
		}
		return nil
	})
}

func TestUpdateOutboxAndAck(t *testing.T) {
	db := openTest(t)
	a, b := msg("telegram", "1", "a"), msg("telegram", "1", "b")
	update(t, db, func(tx bot.Tx) error { enqueue(t, tx, a); enqueue(t, tx, b); return nil })
	update(t, db, func(tx bot.Tx) error {
		a.Attempts, a.NotBefore = 3, time.Date(2020, 9, 14, 9, 0, 0, 0, time.UTC)
		if err := tx.UpdateOutbox(a); err != nil {
			return err
		}
		return tx.Ack(b.ID)
	})
	update(t, db, func(tx bot.Tx) error {
		got, err := tx.Outbox("telegram", 0)
		if err != nil || len(got) != 1 || !reflect.DeepEqual(&got[0], a) {
			t.Errorf("Outbox = %+v, %v; want only the updated a", got, err)
		}
		if err := tx.Ack(b.ID); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("second Ack = %v, want ErrNotFound", err)
		}
		if err := tx.UpdateOutbox(b); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("UpdateOutbox of an acked message = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestDeadLetter(t *testing.T) {
	db := openTest(t)
	t0 := time.Date(2020, 9, 14, 8, 0, 0, 0, time.UTC)
	var sent []*bot.Outgoing
	update(t, db, func(tx bot.Tx) error {
		for _, text := range []string{"a", "b", "c", "keep"} {
			out := msg("zalo", "9", text)
			enqueue(t, tx, out)
			sent = append(sent, out)
		}
		for i, out := range sent[:3] {
			if err := tx.DeadLetter(out.ID, bot.ReasonBlocked, "blocked "+out.Text, t0.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
		}
		if err := tx.DeadLetter(sent[0].ID, bot.ReasonBlocked, "again", t0); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("DeadLetter of a dead message = %v, want ErrNotFound", err)
		}
		return nil
	})
	view(t, db, func(tx bot.Tx) error {
		if got, _ := tx.Outbox("zalo", 0); !reflect.DeepEqual(ids(got), []uint64{sent[3].ID}) {
			t.Errorf("outbox after dead-lettering = %v, want [%d]", ids(got), sent[3].ID)
		}
		all, err := tx.DeadLetters(time.Time{})
		if err != nil || len(all) != 3 || !reflect.DeepEqual(all[0], bot.DeadLetter{Out: *sent[0], Cause: bot.ReasonBlocked, Reason: "blocked a", At: t0}) {
			t.Errorf("DeadLetters = %+v, %v", all, err)
		}
		var since []string
		recent, _ := tx.DeadLetters(t0.Add(time.Hour)) // inclusive
		for _, dl := range recent {
			since = append(since, dl.Out.Text)
		}
		if !reflect.DeepEqual(since, []string{"b", "c"}) {
			t.Errorf("DeadLetters(since t0+1h) = %v, want [b c]", since)
		}
		return nil
	})
}
