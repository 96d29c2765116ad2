// Package delivery sends what the engine put in the outbox: one Sender per
// channel, with per-chat order, the platform's rate limits, retries with
// backoff, and dead letters for what is refused for good. It sees only the
// outbox part of the database (bot.OutboxTx).
package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"fieldbot/bot"
)

// Sender drains one channel's outbox: messages to a chat go out in order; a
// temporary failure holds back that chat's later messages until the backoff
// passes; a permanent one moves the message to the dead letters and marks
// the account it was for unreachable. Deliveries are recorded in one transaction
// per batch, so a busy outbox is not bounded by one fsync per message; a
// crash between a send and its record sends that message again (at least
// once).
type Sender struct {
	Outbox  Outbox
	Channel bot.Channel
	Clock   bot.Clock
	Log     *slog.Logger
	// Backoff is the wait before retry n (1, 2, ...); default doubles from
	// about 1 s up to about 5 min, with jitter.
	Backoff func(attempt int) time.Duration
	// Limiter paces deliveries; nil sends as fast as the channel takes them.
	Limiter Limiter
	// Workers is how many chats are sent to at once (default 1); one chat's
	// messages always go one after another.
	Workers int
	// Batch is the most messages sent and recorded per transaction (default 32).
	Batch int
	// Only, when set, restricts the Sender to the chats it accepts; others'
	// messages stay in the outbox (the console shows only the member at the
	// keyboard their own messages).
	Only func(bot.ChatRef) bool
	// MaxAttempts moves a message to the dead letters after that many
	// temporary failures; 0 retries until it goes through.
	MaxAttempts int
	// Grace is how long Run lets sends already under way finish after its
	// context ends (default 5 s): a send cut off mid-call may have reached
	// the platform, and would then go out twice.
	Grace time.Duration

	mu        sync.Mutex // one pass at a time, so no message is sent twice
	pausedTil time.Time  // a platform-wide "retry after"
	lastFlood floodMark  // the last per-chat "retry after", to spot a global one
}

// passResult is what one pass over the outbox did and left.
type passResult struct {
	sent, done int       // delivered; delivered or dead-lettered
	pending    int       // messages in the outbox when the pass began
	full       bool      // it stopped at Batch: more may be due now
	next       time.Time // earliest time a held-back message may go
}

// hold notes that something is held back until t.
func (r *passResult) hold(t time.Time) {
	if r.next.IsZero() || t.Before(r.next) {
		r.next = t
	}
}

// delivery is the outcome of sending one message.
type delivery struct {
	out *bot.Outgoing
	err error
}

// Flush sends every pending message that is due (and that the Limiter
// allows now) and returns how many went out. Messages held back stay in the
// outbox for a later Flush.
func (s *Sender) Flush(ctx context.Context) (int, error) {
	sent, _, err := s.flush(ctx, ctx)
	return sent, err
}

// Run flushes until ctx ends: when woken through wake, and when the
// earliest held-back message becomes due. When ctx ends, the sends under way
// get Grace to finish and be recorded; no new one starts.
func (s *Sender) Run(ctx context.Context, wake <-chan struct{}) error {
	work, stop := graceful(ctx, s.grace())
	defer stop()
	for {
		_, last, err := s.flush(work, ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.logger().Error("outbox flush failed", "channel", s.Channel.Name(), "err", err)
			last.hold(s.now().Add(time.Second))
		}
		if !s.wait(ctx, wake, last.next) {
			return nil
		}
	}
}

// Drain flushes until the outbox is empty or ctx ends (a shutdown deadline),
// waiting for held-back messages that become due meanwhile.
func (s *Sender) Drain(ctx context.Context) error {
	for {
		_, last, err := s.flush(ctx, ctx)
		switch {
		case err != nil:
			return err
		case last.pending-last.done == 0:
			return nil
		case !s.wait(ctx, nil, last.next):
			return fmt.Errorf("delivery: drain outbox: %d messages left: %w", last.pending-last.done, ctx.Err())
		}
	}
}

// wait blocks until wake, the time next (if set) or the end of ctx, and
// reports whether ctx is still alive.
func (s *Sender) wait(ctx context.Context, wake <-chan struct{}, next time.Time) bool {
	var due <-chan time.Time
	if !next.IsZero() {
		t := time.NewTimer(max(next.Sub(s.now()), time.Millisecond))
		defer t.Stop()
		due = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-wake:
	case <-due:
	}
	return true
}

// graceful returns a context that ends grace after ctx does.
func graceful(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return work, func() { stop(); cancel() }
}

