package store

import (
	"errors"
	"time"
)

// JobRan records that a scheduled job ran for key ("digest/2020-W38") and
// reports whether it had already.
func (t *tx) JobRan(key string, at time.Time) (bool, error) {
	if key == "" {
		return false, wrap("job ran", errEmptyKey)
	}
	b, k := t.bucket(bucketJobs), []byte(key)
	if b.Get(k) != nil {
		return true, nil
	}
	return false, wrap("job ran "+key, b.Put(k, []byte(at.UTC().Format(time.RFC3339))))
}

// JobDone reports whether JobRan recorded key; it writes nothing.
func (t *tx) JobDone(key string) (bool, error) {
	if key == "" {
		return false, wrap("job done", errEmptyKey)
	}
	b := t.bucket(bucketJobs)
	return b != nil && b.Get([]byte(key)) != nil, nil
}

var errEmptyKey = errors.New("empty key")
