package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"fieldbot/bot"
)

// PutBlob stores data under its SHA-256 in hex and returns the hash. The
// same content is stored once, however many messages or reports use it.
func (t *tx) PutBlob(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	b := t.bucket(bucketBlobs)
	if b.Get([]byte(h)) != nil {
		return h, nil
	}
	return h, wrap("put blob", b.Put([]byte(h), bytes.Clone(data)))
}

// Blob returns a copy of the content stored under hash, or an error
// matching bot.ErrNotFound. The content is checked against its hash, so a
// damaged file is an error, never a wrong picture.
func (t *tx) Blob(hash string) ([]byte, error) {
	v := t.bucket(bucketBlobs).Get([]byte(hash))
	if v == nil {
		return nil, notFound("blob %s", hash)
	}
	if sum := sha256.Sum256(v); hex.EncodeToString(sum[:]) != hash {
		return nil, fmt.Errorf("store: blob %s: %w: the content does not match its hash", hash, ErrCorrupt)
	}
	return bytes.Clone(v), nil
}

// PutLink stores a file link under its token.
func (t *tx) PutLink(token string, l bot.Link) error {
	if err := checkLast("link token", token); err != nil {
		return wrap("put link", err)
	}
	return wrap("put link", putJSON(t.bucket(bucketLinks), []byte(token), l))
}

// Link returns the link with token, or an error matching bot.ErrNotFound.
func (t *tx) Link(token string) (bot.Link, error) {
	var l bot.Link
	ok, err := getJSON(t.bucket(bucketLinks), []byte(token), &l)
	switch {
	case err != nil:
		return bot.Link{}, wrap("link", err)
	case !ok:
		return bot.Link{}, notFound("link")
	}
	return l, nil
}

// Greeted records that the account was told what the bot is, and reports
// whether it had been.
func (t *tx) Greeted(channel, userID string, at time.Time) (bool, error) {
	if err := checkIdentity(channel, userID); err != nil {
		return false, wrap("greeted", err)
	}
	b, k := t.bucket(bucketGreeted), key(channel, userID)
	if b.Get(k) != nil {
		return true, nil
	}
	return false, wrap("greeted", b.Put(k, []byte(at.UTC().Format(time.RFC3339))))
}
