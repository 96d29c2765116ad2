package store

import (
	"bytes"
	"sync"
)

// recordCache keeps records as decoded, each with the exact bytes stored:
// an entry is used only while the bytes stored now are those same bytes,
// so a record changed, rolled back or written by another process is
// decoded afresh, and the bytes were checked against their checksum when
// first decoded (or encoded by this process). It holds at most max
// entries; clone makes the copy each hit hands out, so that no caller
// changes another's. A nil *recordCache keeps nothing.
type recordCache[K comparable, V any] struct {
	max   int
	clone func(V) V
	mu    sync.Mutex
	recs  map[K]cachedRecord[V]
}

type cachedRecord[V any] struct {
	raw []byte
	val V
}

// newRecordCache makes a cache of at most max records copied by clone.
func newRecordCache[K comparable, V any](max int, clone func(V) V) *recordCache[K, V] {
	return &recordCache[K, V]{max: max, clone: clone, recs: map[K]cachedRecord[V]{}}
}

// get returns a copy of the record under k, if raw is what was cached for it.
func (c *recordCache[K, V]) get(k K, raw []byte) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	r, ok := c.recs[k]
	c.mu.Unlock()
	if !ok || !bytes.Equal(r.raw, raw) {
		return zero, false
	}
	return c.clone(r.val), true
}

// put keeps val, the record stored as raw under k; val must be the cache's
// own (a copy nobody else changes) and exactly what decoding raw gives.
// raw is kept as it is when owned (bytes this process encoded and never
// changes), else copied (bbolt's memory is valid only in its transaction).
func (c *recordCache[K, V]) put(k K, raw []byte, owned bool, val V) {
	if c == nil {
		return
	}
	if !owned {
		raw = bytes.Clone(raw)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, had := c.recs[k]; had || len(c.recs) < c.max {
		c.recs[k] = cachedRecord[V]{raw: raw, val: val}
	}
}

// drop forgets the record under k.
func (c *recordCache[K, V]) drop(k K) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.recs, k)
	c.mu.Unlock()
}
