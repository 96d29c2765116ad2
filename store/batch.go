package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// Group commit. Batch calls that arrive while another batch is committing
// wait, and the first of them then runs all the waiting ones in one
// read-write transaction: one fsync for many writers (the poller's updates
// and the Sender's deliveries, say) instead of one each. Nothing waits for
// company: a call that finds no commit under way starts at once. A group
// whose transaction fails (a function's error or panic, a failed commit)
// is rolled back whole, and each of its functions is then run again alone,
// in its caller's goroutine, as Update would: its own error, its own panic.

// batcher queues the calls of Batch; the zero value is ready.
type batcher struct {
	mu      sync.Mutex
	queue   []*batchCall
	leading bool // a caller is running a group; the rest queue
}

// batchCall is one Batch call waiting in the queue.
type batchCall struct {
	fn  func(bot.Tx) error
	got chan batchResult
}

// batchResult is what a queued call is told.
type batchResult int

const (
	batchCommitted batchResult = iota // its changes were committed with its group's
	batchAlone                        // its group failed: run it alone
	batchLead                         // run the queue as the next group
)

// errGroupFailed rolls back a group in which a function failed.
var errGroupFailed = errors.New("store: a function of the group failed")

// Batch is Update for a function that may share its transaction (and its
// commit) with other callers' functions, run one after another in the
// order they came; when it returns nil, fn's changes are committed. fn may
// run more than once: when any function of its group fails, the group is
// rolled back and fn runs again in a transaction of its own. So fn must
// start from what it reads in tx, and whatever it keeps outside tx must be
// reset at its start. Its own error or panic comes back as from Update.
func (db *DB) Batch(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: update: %w", err)
	}
	c := &batchCall{fn: fn, got: make(chan batchResult, 1)}
	b := &db.batch
	b.mu.Lock()
	b.queue = append(b.queue, c)
	if b.leading {
		b.mu.Unlock()
		switch <-c.got {
		case batchCommitted:
			return nil
		case batchAlone:
			return db.run(true, fn)
		}
		// batchLead: this caller runs the queue now
	} else {
		b.leading = true
		b.mu.Unlock()
	}
	return db.lead(c)
}

// lead runs the queued calls (own among them) as one group, hands the
// lead to the first call queued meanwhile, tells the group how it went and
// returns own's outcome.
func (db *DB) lead(own *batchCall) error {
	b := &db.batch
	b.mu.Lock()
	group := b.queue
	b.queue = nil
	b.mu.Unlock()

	if len(group) == 1 { // alone: exactly as Update
		err := db.run(true, own.fn)
		db.handOff()
		return err
	}
	ok := db.runGroup(group) == nil
	db.handOff()
	result := batchAlone
	if ok {
		result = batchCommitted
	}
	for _, c := range group {
		if c != own {
			c.got <- result
		}
	}
	if ok {
		return nil
	}
	return db.run(true, own.fn)
}

// handOff passes the lead to the oldest waiting call, or ends it.
func (db *DB) handOff() {
	b := &db.batch
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) == 0 {
		b.leading = false
		return
	}
	b.queue[0].got <- batchLead
}

// runGroup runs every function of group in one transaction and commits it;
// an error when any of them failed or panicked, or the commit did.
func (db *DB) runGroup(group []*batchCall) error {
	return guardPages(func() error {
		return db.bolt.Update(func(btx *bolt.Tx) error {
			t := &tx{btx: btx, rows: db.rows, sessions: db.sessions}
			for _, c := range group {
				if !runRecovering(c.fn, t) {
					return errGroupFailed
				}
			}
			return nil
		})
	})
}

// runRecovering runs fn in t and reports whether it succeeded; a panic is
// a failure (fn panics again when it runs alone, in its own goroutine).
func runRecovering(fn func(bot.Tx) error, t *tx) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return fn(t) == nil
}
