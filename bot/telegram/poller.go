package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

// Handler processes a batch of updates in one transaction; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, ups []bot.Update) error
}

// AllowedUpdates are the update kinds the bot asks Telegram for.
var AllowedUpdates = []string{"message", "callback_query"}

// Poller long-polls getUpdates and hands each batch to the Handler as one
// batch (one transaction: group commit). The engine stores the batch's
// highest Seq in that transaction, and the Poller starts from the stored
// offset, so after a crash nothing is handled twice and nothing is skipped.
// Updates the bot does not act on still move the offset on (in memory; after
// a restart they are fetched and skipped again).
//
// Not handled: Telegram numbers updates afresh, at random, after a week
// without any; should the new numbers be lower than the stored offset, the
// engine would skip them. A bot in daily use never goes a week without an
// update.
type Poller struct {
	API     *API
	Handler Handler
	Store   bot.Store
	// Timeout is how long one getUpdates waits for an update; default 30 s.
	// Telegram counts it in whole seconds.
	Timeout time.Duration
	// Limit is the most updates per batch; default 100 (Telegram's maximum).
	Limit int
	// Wake is called after each batch that committed something (to wake
	// the Sender).
	Wake func()
	Log  *slog.Logger
	// Backoff is the wait after the nth failure in a row; default doubles
	// from about 1 s up to about 1 min, with jitter.
	Backoff func(n int) time.Duration
}

// Run polls until ctx ends. A batch being handled when ctx ends is finished
// and committed first. It fails only when the stored offset cannot be read.
func (p *Poller) Run(ctx context.Context) error {
	offset, err := p.storedOffset(ctx)
	if err != nil {
		return err
	}
	failures := 0
	for ctx.Err() == nil {
		next, err := p.poll(ctx, offset)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			failures++
			wait := p.backoff(failures)
			p.logger().Warn("telegram polling failed", "failures", failures, "wait", wait, "err", err)
			sleep(ctx, wait)
			continue
		}
		failures, offset = 0, next
	}
	return nil
}

// storedOffset is the getUpdates offset after the last committed update.
func (p *Poller) storedOffset(ctx context.Context) (int, error) {
	var seq uint64
	err := p.Store.View(ctx, func(tx bot.Tx) error {
		var err error
		seq, err = tx.Offset(Name)
		if errors.Is(err, bot.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("telegram: read stored offset: %w", err)
	}
	return int(seq), nil // SeqOf(last update_id) = last update_id + 1
}

// poll fetches one batch from offset, hands it over, and returns the offset
// after it.
func (p *Poller) poll(ctx context.Context, offset int) (int, error) {
	wait := p.timeout()
	callCtx, cancel := context.WithTimeout(ctx, wait+15*time.Second)
	defer cancel()
	raw, err := p.API.getUpdates(callCtx, tgbotapi.UpdateConfig{Offset: offset, Limit: p.limit(),
		Timeout: int(wait / time.Second), AllowedUpdates: AllowedUpdates})
	if err != nil {
		return offset, fmt.Errorf("telegram: get updates: %w", err)
	}
	ups := make([]bot.Update, 0, len(raw))
	next := offset
	for _, r := range raw {
		next = max(next, int(SeqOf(r.UpdateID)))
		if u, ok := ToUpdate(r); ok {
			ups = append(ups, u)
		}
	}
	if err := p.Handler.Handle(context.WithoutCancel(ctx), ups); err != nil {
		return offset, fmt.Errorf("telegram: handle %d updates: %w", len(ups), err)
	}
	if len(ups) > 0 && p.Wake != nil {
		p.Wake()
	}
	return next, nil
}

func (p *Poller) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return 30 * time.Second
}

func (p *Poller) limit() int {
	if p.Limit > 0 {
		return min(p.Limit, 100)
	}
	return 100
}

func (p *Poller) backoff(n int) time.Duration {
	if p.Backoff != nil {
		return p.Backoff(n)
	}
	d := min(time.Second<<min(n-1, 6), time.Minute)
	return d/2 + rand.N(d/2+1)
}

func (p *Poller) logger() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
