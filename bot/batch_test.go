package bot_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"fieldbot/bot"
)

// poisonStore fails any transaction that saves the session of one chat.
type poisonStore struct {
	bot.Store
	chat string
}

type poisonTx struct {
	bot.Tx
	chat string
}

func (s poisonStore) Update(ctx context.Context, fn func(bot.Tx) error) error {
	return s.Store.Update(ctx, func(tx bot.Tx) error { return fn(poisonTx{tx, s.chat}) })
}

func (tx poisonTx) PutSession(s *bot.Session) error {
	if s.Chat.ChatID == tx.chat {
		return errors.New("disk on fire")
	}
	return tx.Tx.PutSession(s)
}

// TestBatchCommitsTogether checks group commit: the updates of a batch share
// one transaction, and one update that keeps failing does not cost the others
// their effects; it is marked handled with an apology instead of being
// retried forever.
func TestBatchCommitsTogether(t *testing.T) {
	h := newHarness(t, testConfig(t))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng := bot.New(bot.Options{Config: h.cfg, Store: poisonStore{h.db, "lan"}, Logger: quiet,
		Clock: bot.ClockFunc(func() time.Time { return h.now })})
	batch := []bot.Update{
		{Chat: chat("hung"), UserID: "hung", Text: "/report", Seq: 1},
		{Chat: chat("lan"), UserID: "lan", Text: "/baocao", Seq: 2},
		{Chat: chat("chair"), UserID: "chair", Text: "/trangthai", Seq: 3},
	}
	if err := eng.Handle(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	h.flush()
	mustContain(t, h.last("hung").Text, "Question 1/", "Cao Sơn commune") // one unit: no list to choose from
	mustContain(t, h.last("lan").Text, "hệ thống gặp lỗi")
	mustContain(t, h.last("chair").Text, "Toàn địa bàn")
	// Delivered again (as after a crash before the offset reached Telegram):
	// nothing is handled twice.
	before := len(h.rec.sent)
	if err := eng.Handle(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	h.flush()
	if n := len(h.rec.sent) - before; n != 0 {
		t.Errorf("redelivered batch produced %d messages", n)
	}
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		off, err := tx.Offset("console")
		if off != 3 {
			t.Errorf("stored offset = %d, want 3", off)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
