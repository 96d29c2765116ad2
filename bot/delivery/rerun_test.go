package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fieldbot/bot"
)

// rolledBackFirst is an Outbox whose Update runs fn once in a transaction
// that is rolled back, then again in one that commits: what a group commit
// does when another function of the group fails (bot.Batcher).
type rolledBackFirst struct{ db bot.Store }

var errOtherFailed = errors.New("another function of the group failed")

func (o rolledBackFirst) View(ctx context.Context, fn func(bot.OutboxTx) error) error {
	return o.db.View(ctx, func(tx bot.Tx) error { return fn(tx) })
}

func (o rolledBackFirst) Update(ctx context.Context, fn func(bot.OutboxTx) error) error {
	err := o.db.Update(ctx, func(tx bot.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errOtherFailed
	})
	if !errors.Is(err, errOtherFailed) {
		return err
	}
	return o.db.Update(ctx, func(tx bot.Tx) error { return fn(tx) })
}

// Recording a pass's deliveries may run twice (a group commit that failed
// for another writer): a failed send still counts one attempt and waits one
// backoff, not two.
func TestSenderRecordRunsAgainFromTheSameMessages(t *testing.T) {
	r := newOutboxRig(t)
	r.sender.Outbox = rolledBackFirst{r.db}
	r.ch.fail = func(*bot.Outgoing) error { return bot.Temporary(errors.New("502 Bad Gateway")) }
	r.enqueue("1:a")
	r.flush()
	p := r.pending()
	if len(p) != 1 {
		t.Fatalf("pending %+v, want the one message", p)
	}
	if p[0].Attempts != 1 || !p[0].NotBefore.Equal(t0.Add(time.Second)) {
		t.Errorf("after one failed send: %d attempts, not before %v; want 1 and %v", p[0].Attempts, p[0].NotBefore, t0.Add(time.Second))
	}
}

// failingRecords is an Outbox whose every write fails as on a full disk.
type failingRecords struct{ db bot.Store }

func (o failingRecords) View(ctx context.Context, fn func(bot.OutboxTx) error) error {
	return o.db.View(ctx, func(tx bot.Tx) error { return fn(tx) })
}

func (o failingRecords) Update(context.Context, func(bot.OutboxTx) error) error {
	return fmt.Errorf("store: update: %w: no space left on device", bot.ErrStorage)
}

// Run records a pass behind the next one; when that record fails, the
// message that was sent is not sent again at once, pass after pass, while
// the disk stays full: its chat waits a second.
func TestSenderRunHoldsAChatWhoseRecordFailed(t *testing.T) {
	r := newOutboxRig(t)
	r.enqueue("1:a")
	r.sender.Outbox = failingRecords{r.db}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.sender.Run(ctx, nil) }()
	for range 10000 {
		if len(r.ch.texts("1")) > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	first := time.Now()
	time.Sleep(300 * time.Millisecond) // many passes' time, a third of the hold
	got := r.ch.texts("1")
	within := time.Since(first) < 900*time.Millisecond
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	switch {
	case len(got) == 0:
		t.Fatal("never sent")
	case !within:
		t.Skip("the machine was too slow to look within the second's hold")
	case len(got) != 1:
		t.Errorf("sent %d times while its record failed: %q", len(got), got)
	}
}
