package delivery_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
)

// hanging is a channel whose calls to one chat hang until released (or the
// call's context ends), as a platform that does not answer does.
type hanging struct {
	chat    string
	release chan struct{}

	mu    sync.Mutex
	sent  []string // "chat:text", in the order the calls ended well
	calls map[string]int
}

func (h *hanging) Name() string             { return "telegram" }
func (h *hanging) Caps() bot.Caps           { return bot.Caps{} }
func (h *hanging) InviteLink(string) string { return "" }

func (h *hanging) Send(ctx context.Context, out *bot.Outgoing) error {
	key := out.Chat.ChatID + ":" + out.Text
	h.mu.Lock()
	h.calls[key]++
	h.mu.Unlock()
	if out.Chat.ChatID == h.chat {
		select {
		case <-h.release:
		case <-ctx.Done():
			return bot.TimedOut(ctx.Err())
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent = append(h.sent, key)
	return nil
}

func (h *hanging) has(key string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.sent {
		if s == key {
			return true
		}
	}
	return false
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s did not happen", what)
}

// runHung makes chat "1" hang on the rig's sender, runs the sender with
// workers and a short pass window, and returns the channel, a kick, and a
// stop that ends Run and fails the test on its error.
func runHung(t *testing.T, r *outboxRig, workers int) (*hanging, func(), func()) {
	t.Helper()
	ch := &hanging{chat: "1", release: make(chan struct{}), calls: map[string]int{}}
	r.sender.Channel, r.sender.Workers, r.sender.PassWindow = ch, workers, 20*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	wake, kick := delivery.NewWake()
	done := make(chan error)
	go func() { done <- r.sender.Run(ctx, wake) }()
	return ch, kick, func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestHungChatDoesNotHoldTheOthers: a call to one chat that does not
// answer holds only that chat: the other chat's messages go out meanwhile,
// the hung message is not sent a second time while it hangs, and when it
// ends it is recorded once.
func TestHungChatDoesNotHoldTheOthers(t *testing.T) {
	r := newOutboxRig(t)
	ch, kick, stop := runHung(t, r, 4)
	r.enqueue("1:a", "2:b")
	kick()
	eventually(t, "chat 2's first message while chat 1 hangs", func() bool { return ch.has("2:b") })
	r.enqueue("2:c")
	kick()
	eventually(t, "chat 2's second message while chat 1 hangs", func() bool { return ch.has("2:c") })
	ch.mu.Lock()
	if n := ch.calls["1:a"]; n != 1 {
		t.Errorf("the hung message was tried %d times while it hung, want 1", n)
	}
	ch.mu.Unlock()
	close(ch.release)
	eventually(t, "the hung message recorded", func() bool { return len(r.pending()) == 0 })
	stop()
	if n := ch.calls["1:a"]; n != 1 {
		t.Errorf("the hung message was sent %d times in all, want 1", n)
	}
}

// TestTimedOutCallWaitsBeforeTheRetry: a call that timed out is retried
// only after TimeoutWait, so a late first copy lands before a second.
func TestTimedOutCallWaitsBeforeTheRetry(t *testing.T) {
	r := newOutboxRig(t)
	r.sender.TimeoutWait = 2 * time.Minute
	r.ch.fail = func(*bot.Outgoing) error { return bot.TimedOut(errors.New("context deadline exceeded")) }
	r.enqueue("1:a")
	r.flush()
	p := r.pending()
	if len(p) != 1 || p[0].NotBefore.Before(t0.Add(2*time.Minute)) {
		t.Fatalf("after a timeout: %+v, want the retry 2 min on", p)
	}
	r.ch.fail = nil
	r.advance(time.Minute)
	if n := r.flush(); n != 0 {
		t.Errorf("retried after 1 min: %d sent", n)
	}
	r.advance(time.Minute + time.Second)
	if n := r.flush(); n != 1 {
		t.Errorf("after the wait: %d sent, want 1", n)
	}
}

// viewHook is an outbox that calls after once its nth View has read.
type viewHook struct {
	delivery.Outbox
	mu    sync.Mutex
	views int
	after func(n int)
}

func (h *viewHook) View(ctx context.Context, fn func(bot.OutboxTx) error) error {
	err := h.Outbox.View(ctx, fn)
	h.mu.Lock()
	h.views++
	n := h.views
	h.mu.Unlock()
	if h.after != nil {
		h.after(n)
	}
	return err
}

// TestLateChatRecordedMidPassIsNotSentTwice: a hung chat that finishes and
// records its outcome between a pass's read of the outbox and its pick is
// not sent again from that pass's old copy.
func TestLateChatRecordedMidPassIsNotSentTwice(t *testing.T) {
	r := newOutboxRig(t)
	ch := &hanging{chat: "1", release: make(chan struct{}), calls: map[string]int{}}
	var once sync.Once
	hook := &viewHook{Outbox: r.sender.Outbox}
	hook.after = func(n int) {
		ch.mu.Lock()
		tried := ch.calls["1:a"] == 1
		ch.mu.Unlock()
		if n >= 2 && tried { // a later pass has read the outbox: let the hung call end now
			once.Do(func() { close(ch.release); time.Sleep(100 * time.Millisecond) })
		}
	}
	r.sender.Outbox = hook
	r.sender.Channel, r.sender.Workers, r.sender.PassWindow = ch, 4, 20*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	wake, kick := delivery.NewWake()
	done := make(chan error)
	go func() { done <- r.sender.Run(ctx, wake) }()
	r.enqueue("1:a")
	kick()
	eventually(t, "the first try of 1:a", func() bool { ch.mu.Lock(); defer ch.mu.Unlock(); return ch.calls["1:a"] == 1 })
	time.Sleep(50 * time.Millisecond)
	r.enqueue("2:b")
	kick()
	eventually(t, "2:b", func() bool { return ch.has("2:b") })
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-done
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if n := ch.calls["1:a"]; n != 1 {
		t.Errorf("1:a sent %d times, want once", n)
	}
}

// TestChatsWithoutASlotAreServedNext: with one worker and a hung chat, the
// chats that got no slot within the window are served by the next pass
// at once, not when the hung call ends.
func TestChatsWithoutASlotAreServedNext(t *testing.T) {
	r := newOutboxRig(t)
	ch, kick, stop := runHung(t, r, 1)
	r.enqueue("1:a", "2:b")
	kick()
	eventually(t, "2:b while chat 1 hangs", func() bool { return ch.has("2:b") })
	close(ch.release)
	stop()
}
