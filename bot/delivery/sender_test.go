package delivery_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/store"
)

// scripted is a channel whose answers tests decide per chat.
type scripted struct {
	mu   sync.Mutex
	sent []bot.Outgoing
	// fail, when set, returns the error for a message (nil: delivered).
	fail   func(out *bot.Outgoing) error
	onSend func()
}

func (c *scripted) Name() string             { return "telegram" }
func (c *scripted) Caps() bot.Caps           { return bot.Caps{} }
func (c *scripted) InviteLink(string) string { return "" }

func (c *scripted) Send(_ context.Context, out *bot.Outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.onSend != nil {
		defer c.onSend()
	}
	if c.fail != nil {
		if err := c.fail(out); err != nil {
			return err
		}
	}
	c.sent = append(c.sent, *out)
	return nil
}

func (c *scripted) texts(chat string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, o := range c.sent {
		if chat == "" || o.Chat.ChatID == chat {
			out = append(out, o.Text)
		}
	}
	return out
}

// outboxRig is a Sender on a real store with a clock the test moves.
type outboxRig struct {
	t      *testing.T
	db     *store.DB
	ch     *scripted
	now    time.Time
	mu     sync.Mutex
	sender *delivery.Sender
}

func newOutboxRig(t *testing.T) *outboxRig {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "out.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &outboxRig{t: t, db: db, ch: &scripted{}, now: t0}
	r.sender = &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: r.ch, Clock: bot.ClockFunc(r.clock),
		Backoff: func(n int) time.Duration { return time.Duration(n) * time.Second }}
	return r
}

func (r *outboxRig) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *outboxRig) advance(d time.Duration) {
	r.mu.Lock()
	r.now = r.now.Add(d)
	r.mu.Unlock()
}

