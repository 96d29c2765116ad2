package store

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"slices"
	"time"

	"fieldbot/bot"
)

// keyWebKey is the meta key of the web page's signing key.
var keyWebKey = []byte("webkey")

// webKeySize is the signing key's length in bytes (HMAC-SHA256's block of
// security).
const webKeySize = 32

// webLoginChannel is where the used sign-in links are kept in the inbound
// bucket ("web/<nonce>"), so PruneInbound forgets them like other dedupe
// keys, long after the links themselves expired.
const webLoginChannel = "web"

// WebKey returns the web page's signing key, making it on the first call in
// a read-write transaction.
func (t *tx) WebKey() ([]byte, error) {
	b := t.bucket(bucketMeta)
	if v := b.Get(keyWebKey); v != nil {
		if len(v) != webKeySize {
			return nil, fmt.Errorf("store: web key: %w: %d bytes", ErrCorrupt, len(v))
		}
		return bytes.Clone(v), nil
	}
	if !t.btx.Writable() {
		return nil, notFound("web key")
	}
	k := make([]byte, webKeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("store: web key: %w", err)
	}
	return k, wrap("web key", b.Put(keyWebKey, bytes.Clone(k)))
}

// UseWebLogin records a sign-in link's nonce as used and reports whether
// it had been.
func (t *tx) UseWebLogin(nonce string, at time.Time) (bool, error) {
	return t.SeenInbound(webLoginChannel, nonce, at)
}

// WebLoginUsed reports whether the sign-in link with nonce was used.
func (t *tx) WebLoginUsed(nonce string) (bool, error) {
	if err := checkLast("web nonce", nonce); err != nil {
		return false, wrap("web login used", err)
	}
	return t.bucket(bucketInbound).Get([]byte(webLoginChannel+"/"+nonce)) != nil, nil
}

// PutSentDigest records the digest of d.Period as sent.
func (t *tx) PutSentDigest(d bot.SentDigest) error {
	if err := checkLast("period", d.Period); err != nil {
		return wrap("put sent digest", err)
	}
	return wrap("put sent digest "+d.Period, putJSON(t.bucket(bucketDigests), []byte(d.Period), d))
}

// SentDigest returns the record of a period's digest, or an error matching
// bot.ErrNotFound.
func (t *tx) SentDigest(period string) (bot.SentDigest, error) {
	var d bot.SentDigest
	ok, err := getJSON(t.bucket(bucketDigests), []byte(period), &d)
	switch {
	case err != nil:
		return bot.SentDigest{}, wrap("sent digest "+period, err)
	case !ok:
		return bot.SentDigest{}, notFound("sent digest %s", period)
	}
	return d, nil
}

// SentDigests lists the sent digests, newest period first (period keys
// are fixed width, so key order is time order).
func (t *tx) SentDigests() ([]bot.SentDigest, error) {
	var out []bot.SentDigest
	c := t.bucket(bucketDigests).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		var d bot.SentDigest
		if err := decode(v, &d); err != nil {
			return nil, wrap("sent digest "+string(k), err)
		}
		out = append(out, d)
	}
	return out, nil
}

// JobRuns lists the jobs that ran, in key order.
func (t *tx) JobRuns() ([]bot.JobRun, error) {
	var out []bot.JobRun
	err := t.bucket(bucketJobs).ForEach(func(k, v []byte) error {
		at, err := time.Parse(time.RFC3339, string(v))
		if err != nil {
			return fmt.Errorf("%w: job %q: %w", ErrCorrupt, k, err)
		}
		out = append(out, bot.JobRun{Key: string(k), At: at})
		return nil
	})
	return slices.Clip(out), wrap("job runs", err)
}
