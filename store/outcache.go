package store

import (
	"bytes"
	"slices"
	"sync"

	"fieldbot/bot"
)

// rowCache keeps outbox rows as decoded when they were written or first
// read, with the exact bytes stored: a send pass reads the rows the engine
// has just enqueued, and Ack reads them again, and decoding their JSON was
// a large part of the cost of a delivery. A cached row is used only when the
// bytes stored now are the same bytes, so a row changed, rolled back or
// written by another process is decoded afresh; the stored checksum still
// guards those bytes (they were checked when first decoded, or written by
// this process). Each hit hands out a copy.
type rowCache struct {
	mu   sync.Mutex
	rows map[uint64]cachedRow
}

// maxCachedRows bounds the cache: a reminder to thousands of members is
// decoded as before past it.
const maxCachedRows = 4096

type cachedRow struct {
	raw []byte
	out bot.Outgoing
}

// get returns the row id decoded, if raw is what was cached for it.
func (c *rowCache) get(id uint64, raw []byte) (bot.Outgoing, bool) {
	if c == nil {
		return bot.Outgoing{}, false
	}
	c.mu.Lock()
	r, ok := c.rows[id]
	c.mu.Unlock()
	if !ok || !bytes.Equal(r.raw, raw) {
		return bot.Outgoing{}, false
	}
	return copyRow(r.out), true
}

// put caches row (its ID set) as stored in raw, a copy of row; raw is
// kept as it is when owned (bytes this process encoded and never changes),
// else copied (bbolt's memory is valid only in its transaction).
func (c *rowCache) put(raw []byte, owned bool, row *bot.Outgoing) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil {
		c.rows = map[uint64]cachedRow{}
	}
	if _, ok := c.rows[row.ID]; !ok && len(c.rows) >= maxCachedRows {
		return
	}
	if !owned {
		raw = bytes.Clone(raw)
	}
	c.rows[row.ID] = cachedRow{raw: raw, out: copyRow(*row)}
}

// drop forgets row id (it left the outbox).
func (c *rowCache) drop(id uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.rows, id)
	c.mu.Unlock()
}

// copyRow is o with its own buttons and attachments, so that a caller
// changing them (LoadAttachments fills Data in) changes no other copy.
func copyRow(o bot.Outgoing) bot.Outgoing {
	o.Buttons = slices.Clone(o.Buttons)
	o.Attach = slices.Clone(o.Attach)
	return o
}

// outgoingAt reads outbox row id stored as v, from the cache when it holds
// these bytes.
func (t *tx) outgoingAt(id uint64, v []byte) (bot.Outgoing, error) {
	if o, ok := t.rows.get(id, v); ok {
		return o, nil
	}
	o, err := decodeOutgoing(u64(id), v)
	if err != nil {
		return o, err
	}
	t.rows.put(v, false, &o)
	return o, nil
}

// putOutgoing stores row under its ID and caches it as stored.
func (t *tx) putOutgoing(row *bot.Outgoing) error {
	data, err := encodeOutgoing(row)
	if err != nil {
		return err
	}
	if err := t.bucket(bucketOutbox).Put(u64(row.ID), data); err != nil {
		return err
	}
	t.rows.put(data, true, row)
	return nil
}
