package bot

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// outage remembers, in memory, since when the database could not be
// written, so that the admins are told once, when it works again.
type outage struct {
	mu    sync.Mutex
	since time.Time
}

// begin notes a storage failure at now (the first one of the outage counts).
func (o *outage) begin(now time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.since.IsZero() {
		o.since = now
	}
}

// over is called after a commit that worked: if there was an outage, the
// admins are told once how long updates waited.
func (o *outage) over(ctx context.Context, e *Engine) {
	o.mu.Lock()
	since := o.since
	o.since = time.Time{}
	o.mu.Unlock()
	if since.IsZero() {
		return
	}
	if _, err := e.StorageRecovered(ctx, since, e.clock.Now()); err != nil {
		e.log.Error("telling the admins the database works again; tried again after the next commit", "err", err)
		o.begin(since) // not told yet: the next commit that works tries again
	}
}

// StorageRecovered tells every member whose role receives alerts that the
// database could not be written from since to until, and that what was
// sent meanwhile was kept and has now been handled; it returns how many
// messages it queued.
func (e *Engine) StorageRecovered(ctx context.Context, since, until time.Time) (int, error) {
	e.log.Warn("the database works again", "since", since, "until", until)
	n := 0
	err := e.store.Update(ctx, func(tx Tx) error {
		n = 0
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		for i := range e.cfg.Members {
			m := &e.cfg.Members[i]
			if !m.Can(ActAlert) {
				continue
			}
			p := e.printer(tx, m)
			loc := e.cfg.Area.Location
			text := p.T("alert.storage", "from", p.DateTime(since.In(loc)), "to", p.DateTime(until.In(loc)))
			k, err := e.enqueueTo(tx, m, "alert/storage/"+since.UTC().Format(time.RFC3339), until,
				func() *Outgoing { return &Outgoing{Text: text} })
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bot: storage alert: %w", err)
	}
	return n, nil
}