// enqueue stores messages "chat:text" in one transaction.
func (r *outboxRig) enqueue(msgs ...string) {
	r.t.Helper()
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, m := range msgs {
			chat, text, _ := strings.Cut(m, ":")
			if _, err := tx.Enqueue(&bot.Outgoing{Chat: tg(chat), Text: text, Created: t0}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.t.Fatal(err)
	}
}

func (r *outboxRig) flush() int {
	r.t.Helper()
	n, err := r.sender.Flush(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

func (r *outboxRig) pending() []bot.Outgoing {
	r.t.Helper()
	var out []bot.Outgoing
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		out, err = tx.Outbox("telegram", 0)
		return err
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

func TestSenderLimiterSkipsHeldChatsAndMovesOn(t *testing.T) {
	r := newOutboxRig(t)
	r.sender.Limiter = delivery.NewRateLimiter(delivery.Window{}, delivery.Window{Calls: 1, Per: time.Second}, delivery.Window{}, nil)
	r.enqueue("1:a1", "1:a2", "1:a3", "2:b1", "3:c1")
	if n := r.flush(); n != 3 {
		t.Fatalf("first flush sent %d, want one per chat (3)", n)
	}
	if got := r.ch.texts(""); !slices.Equal(got, []string{"a1", "b1", "c1"}) {
		t.Fatalf("sent %v", got)
	}
	if n := r.flush(); n != 0 {
		t.Fatalf("flush in the same second sent %d", n)
	}
	r.advance(time.Second)
	r.flush()
	r.advance(time.Second)
	r.flush()
	if got := r.ch.texts("1"); !slices.Equal(got, []string{"a1", "a2", "a3"}) {
		t.Errorf("chat 1 got %v, want in order", got)
	}
}

func TestSenderRetryAfterHoldsOnlyThatChat(t *testing.T) {
	r := newOutboxRig(t)
	flooded := true
	r.ch.fail = func(out *bot.Outgoing) error {
		if out.Chat.ChatID == "1" && flooded {
			return bot.RateLimited(5*time.Second, false, errors.New("Too Many Requests: retry after 5"))
		}
		return nil
	}
	r.enqueue("1:a1", "1:a2", "2:b1")
	r.flush()
	if got := r.ch.texts(""); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("sent %v, want only chat 2", got)
	}
	p := r.pending()
	if len(p) != 2 || p[0].Attempts != 0 || !p[0].NotBefore.Equal(t0.Add(5*time.Second)) {
		t.Fatalf("held message = %+v, want not before +5s and no attempt counted", p[0])
	}
	flooded = false
	r.advance(4 * time.Second)
	r.enqueue("2:b2")
	r.flush()
	if got := r.ch.texts(""); !slices.Equal(got, []string{"b1", "b2"}) {
		t.Fatalf("chat 1 sent before its retry_after: %v", got)
	}
	r.advance(time.Second)
	r.flush()
	if got := r.ch.texts("1"); !slices.Equal(got, []string{"a1", "a2"}) {
		t.Errorf("chat 1 got %v", got)
	}
}

// TestSenderFloodOnManyChatsPausesAll: when three chats are told to wait
// at once and nothing goes through, the limit is the platform's, not the
// chats': every chat pauses.
func TestSenderFloodOnManyChatsPausesAll(t *testing.T) {
	r := newOutboxRig(t)
	flood := map[string]bool{"1": true, "2": true, "3": true}
	r.ch.fail = func(out *bot.Outgoing) error {
		if flood[out.Chat.ChatID] {
			return bot.RateLimited(3*time.Second, false, errors.New("flood"))
		}
		return nil
	}
	r.enqueue("1:a", "2:b", "3:c")
	r.flush()
	flood = nil
	r.enqueue("4:d")
	r.advance(2 * time.Second)
	if n := r.flush(); n != 0 {
		t.Fatalf("sent %d during a global pause", n)
	}
	r.advance(time.Second)
	if n := r.flush(); n != 4 {
		t.Fatalf("sent %d after the pause, want 4", n)
	}
}

// TestSenderGlobalRetryAfterPausesAll: an answer marked Global pauses every
// chat at once.
func TestSenderGlobalRetryAfterPausesAll(t *testing.T) {
	r := newOutboxRig(t)
	r.ch.fail = func(out *bot.Outgoing) error {
		if out.Chat.ChatID == "1" && out.Attempts == 0 && out.NotBefore.IsZero() {
			return bot.RateLimited(3*time.Second, true, errors.New("flood"))
		}
		return nil
	}
	r.enqueue("1:a")
	r.flush()
	r.enqueue("2:b")
	if n := r.flush(); n != 0 {
		t.Fatalf("sent %d during a global pause", n)
	}
	r.advance(3 * time.Second)
	if n := r.flush(); n != 2 {
		t.Fatalf("sent %d after the pause, want 2", n)
	}
}

// TestSenderRetryAfterForTwoChatsPausesNoOther: two chats told to wait
// within a second, while others go through, is two chats' own limits: the
// other chats are served on.
func TestSenderRetryAfterForTwoChatsPausesNoOther(t *testing.T) {
	r := newOutboxRig(t)
	r.ch.fail = func(out *bot.Outgoing) error {
		if out.Chat.ChatID == "1" || out.Chat.ChatID == "2" {
			return bot.RateLimited(5*time.Second, false, errors.New("Too Many Requests: retry after 5"))
		}
		return nil
	}
	r.enqueue("1:a", "2:b", "3:c")
	r.flush()
	r.enqueue("3:c2", "4:d")
	r.advance(100 * time.Millisecond)
	if n := r.flush(); n != 2 {
		t.Fatalf("sent %d after two chats' 429s, want the other chats' 2", n)
	}
	if got := r.ch.texts(""); !slices.Equal(got, []string{"c", "c2", "d"}) {
		t.Errorf("sent %v", got)
	}
}

func TestSenderPermanentFailureDeadLettersAndMarksUnreachable(t *testing.T) {
	r := newOutboxRig(t)
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "7", Member: "lan"})
	})
	if err != nil {
		t.Fatal(err)
	}
	r.ch.fail = func(out *bot.Outgoing) error {
		if out.Chat.ChatID == "7" {
			return bot.Refused(bot.ReasonBlocked, errors.New("Forbidden: bot was blocked by the user"))
		}
		return nil
	}
	r.enqueue("7:x", "7:y", "-100:group")
	r.flush()
	r.flush()
	if p := r.pending(); len(p) != 0 {
		t.Fatalf("still pending: %+v", p)
	}
	var dead []bot.DeadLetter
	var id bot.Identity
	_ = r.db.View(context.Background(), func(tx bot.Tx) error {
		dead, _ = tx.DeadLetters(time.Time{})
		id, _ = tx.Identity("telegram", "7")
		return nil
	})
	if len(dead) != 2 || !strings.Contains(dead[0].Reason, "blocked") || dead[0].Cause != bot.ReasonBlocked {
		t.Errorf("dead letters = %+v", dead)
	}
	if id.Unreachable != bot.ReasonBlocked || id.UnreachableAt.IsZero() {
		t.Errorf("account = %+v, want unreachable: blocked", id)
	}
}

