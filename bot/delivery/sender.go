// Package delivery sends what the engine put in the outbox: one Sender per
// channel, with per-chat order, the platform's rate limits, retries with
// backoff, and dead letters for what is refused for good. It sees only the
// outbox part of the database (bot.OutboxTx).
package delivery

import (
	"context"
	"fmt"
	"log/slog"
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
	// PassWindow is how long a pass of Run waits for its slowest chat
	// (default 2 s). A chat whose call hangs longer goes on alone: its
	// outcome is recorded when it ends, and until then its messages are not
	// picked again, while every other chat is served.
	PassWindow time.Duration
	// TimeoutWait is the least wait before a message whose call timed out
	// is sent again (default 2 min): the platform may still deliver the
	// first try late, and a second copy must not overtake it.
	TimeoutWait time.Duration
	// Observer is told of each delivery's outcome (metrics, readiness); nil
	// observes nothing.
	Observer bot.Observer

	mu        sync.Mutex // one pass at a time, so no message is sent twice
	pauseMu   sync.Mutex // guards pausedTil and floods (late recordings too)
	pausedTil time.Time  // a platform-wide "retry after"
	floods    floodLog   // recent outcomes, to spot a platform-wide flood limit
	busy      inflight   // chats whose sends are still under way after their pass
}

// passResult is what one pass over the outbox did and left.
type passResult struct {
	sent, done int       // delivered; delivered or dead-lettered
	picked     int       // messages the pass set out to send
	left       bool      // messages it did not pick stay in the outbox
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
	defer s.busy.wait() // chats still sending finish (within Grace) and are recorded
	for {
		_, last, err := s.flushWithin(work, ctx, s.passWindow())
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.logger().Error("outbox flush failed", "channel", s.Channel.Name(), "err", err)
			last.hold(s.now().Add(time.Second))
		}
		if !s.waitOrDone(ctx, wake, last.next) {
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
		case !last.left && last.done == last.picked:
			return nil
		case !s.waitOrDone(ctx, nil, last.next):
			return fmt.Errorf("delivery: drain outbox: messages left: %w", ctx.Err())
		}
	}
}

// graceful returns a context that ends grace after ctx does.
func graceful(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return work, func() { stop(); cancel() }
}

// flush runs passes under ctx while a pass stops at the batch size and
// until ends, and returns the total sent and the last pass. It waits for
// every chat of each pass.
func (s *Sender) flush(ctx, until context.Context) (int, passResult, error) {
	return s.flushWithin(ctx, until, 0)
}

// flushWithin is flush with passes that wait at most window for their
// slowest chat (0: for every chat).
func (s *Sender) flushWithin(ctx, until context.Context, window time.Duration) (int, passResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for {
		r, err := s.pass(ctx, window)
		total += r.sent
		if err == nil && until.Err() != nil {
			err = until.Err()
		}
		if err != nil || !r.full {
			return total, r, err
		}
	}
}

// pass sends one batch of due messages and records the outcomes of the
// chats that finish within window (0: all of them); the others record their
// own when they finish.
func (s *Sender) pass(ctx context.Context, window time.Duration) (passResult, error) {
	// The busy chats as of before the outbox is read: a chat that finishes
	// later had its outcome committed before it left the set, so a chat not
	// in this copy is read as it is now, never from before its record.
	busy := s.busy.snapshot()
	now := s.now()
	var r passResult
	var groups [][]*bot.Outgoing
	if err := s.Outbox.View(ctx, func(tx bot.OutboxTx) error {
		var err error
		r = passResult{}
		groups, err = s.pick(tx, busy, now, &r)
		return err
	}); err != nil {
		return passResult{}, fmt.Errorf("delivery: read outbox: %w", err)
	}
	if len(groups) == 0 {
		return r, nil
	}
	ds, keys, left := s.deliver(ctx, groups, now, window)
	if left { // chats that got no slot within the window: pass again at once
		r.full = true
	}
	if window > 0 && len(ds) > 0 {
		s.recordBehind(ctx, ds, keys)
		return r, nil
	}
	defer s.busy.release(keys...) // after the record: then they may be picked again
	return r, s.record(ctx, ds, &r)
}

