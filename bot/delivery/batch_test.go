package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/store"
)

// countingOutbox counts the Sender's write transactions; failOnce makes the
// next one fail as a crash (or a full disk) before its commit would.
type countingOutbox struct {
	delivery.Outbox
	mu       sync.Mutex
	updates  int
	failOnce bool
}

var errCrash = errors.New("crash before the commit")

func (c *countingOutbox) Update(ctx context.Context, fn func(bot.OutboxTx) error) error {
	c.mu.Lock()
	c.updates++
	fail := c.failOnce
	c.failOnce = false
	c.mu.Unlock()
	if fail {
		return errCrash
	}
	return c.Outbox.Update(ctx, fn)
}

// enqueueN puts n messages on chats chat0..chat(chats-1), round robin, text
// "chat/i".
func enqueueN(t *testing.T, db *store.DB, n, chats int) {
	t.Helper()
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		for i := range n {
			c := fmt.Sprint(i % chats)
			if _, err := tx.Enqueue(&bot.Outgoing{Chat: tg(c), Text: fmt.Sprintf("%s/%d", c, i), Created: t0}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSenderBatchedAcksSurviveReopen: 100 deliveries are recorded in two
// commits of 50 (not one each), and after closing and reopening the file
// nothing is left to send, so nothing goes twice.
func TestSenderBatchedAcksSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	enqueueN(t, db, 100, 10)
	ch := &scripted{}
	box := &countingOutbox{Outbox: delivery.OutboxOf(db)}
	s := &delivery.Sender{Outbox: box, Channel: ch, Clock: bot.ClockFunc(func() time.Time { return t0 }), Batch: 50}
	if n, err := s.Flush(context.Background()); err != nil || n != 100 {
		t.Fatalf("Flush = %d, %v; want 100", n, err)
	}
	if box.updates != 2 {
		t.Errorf("100 deliveries took %d commits; want 2 (batches of 50)", box.updates)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	again := &scripted{}
	s2 := &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: again, Clock: bot.ClockFunc(func() time.Time { return t0 })}
	if n, err := s2.Flush(context.Background()); err != nil || n != 0 {
		t.Errorf("after reopening, Flush = %d, %v; want nothing left to send", n, err)
	}
	for c := range 10 { // per-chat order held across the batches
		got := ch.texts(fmt.Sprint(c))
		want := make([]string, 0, 10)
		for i := c; i < 100; i += 10 {
			want = append(want, fmt.Sprintf("%d/%d", c, i))
		}
		if !slices.Equal(got, want) {
			t.Errorf("chat %d got %v; want %v", c, got, want)
		}
	}
}

// TestSenderCrashBeforeRecordResendsOnePass: when the commit of a pass's
// deliveries is lost, those messages (at most one pass, Batch of them) are
// sent again, once each, in order, and the others once.
func TestSenderCrashBeforeRecordResendsOnePass(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "out.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	enqueueN(t, db, 25, 5)
	ch := &scripted{}
	box := &countingOutbox{Outbox: delivery.OutboxOf(db), failOnce: true}
	s := &delivery.Sender{Outbox: box, Channel: ch, Clock: bot.ClockFunc(func() time.Time { return t0 }), Batch: 10}
	if _, err := s.Flush(context.Background()); !errors.Is(err, errCrash) {
		t.Fatalf("Flush with a lost commit = %v; want the error", err)
	}
	if n, err := s.Flush(context.Background()); err != nil || n != 25 {
		t.Fatalf("Flush after the lost commit = %d, %v; want all 25", n, err)
	}
	count := map[string]int{}
	for _, text := range ch.texts("") {
		count[text]++
	}
	twice := 0
	for text, n := range count {
		switch {
		case n == 2:
			twice++
		case n != 1:
			t.Errorf("%s sent %d times", text, n)
		}
	}
	if len(count) != 25 || twice != 10 {
		t.Errorf("%d distinct messages, %d sent twice; want 25, and the 10 of the lost pass twice", len(count), twice)
	}
	for c := range 5 { // a chat's resent messages come again in order, then the rest
		got := ch.texts(fmt.Sprint(c))
		var firsts []string
		seen := map[string]bool{}
		for _, g := range got {
			if !seen[g] {
				seen[g] = true
				firsts = append(firsts, g)
			}
		}
		if !slices.IsSortedFunc(firsts, func(a, b string) int { return order(a) - order(b) }) {
			t.Errorf("chat %d: %v out of order", c, got)
		}
	}
}

// order is the i of "chat/i".
func order(text string) int {
	var c, i int
	fmt.Sscanf(text, "%d/%d", &c, &i)
	return i
}

// TestSenderNewMessageWaitsBehindRetry: a chat's first message waiting for
// its retry holds a message enqueued after it, although the newer one is due
// at once (it sorts first by due time): per-chat order holds.
func TestSenderNewMessageWaitsBehindRetry(t *testing.T) {
	r := newOutboxRig(t)
	fails := 1
	r.ch.fail = func(out *bot.Outgoing) error {
		if out.Text == "first" && fails > 0 {
			fails--
			return errors.New("temporary")
		}
		return nil
	}
	r.enqueue("1:first", "2:other")
	r.flush()
	r.enqueue("1:second")
	if n := r.flush(); n != 0 {
		t.Errorf("while the first waits for its retry, %d sent (%v); want 0", n, r.ch.texts("1"))
	}
	r.advance(2 * time.Second)
	r.flush()
	if got := r.ch.texts("1"); !slices.Equal(got, []string{"first", "second"}) {
		t.Errorf("chat 1 got %v; want [first second]", got)
	}
}

// TestSenderSendsAttachmentContents: the Sender hands the channel the
// attachment's bytes (the outbox keeps them by hash), and with a batch of
// one every message of a chat still goes, in order, in one Flush.
func TestSenderSendsAttachmentContents(t *testing.T) {
	r := newOutboxRig(t)
	r.sender.Batch = 1
	png := []byte("\x89PNG chart")
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, text := range []string{"digest", "after", "last"} {
			out := &bot.Outgoing{Chat: tg("1"), Text: text, Created: t0}
			if text == "digest" {
				out.Attach = []bot.Attachment{{Name: "chart.png", Photo: true, Data: png}}
			}
			if _, err := tx.Enqueue(out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := r.flush(); n != 3 {
		t.Errorf("Flush with a batch of 1 sent %d; want 3", n)
	}
	if got := r.ch.texts("1"); !slices.Equal(got, []string{"digest", "after", "last"}) {
		t.Errorf("sent %v; want [digest after last]", got)
	}
	if a := r.ch.sent[0].Attach; len(a) != 1 || string(a[0].Data) != string(png) {
		t.Errorf("the channel got attachments %+v; want the chart's bytes", a)
	}
}