func TestSenderGivesUpAfterMaxAttempts(t *testing.T) {
	r := newOutboxRig(t)
	r.sender.MaxAttempts = 3
	r.ch.fail = func(*bot.Outgoing) error { return bot.Temporary(errors.New("502 Bad Gateway")) }
	r.enqueue("1:a")
	for range 5 {
		r.flush()
		r.advance(time.Minute)
	}
	if p := r.pending(); len(p) != 0 {
		t.Fatalf("retried forever: %+v", p)
	}
}

func TestSenderKeepsOrderWithWorkersAndFailures(t *testing.T) {
	r := newOutboxRig(t)
	r.sender.Workers = 4
	r.sender.Batch = 7
	n := 0
	r.ch.fail = func(out *bot.Outgoing) error {
		n++
		if n%3 == 0 {
			return bot.Temporary(errors.New("500"))
		}
		return nil
	}
	var msgs []string
	for i := range 40 {
		msgs = append(msgs, string(rune('1'+i%5))+":"+string(rune('a'+i)))
	}
	r.enqueue(msgs...)
	for range 200 {
		r.flush()
		r.advance(time.Minute)
	}
	if p := r.pending(); len(p) != 0 {
		t.Fatalf("%d messages never delivered", len(p))
	}
	for c := range 5 {
		chat := string(rune('1' + c))
		var want []string
		for i := c; i < 40; i += 5 {
			want = append(want, string(rune('a'+i)))
		}
		if got := r.ch.texts(chat); !slices.Equal(got, want) {
			t.Errorf("chat %s got %v, want %v", chat, got, want)
		}
	}
}

func TestSenderDrain(t *testing.T) {
	r := newOutboxRig(t)
	r.enqueue("1:a", "2:b")
	if err := r.sender.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(r.pending()) != 0 {
		t.Fatal("drain left messages")
	}
	r.ch.fail = func(*bot.Outgoing) error { return bot.Temporary(errors.New("down")) }
	r.enqueue("1:c")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := r.sender.Drain(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("drain of an undeliverable outbox = %v, want the deadline", err)
	}
}

func TestSenderRunWakesOnKick(t *testing.T) {
	r := newOutboxRig(t)
	delivered := make(chan struct{}, 10)
	r.ch.onSend = func() { delivered <- struct{}{} }
	ctx, cancel := context.WithCancel(context.Background())
	wake, kick := delivery.NewWake()
	done := make(chan error)
	go func() { done <- r.sender.Run(ctx, wake) }()
	r.enqueue("1:a")
	kick()
	select {
	case <-delivered:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not send after a kick")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestSenderRefusedMessageDoesNotMarkTheMember: a message refused on its
// own (a bad request) is dead-lettered, but the member is still reachable.
func TestSenderRefusedMessageDoesNotMarkTheMember(t *testing.T) {
	r := newOutboxRig(t)
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "7", Member: "lan"})
	})
	if err != nil {
		t.Fatal(err)
	}
	r.ch.fail = func(out *bot.Outgoing) error {
		return bot.Refused(bot.ReasonTooLong, errors.New("Bad Request: message is too long"))
	}
	r.enqueue("7:x")
	r.flush()
	var dead []bot.DeadLetter
	var id bot.Identity
	_ = r.db.View(context.Background(), func(tx bot.Tx) error {
		dead, _ = tx.DeadLetters(time.Time{})
		id, _ = tx.Identity("telegram", "7")
		return nil
	})
	if len(dead) != 1 || dead[0].Cause != bot.ReasonTooLong || id.Unreachable != "" {
		t.Errorf("dead letters = %+v, account = %+v; want 1 too long and reachable", dead, id)
	}
}
