package store

import (
	"context"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// Snapshot writes a consistent copy of the whole database to w while it
// stays in use, in one read transaction (writers go on, as for BackupTo),
// and returns how many bytes it wrote. The copy is a bbolt file holding
// every commit made before it began and nothing of a later one; it is not
// checked (BackupTo is the verified copy). size, when not nil, is told
// the copy's size before its first byte is written, so that a reader can
// tell a cut copy from a whole one. ctx
// cancels the copy between two writes.
func (db *DB) Snapshot(ctx context.Context, w io.Writer, size func(int64) error) (int64, error) {
	var n int64
	err := db.bolt.View(func(btx *bolt.Tx) error {
		if size != nil {
			if err := size(btx.Size()); err != nil {
				return err
			}
		}
		var err error
		n, err = btx.WriteTo(ctxWriter{ctx, w})
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: snapshot: %w", err)
	}
	return n, nil
}
