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
	outcomes := make([]UpdateOutcome, len(ups))
	start := e.clock.Now()
	// The batch may share its commit with the Sender's deliveries (and run
	// again alone if they fail): each run sets every outcome afresh.
	err := BatchOrUpdate(e.store)(ctx, func(tx Tx) error {
		for i := range ups {
			fresh, err := e.handleSafely(tx, &ups[i])
			if err != nil {
				return err
			}
			outcomes[i] = UpdateHandled
			if !fresh {
				outcomes[i] = UpdateDuplicate
			}
		}
		return nil
	})
	switch {
	case err == nil:
		e.obs.BatchCommitted(ups[0].Chat.Channel, len(ups), e.clock.Now().Sub(start))
		e.logUpdates(ups, outcomes)
		e.outage.over(ctx, e)
		e.committed(ctx)
		return nil
	case errors.Is(err, ErrStorage):
		e.log.Error("the database cannot be written: the updates wait", "updates", len(ups), "err", err)
		e.outage.begin(e.clock.Now())
		e.logUpdates(ups, fill(outcomes, UpdateDeferred))
		return fmt.Errorf("bot: handle batch: %w", err)
	case ctx.Err() != nil:
		e.logUpdates(ups, fill(outcomes, UpdateDeferred))
		return fmt.Errorf("bot: handle batch: %w", err)
	}
	if len(ups) > 1 {
		e.log.Error("batch failed, retrying one by one", "updates", len(ups), "err", err)
	}
	for i := range ups {
		o, err := e.handleAlone(ctx, &ups[i])
		e.logUpdates(ups[i:i+1], []UpdateOutcome{o})
		if err != nil {
			e.logUpdates(ups[i+1:], fill(outcomes[i+1:], UpdateDeferred))
			return err
		}
	}
	e.committed(ctx)
	return nil
}

// fill sets every outcome to o.
func fill(outcomes []UpdateOutcome, o UpdateOutcome) []UpdateOutcome {
	for i := range outcomes {
		outcomes[i] = o
	}
	return outcomes
}

// logUpdates writes one log line per update with its outcome, and tells
// the observer. The line names the chat and what kind of update it was,
// never its text or a phone number.
func (e *Engine) logUpdates(ups []Update, outcomes []UpdateOutcome) {
	for i := range ups {
		u := &ups[i]
		e.obs.UpdateHandled(u.Chat.Channel, outcomes[i])
		e.log.Info("update", "channel", u.Chat.Channel, "chat", u.Chat.Key(), "seq", u.Seq,
			"kind", updateKind(u), "outcome", string(outcomes[i]))
	}
}

// handleAlone handles u in its own transaction; if u fails on its own, it
// is marked handled with an apology. A storage failure is returned instead.
func (e *Engine) handleAlone(ctx context.Context, u *Update) (UpdateOutcome, error) {
	fresh := false
	start := e.clock.Now()
	err := e.store.Update(ctx, func(tx Tx) error {
		var err error
		fresh, err = e.handleSafely(tx, u)
		return err
	})
	switch {
	case err == nil:
		e.obs.BatchCommitted(u.Chat.Channel, 1, e.clock.Now().Sub(start))
		if !fresh {
			return UpdateDuplicate, nil
		}
		return UpdateHandled, nil
	case errors.Is(err, ErrStorage):
		e.outage.begin(e.clock.Now())
		return UpdateDeferred, fmt.Errorf("bot: handle update: %w", err)
	case ctx.Err() != nil:
		return UpdateDeferred, fmt.Errorf("bot: handle update: %w", err)
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
		return UpdateDeferred, fmt.Errorf("bot: record failed update: %w", err)
	}
	return UpdateFailed, nil
}

// errPanic is a panic inside the handling of one update, turned into an
// error so that the batch rolls back and the update is dealt with alone.
var errPanic = errors.New("panic while handling an update")

// handleSafely is handleOne with a panic recovered as an error (logged with
// its stack), so that one update cannot stop the bot.
func (e *Engine) handleSafely(tx Tx, u *Update) (fresh bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			e.log.Error("panic while handling an update", "chat", u.Chat.Key(), "seq", u.Seq,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			fresh, err = false, fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return e.handleOne(tx, u)
}

// handleOne applies one update inside tx and reports whether it was new
// (a redelivery is skipped).
func (e *Engine) handleOne(tx Tx, u *Update) (bool, error) {
	fresh, err := e.markInbound(tx, u)
	if err != nil || !fresh {
		return false, err
	}
	t, err := e.newTurn(tx, u)
	if err != nil {
		return true, err
	}
	if err := t.run(); err != nil {
		return true, err
	}
	return true, t.flush()
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
