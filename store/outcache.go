package store

import (
	"slices"

	"fieldbot/bot"
)

// rowCache keeps outbox rows as decoded (recordCache): a send pass reads
// the rows the engine has just enqueued, Ack reads them again, and decoding
// their JSON was a large part of the cost of a delivery.
type rowCache = recordCache[uint64, bot.Outgoing]

// maxCachedRows bounds the cache: a reminder to thousands of members is
// decoded as before past it.
const maxCachedRows = 4096

func newRowCache() *rowCache { return newRecordCache[uint64](maxCachedRows, copyRow) }

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
	t.rows.put(id, v, false, copyRow(o))
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
	t.rows.put(row.ID, data, true, copyRow(*row))
	return nil
}