// flush runs passes under ctx while a pass stops at the batch size and
// until ends, and returns the total sent and the last pass.
func (s *Sender) flush(ctx, until context.Context) (int, passResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for {
		r, err := s.pass(ctx)
		total += r.sent
		if err == nil && until.Err() != nil {
			err = until.Err()
		}
		if err != nil || !r.full {
			return total, r, err
		}
	}
}

// pass sends one batch of due messages and records the outcomes.
func (s *Sender) pass(ctx context.Context) (passResult, error) {
	var pending []bot.Outgoing
	if err := s.Outbox.View(ctx, func(tx bot.OutboxTx) error {
		var err error
		pending, err = tx.Outbox(s.Channel.Name(), 0)
		return err
	}); err != nil {
		return passResult{}, fmt.Errorf("delivery: read outbox: %w", err)
	}
	if s.Only != nil {
		pending = slices.DeleteFunc(pending, func(o bot.Outgoing) bool { return !s.Only(o.Chat) })
	}
	r := passResult{pending: len(pending)}
	groups := s.pick(pending, s.now(), &r)
	if len(groups) == 0 {
		return r, nil
	}
	ds := s.deliver(ctx, groups)
	return r, s.record(ctx, ds, &r)
}

// pick chooses the messages to send now, grouped by chat in outbox order. A
// chat whose message is held back has its later messages held too.
func (s *Sender) pick(pending []bot.Outgoing, now time.Time, r *passResult) [][]*bot.Outgoing {
	if now.Before(s.pausedTil) {
		r.hold(s.pausedTil)
		return nil
	}
	held := map[string]bool{}
	index := map[string]int{}
	var groups [][]*bot.Outgoing
	picked := 0
	for i := range pending {
		out := &pending[i]
		key := out.Chat.Key()
		if held[key] {
			continue
		}
		if picked == s.batch() {
			r.full = true
			break
		}
		if out.NotBefore.After(now) {
			held[key] = true
			r.hold(out.NotBefore)
			continue
		}
		if s.Limiter != nil {
			if ok, retry := s.Limiter.Reserve(out.Chat, s.calls(out), now); !ok {
				held[key] = true
				r.hold(retry)
				continue
			}
		}
		g, ok := index[key]
		if !ok {
			g = len(groups)
			index[key] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], out)
		picked++
	}
	return groups
}

// deliver sends the groups, up to Workers chats at a time, each chat's
// messages in order.
func (s *Sender) deliver(ctx context.Context, groups [][]*bot.Outgoing) []delivery {
	results := make([][]delivery, len(groups))
	sem := make(chan struct{}, s.workers())
	var wg sync.WaitGroup
	for i, g := range groups {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = s.sendChat(ctx, g)
		}()
	}
	wg.Wait()
	var all []delivery
	for _, ds := range results {
		all = append(all, ds...)
	}
	return all
}

// sendChat sends one chat's messages in order and stops at the first
// failure. A send cut short by the end of ctx is not a failure: that message
// is left as it was.
func (s *Sender) sendChat(ctx context.Context, outs []*bot.Outgoing) []delivery {
	var ds []delivery
	for _, out := range outs {
		err := s.Channel.Send(ctx, out)
		if err != nil && ctx.Err() != nil {
			return ds
		}
		ds = append(ds, delivery{out: out, err: err})
		if err != nil {
			return ds
		}
	}
	return ds
}

// record stores the outcomes of a pass in one transaction. It runs even when
// ctx has ended, so what was sent is not sent again.
func (s *Sender) record(ctx context.Context, ds []delivery, r *passResult) error {
	now := s.now()
	s.notePause(ds, now)
	sent, done := 0, 0
	err := s.Outbox.Update(context.WithoutCancel(ctx), func(tx bot.OutboxTx) error {
		sent, done = 0, 0
		for _, d := range ds {
			finished, err := s.settle(tx, d, now)
			if err != nil {
				return err
			}
			if d.err == nil {
				sent++
			}
			if finished {
				done++
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delivery: record deliveries: %w", err)
	}
	r.sent, r.done = sent, done
	for _, d := range ds {
		if d.err != nil && d.out.NotBefore.After(now) {
			r.hold(d.out.NotBefore)
		}
	}
	return nil
}

// calls is how many platform calls out will take.
func (s *Sender) calls(out *bot.Outgoing) int {
	if c, ok := s.Channel.(CallCounter); ok {
		return c.Calls(out)
	}
	return 1
}

func (s *Sender) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func (s *Sender) logger() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

func (s *Sender) workers() int { return max(s.Workers, 1) }

func (s *Sender) grace() time.Duration {
	if s.Grace > 0 {
		return s.Grace
	}
	return 5 * time.Second
}

func (s *Sender) batch() int {
	if s.Batch <= 0 {
		return 32
	}
	return s.Batch
}