// recordBehind records a pass's outcomes in the background while Run's next
// pass starts (the record's commit then often shares one with the engine's,
// see bot.Batcher). Its chats stay busy until the record commits, so none
// is picked again before it; Run is woken then. When the record fails (a
// full disk), its chats stay busy for a second more, as Run holds back
// after a failed pass, so a message that may have been sent is not sent
// again at once and over and over.
func (s *Sender) recordBehind(ctx context.Context, ds []delivery, keys []string) {
	s.busy.lateRecords(1, func() {
		defer s.busy.release(keys...)
		var r passResult
		if err := s.record(ctx, ds, &r); err != nil {
			s.logger().Error("recording deliveries failed; they may be sent again", "channel", s.Channel.Name(), "err", err)
			t := time.NewTimer(time.Second)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		}
	})
}

// deliver sends the groups (picked when the Limiter reserved them), up to
// Workers chats at a time, each chat's messages in order, and returns the
// outcomes of the chats that finished within window (0: all), with their
// keys, and whether some chats got no slot within it (they wait for the
// next pass). A chat still sending after
// the window records its own outcome when it finishes, in a transaction of
// its own.
func (s *Sender) deliver(ctx context.Context, groups [][]*bot.Outgoing, picked time.Time, window time.Duration) ([]delivery, []string, bool) {
	type result struct {
		key string
		ds  []delivery
	}
	results := make(chan result, len(groups))
	sem := make(chan struct{}, s.workers())
	var timeout <-chan time.Time
	if window > 0 {
		t := time.NewTimer(window)
		defer t.Stop()
		timeout = t.C
	}
	started, expired := 0, false
	for _, g := range groups {
		select { // a slot, in outbox order; none comes while slow chats hold them all
		case sem <- struct{}{}:
		case <-timeout:
			expired = true
		}
		if expired {
			break // the rest wait for the next pass (not marked busy)
		}
		key := g[0].Chat.Key()
		s.busy.take(key)
		started++
		go func() {
			defer func() { <-sem }()
			results <- result{key, s.sendChat(ctx, g, picked)}
		}()
	}
	var all []delivery
	var keys []string
	for got := 0; got < started; {
		if !expired {
			select {
			case r := <-results:
				all, keys, got = append(all, r.ds...), append(keys, r.key), got+1
			case <-timeout:
				expired = true
			}
			continue
		}
		select { // past the window: take what is ready, leave the rest to finish alone
		case r := <-results:
			all, keys, got = append(all, r.ds...), append(keys, r.key), got+1
		default:
			s.busy.lateRecords(started-got, func() {
				r := <-results
				s.recordLate(ctx, r.ds)
				s.busy.release(r.key)
			})
			return all, keys, started < len(groups)
		}
	}
	return all, keys, started < len(groups)
}

// sendChat sends one chat's messages in order and stops at the first
// failure. A send cut short by the end of ctx is not a failure: that message
// is left as it was.
func (s *Sender) sendChat(ctx context.Context, outs []*bot.Outgoing, picked time.Time) []delivery {
	var ds []delivery
	for _, out := range outs {
		err := s.Channel.Send(s.paceContext(ctx, out, picked), out)
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
	var sts []settled
	// The transaction may be shared with the engine's (group commit) and
	// run again alone: settle changes the messages' attempts and not-before,
	// so each run starts from them as they were.
	was := make([]bot.Outgoing, len(ds))
	for i, d := range ds {
		was[i].Attempts, was[i].NotBefore = d.out.Attempts, d.out.NotBefore
	}
	err := s.Outbox.Update(context.WithoutCancel(ctx), func(tx bot.OutboxTx) error {
		sent, done, sts = 0, 0, sts[:0]
		for i, d := range ds {
			d.out.Attempts, d.out.NotBefore = was[i].Attempts, was[i].NotBefore
		}
		for _, d := range ds {
			finished, st, err := s.settle(tx, d, now)
			if err != nil {
				return err
			}
			sts = append(sts, st)
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
	s.report(sts)
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
