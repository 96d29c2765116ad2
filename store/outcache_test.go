package store

import (
	"context"
	"errors"
	"testing"

	"fieldbot/bot"
)

// chatRows lists chat 1's pending messages.
func chatRows(t *testing.T, db *DB) []bot.Outgoing {
	t.Helper()
	var out []bot.Outgoing
	view(t, db, func(tx bot.Tx) (err error) {
		out, err = tx.ChatOutbox(bot.ChatRef{Channel: "telegram", ChatID: "1"}, 0)
		return err
	})
	return out
}

// A row read again is the row as stored now, never as an earlier read or a
// rolled-back write cached it, and each read is a copy of its own.
func TestOutboxRowsReadAsStored(t *testing.T) {
	db := openTest(t)
	errUndo := errors.New("undo")
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		if _, err := tx.Enqueue(msg("telegram", "1", "rolled back")); err != nil {
			return err
		}
		return errUndo
	})
	if !errors.Is(err, errUndo) {
		t.Fatal(err)
	}
	out := msg("telegram", "1", "kept")
	out.Buttons = []bot.Button{{Label: "Có", Data: "y"}}
	out.Attach = []bot.Attachment{{Name: "a.png", Photo: true, Data: []byte("png")}}
	update(t, db, func(tx bot.Tx) error { enqueue(t, tx, out); return nil })
	got := chatRows(t, db)
	if len(got) != 1 || got[0].Text != "kept" || got[0].ID != out.ID {
		t.Fatalf("after a rolled-back enqueue under the same ID: %+v", got)
	}
	got[0].Buttons[0].Label, got[0].Attach[0].Name = "changed", "changed"
	update(t, db, func(tx bot.Tx) error {
		o := got[0]
		o.Attempts = 3
		return tx.UpdateOutbox(&o)
	})
	again := chatRows(t, db)
	if again[0].Buttons[0].Label != "Có" || again[0].Attach[0].Name != "a.png" {
		t.Errorf("a caller's change reached the next read: %+v", again[0])
	}
	if again[0].Attempts != 3 {
		t.Errorf("attempts %d after UpdateOutbox, want 3", again[0].Attempts)
	}
	err = db.Update(context.Background(), func(tx bot.Tx) error {
		o := again[0]
		o.Attempts = 9
		if err := tx.UpdateOutbox(&o); err != nil {
			return err
		}
		return errUndo
	})
	if !errors.Is(err, errUndo) {
		t.Fatal(err)
	}
	if rolled := chatRows(t, db); rolled[0].Attempts != 3 {
		t.Errorf("attempts %d after a rolled-back UpdateOutbox, want 3 as stored", rolled[0].Attempts)
	}
	update(t, db, func(tx bot.Tx) error { return tx.Ack(out.ID) })
	if left := chatRows(t, db); len(left) != 0 {
		t.Errorf("left after Ack: %+v", left)
	}
}
