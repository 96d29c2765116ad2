package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"fieldbot/bot"
)

// Attachments of outbox messages are stored once by content, beside the
// blobs bucket of photos and links (whose records have no count):
//
//   - outblobs: <sha256 hex> → the bytes;
//   - outrefs:  <sha256 hex> → 8-byte count of the outbox rows referring to it.
//
// An outbox row keeps each attachment's name and hash, never its bytes; the
// content goes when the last row referring to it leaves the outbox
// (delivered or dead). Dead letters keep the name and hash only.

// hashOf is the SHA-256 of data in hex.
func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// holdBlobs returns the row to store for out: a copy whose attachments'
// contents are in outblobs (one more reference each), named by hash. out
// itself is left as it is (enqueuers share one attachment list between
// recipients).
func (t *tx) holdBlobs(out *bot.Outgoing) (bot.Outgoing, error) {
	row := *out
	if len(out.Attach) == 0 {
		return row, nil
	}
	row.Attach = slices.Clone(out.Attach)
	for i := range row.Attach {
		a := &row.Attach[i]
		if len(a.Data) == 0 {
			continue
		}
		h := hashOf(a.Data)
		if err := t.refBlob(h, a.Data); err != nil {
			return row, fmt.Errorf("attachment %q: %w", a.Name, err)
		}
		a.Data, a.Hash = nil, h
	}
	return row, nil
}

// refBlob adds a reference to the content data with hash h, storing it if
// it is new.
func (t *tx) refBlob(h string, data []byte) error {
	refs, k := t.bucket(bucketOutRefs), []byte(h)
	n := uint64(0)
	if v := refs.Get(k); v != nil {
		var err error
		if n, err = readU64(v); err != nil {
			return fmt.Errorf("%w: blob count %s: %w", ErrCorrupt, h, err)
		}
	}
	if n == 0 {
		if err := t.bucket(bucketOutBlobs).Put(k, bytes.Clone(data)); err != nil {
			return err
		}
	}
	return refs.Put(k, u64(n+1))
}

// releaseBlobs drops the references of a row leaving the outbox; a content
// no row refers to any more is deleted.
func (t *tx) releaseBlobs(row *bot.Outgoing) error {
	refs := t.bucket(bucketOutRefs)
	for _, a := range row.Attach {
		if a.Hash == "" || len(a.Data) > 0 {
			continue
		}
		k := []byte(a.Hash)
		v := refs.Get(k)
		if v == nil {
			return fmt.Errorf("%w: blob %s of %q has no count", ErrCorrupt, a.Hash, a.Name)
		}
		n, err := readU64(v)
		if err != nil {
			return fmt.Errorf("%w: blob count %s: %w", ErrCorrupt, a.Hash, err)
		}
		if n > 1 {
			if err := refs.Put(k, u64(n-1)); err != nil {
				return err
			}
			continue
		}
		if err := refs.Delete(k); err != nil {
			return err
		}
		if err := t.bucket(bucketOutBlobs).Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// loadBlobs fills in the contents of a row's attachments, each checked
// against its hash.
func (t *tx) loadBlobs(o *bot.Outgoing) error {
	for i := range o.Attach {
		a := &o.Attach[i]
		if a.Hash == "" || len(a.Data) > 0 {
			continue
		}
		v := t.bucket(bucketOutBlobs).Get([]byte(a.Hash))
		if v == nil {
			return fmt.Errorf("%w: attachment %q: blob %s is missing", ErrCorrupt, a.Name, a.Hash)
		}
		if hashOf(v) != a.Hash {
			return fmt.Errorf("%w: attachment %q: blob %s does not match its hash", ErrCorrupt, a.Name, a.Hash)
		}
		a.Data = bytes.Clone(v)
	}
	return nil
}

// withoutData is a copy of o whose attachments keep their name and hash
// but no content (for dead letters).
func withoutData(o bot.Outgoing) bot.Outgoing {
	o.Attach = slices.Clone(o.Attach)
	for i := range o.Attach {
		a := &o.Attach[i]
		if len(a.Data) > 0 {
			a.Hash = hashOf(a.Data)
		}
		a.Data = nil
	}
	return o
}
