package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
)

// Handle processes updates that arrived together: their sessions, reports,
// replies and inbound marks commit in one transaction (group commit).
//
// A failure of the database itself (ErrStorage: a full disk, an I/O error)
// consumes nothing: Handle returns it, nothing is marked handled, and the
// caller keeps the updates and tries again later (the poller backs off; a
// webhook answers 500 so the platform redelivers). Otherwise, when the batch
// fails, each update is retried in its own transaction, and one that still
// fails on its own (an error or a panic, with the store healthy) is marked
// handled with an apology, so a poison update cannot block the chat forever.
func (e *Engine) Handle(ctx context.Context, ups []Update) error {
	if len(ups) == 0 {
		return nil
	}
	markAlbums(ups)
	err := e.store.Update(ctx, func(tx Tx) error {
		for i := range ups {
			if err := e.handleSafely(tx, &ups[i]); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case err == nil:
		e.outage.over(ctx, e)
		return nil
	case errors.Is(err, ErrStorage):
		e.log.Error("the database cannot be written: the updates wait", "updates", len(ups), "err", err)
		e.outage.begin(e.clock.Now())
		return fmt.Errorf("bot: handle batch: %w", err)
	case ctx.Err() != nil:
		return fmt.Errorf("bot: handle batch: %w", err)
	}
	if len(ups) > 1 {
		e.log.Error("batch failed, retrying one by one", "updates", len(ups), "err", err)
	}
	for i := range ups {
		if err := e.handleAlone(ctx, &ups[i]); err != nil {
			return err
		}
	}
	return nil
}

// handleAlone handles u in its own transaction; if u fails on its own, it
// is marked handled with an apology. A storage failure is returned instead.
func (e *Engine) handleAlone(ctx context.Context, u *Update) error {
	err := e.store.Update(ctx, func(tx Tx) error { return e.handleSafely(tx, u) })
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrStorage):
		e.outage.begin(e.clock.Now())
		return fmt.Errorf("bot: handle update: %w", err)
	case ctx.Err() != nil:
		return fmt.Errorf("bot: handle update: %w", err)
	}
	e.log.Error("update failed on its own: answered with an apology and marked handled",
		"chat", u.Chat.Key(), "seq", u.Seq, "key", u.DedupeKey, "err", err)
	err = e.store.Update(ctx, func(tx Tx) error { return e.giveUp(tx, u) })
	if err != nil && !errors.Is(err, ErrStorage) && ctx.Err() == nil {
		// Even the apology fails: mark the update handled without one.
		e.log.Error("cannot apologise; the update is marked handled", "chat", u.Chat.Key(), "err", err)
		err = e.store.Update(ctx, func(tx Tx) error { _, err := e.markInbound(tx, u); return err })
	}
	if err != nil {
		return fmt.Errorf("bot: record failed update: %w", err)
	}
	return nil
}

// errPanic is a panic inside the handling of one update, turned into an
// error so that the batch rolls back and the update is dealt with alone.
var errPanic = errors.New("panic while handling an update")

// handleSafely is handleOne with a panic recovered as an error (logged with
// its stack), so that one update cannot stop the bot.
func (e *Engine) handleSafely(tx Tx, u *Update) (err error) {
	defer func() {
		if p := recover(); p != nil {
			e.log.Error("panic while handling an update", "chat", u.Chat.Key(), "seq", u.Seq,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return e.handleOne(tx, u)
}

// handleOne applies one update inside tx.
func (e *Engine) handleOne(tx Tx, u *Update) error {
	fresh, err := e.markInbound(tx, u)
	if err != nil || !fresh {
		return err
	}
	t, err := e.newTurn(tx, u)
	if err != nil {
		return err
	}
	if err := t.run(); err != nil {
		return err
	}
	return t.flush()
}

// giveUp marks u handled and apologises, after it failed on its own; the
// chat's session is kept as it was (nothing typed before is lost). A panic
// is returned as an error, so nothing of it is stored.
func (e *Engine) giveUp(tx Tx, u *Update) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: apologising: %v", errPanic, p)
		}
	}()
	if _, err := e.markInbound(tx, u); err != nil {
		return err
	}
	t, err := e.newTurn(tx, u)
	if err != nil {
		return err
	}
	t.say(t.p.T("error.internal"))
	return t.flush()
}
