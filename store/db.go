package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// ErrLocked is wrapped by Open's error when another process (or another DB
// handle in this process) holds the database file.
var ErrLocked = errors.New("database is in use by another fieldbot process")

// ErrCorrupt is wrapped by Open's error when the file is not a bbolt database,
// is damaged or truncated, or lacks fieldbot's buckets.
var ErrCorrupt = errors.New("not a fieldbot database, or damaged")

// ErrOlderSchema is wrapped by a read-only Open's error when the database
// was written by an earlier fieldbot and needs migrating, which only a
// read-write Open does.
var ErrOlderSchema = errors.New("database schema is older: it needs migrating")

// ErrNewerSchema is wrapped by Open's error when the database was written by a
// newer fieldbot whose schema version this code does not know.
var ErrNewerSchema = errors.New("database schema is newer than this fieldbot knows")

// Options tune Open.
type Options struct {
	// Timeout is how long to wait for the file lock; 0 means DefaultTimeout.
	Timeout time.Duration
	// NoSync skips fsync after each commit. For benchmarks and tests only:
	// a crash can lose or corrupt committed data.
	NoSync bool
	// ReadOnly opens the file with a shared lock and no writes; Update fails.
	// The database must already exist at the current schema version.
	ReadOnly bool
}

// DB is an open database file. It implements bot.Store; its methods are safe
// for concurrent use (bbolt allows one writer and many readers).
type DB struct {
	bolt     *bolt.DB
	path     string
	batch    batcher       // the calls of Batch waiting for a group commit
	rows     *rowCache     // outbox rows as decoded (outcache.go)
	sessions *sessionCache // sessions as decoded (sesscache.go)
}

var _ bot.Store = (*DB)(nil)

// Open opens or creates the database at path, waits up to opts.Timeout for
// its lock, refuses an empty file and one shorter than its meta page says,
// checks the schema, creates missing buckets and runs pending migrations,
// all before returning. It reads no data page beyond the schema's, so its
// cost does not grow with the file; Verify walks the whole file.
func Open(path string, opts Options) (*DB, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		// bbolt would quietly make an empty database of it: a file that
		// lost its content (a failed copy, a full disk) must not pass for
		// a new one.
		return nil, fmt.Errorf("store: open %s: %w: the file is empty (0 bytes); remove it to start a new database", path, ErrCorrupt)
	}
	b, err := openBolt(path, &bolt.Options{Timeout: timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly})
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("store: open %s: %w (waited %s for its lock)", path, ErrLocked, timeout)
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := prepare(b, opts.ReadOnly); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &DB{bolt: b, path: path, rows: newRowCache(), sessions: newSessionCache()}, nil
}

// Path is the database file's path as given to Open.
func (db *DB) Path() string { return db.path }

// Update runs fn in one read-write transaction. If fn returns an error the
// transaction rolls back and that error is returned as is. ctx is checked
// before the transaction starts, not during it.
func (db *DB) Update(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: update: %w", err)
	}
	return db.run(true, fn)
}

// View runs fn in a read-only transaction; Tx methods that write fail. ctx
// is checked before the transaction starts.
func (db *DB) View(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: view: %w", err)
	}
	return db.run(false, fn)
}

// run executes fn in a managed bbolt transaction. fn's own error comes back
// unwrapped; a failure to begin or commit a write (a full disk, an I/O
// error, a failed fsync) is wrapped with bot.ErrStorage: the input was not
// at fault and must not be consumed.
func (db *DB) run(writable bool, fn func(bot.Tx) error) error {
	var fnErr error
	body := func(btx *bolt.Tx) error {
		fnErr = fn(&tx{btx: btx, rows: db.rows, sessions: db.sessions})
		return fnErr
	}
	// A damaged page makes bbolt panic (bbolt rolls the transaction back):
	// it comes back as ErrCorrupt, from a write also as bot.ErrStorage,
	// so the input is not consumed.
	err := guardPages(func() error {
		if writable {
			return db.bolt.Update(body)
		}
		return db.bolt.View(body)
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err != nil && writable:
		return fmt.Errorf("store: update: %w: %w", bot.ErrStorage, err)
	case err != nil:
		return fmt.Errorf("store: view: %w", err)
	}
	return nil
}

// Close waits for open transactions to end and releases the file and its lock.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}
