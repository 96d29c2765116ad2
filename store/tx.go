package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// tx implements bot.Tx on one bbolt transaction. It is valid only inside the
// function given to DB.Update or DB.View. Its methods are split by concern:
// identities.go, members.go, sessions.go, reports.go, outbox.go, inbound.go,
// audit.go.
type tx struct {
	btx      *bolt.Tx
	rows     *rowCache     // the DB's decoded outbox rows (nil: none)
	sessions *sessionCache // the DB's decoded sessions (nil: none)
}

var _ bot.Tx = (*tx)(nil)

// bucket returns a top-level bucket; Open guarantees they all exist.
func (t *tx) bucket(name []byte) *bolt.Bucket {
	return t.btx.Bucket(name)
}

// notFound is an error for a missing record that matches bot.ErrNotFound.
func notFound(what string, args ...any) error { return &notFoundError{what, args} }

// notFoundError formats its text only when asked: a digest meets ten
// thousand of them (units without an earlier report) and reads none.
type notFoundError struct {
	what string
	args []any
}

func (e *notFoundError) Error() string {
	return fmt.Sprintf("store: %s: %v", fmt.Sprintf(e.what, e.args...), bot.ErrNotFound)
}

// Unwrap makes errors.Is(err, bot.ErrNotFound) hold.
func (e *notFoundError) Unwrap() error { return bot.ErrNotFound }

// wrap adds the operation to err ("store: put report: ..."); nil stays nil.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// errBadKey reports a key that does not have its bucket's shape.
func errBadKey(bucket, k []byte) error {
	return fmt.Errorf("%w: bucket %s: malformed key %q", ErrCorrupt, bucket, k)
}
