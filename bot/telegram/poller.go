package telegram

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/bot/platform"
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
// Telegram numbers updates afresh, at random, after a week without any: an
// offset above the new numbers would confirm them unseen. So once the newest
// update seen is older than bot.QuietRestart, the Poller asks without an
// offset (Telegram then returns the earliest unconfirmed updates), and the
// engine, seeing numbers below its mark dated well after the newest update,
// follows the new numbering.
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
	// Now tells the time (for the quiet-spell rule); default time.Now.
	Now func() time.Time
	// Observer is told whether each getUpdates went through (readiness,
	// metrics); nil observes nothing.
	Observer bot.Observer
}

// Run polls until ctx ends. A batch being handled when ctx ends is finished
// and committed first. It fails only when the stored offset cannot be read.
func (p *Poller) Run(ctx context.Context) error {
	offset, newest, err := p.storedOffset(ctx)
	if err != nil {
		return err
	}
	failures := 0
	for ctx.Err() == nil {
		if !newest.IsZero() && p.now().Sub(newest) >= bot.QuietRestart {
			offset = 0 // numbering may have started again: ask for what is unconfirmed
		}
		next, at, err := p.poll(ctx, offset)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			failures++
			wait := p.backoff(failures)
			p.logger().Warn("telegram polling failed", "failures", failures, "wait", wait, "err", err)
			platform.Sleep(ctx, wait)
			continue
		}
		failures, offset = 0, next
		if at.After(newest) {
			newest = at
		}
	}
	return nil
}

// storedOffset is the getUpdates offset after the last committed update,
// and the time of the newest update seen.
func (p *Poller) storedOffset(ctx context.Context) (int, time.Time, error) {
	var seq uint64
	var at time.Time
	err := p.Store.View(ctx, func(tx bot.Tx) error {
		var err error
		if seq, err = tx.Offset(Name); err != nil {
			return err
		}
		at, err = tx.InboundTime(Name)
		return err
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("telegram: read stored offset: %w", err)
	}
	return int(seq), at, nil // SeqOf(last update_id) = last update_id + 1
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// poll fetches one batch from offset, hands it over, and returns the offset
// after it and the newest update's date.
func (p *Poller) poll(ctx context.Context, offset int) (int, time.Time, error) {
	wait := p.timeout()
	callCtx, cancel := context.WithTimeout(ctx, wait+15*time.Second)
	defer cancel()
	raw, err := p.API.getUpdates(callCtx, tgbotapi.UpdateConfig{Offset: offset, Limit: p.limit(),
		Timeout: int(wait / time.Second), AllowedUpdates: AllowedUpdates})
	if ctx.Err() == nil {
		bot.ObserverOr(p.Observer).PlatformCall(Name, err == nil)
	}
	if err != nil {
		return offset, time.Time{}, fmt.Errorf("telegram: get updates: %w", err)
	}
	ups := make([]bot.Update, 0, len(raw))
	next := offset
	var newest time.Time
	for _, r := range raw {
		next = max(next, int(SeqOf(r.UpdateID)))
		if u, ok := ToUpdate(r); ok {
			ups = append(ups, u)
			if u.At.After(newest) {
				newest = u.At
			}
		}
	}
	p.API.fetchDocuments(ctx, ups, p.logger())
	if err := p.Handler.Handle(context.WithoutCancel(ctx), ups); err != nil {
		return offset, time.Time{}, fmt.Errorf("telegram: handle %d updates: %w", len(ups), err)
	}
	if len(ups) > 0 && p.Wake != nil {
		p.Wake()
	}
	return next, newest, nil
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
	return platform.Backoff(n)
}

func (p *Poller) logger() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}
