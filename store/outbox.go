package store

import (
	"fmt"
	"time"

	"fieldbot/bot"
)

// Enqueue adds out to the outbox under the next outbox sequence number and
// sets out.ID. When out.Key was enqueued before (even if since delivered or
// dead), it stores nothing and returns false.
func (t *tx) Enqueue(out *bot.Outgoing) (bool, error) {
	if err := checkChat(out.Chat); err != nil {
		return false, wrap("enqueue", err)
	}
	keys := t.bucket(bucketOutKeys)
	if out.Key != "" && keys.Get([]byte(out.Key)) != nil {
		return false, nil
	}
	box := t.bucket(bucketOutbox)
	id, err := box.NextSequence()
	if err != nil {
		return false, wrap("enqueue", err)
	}
	if err := putJSON(box, u64(id), out); err != nil {
		return false, wrap("enqueue", err)
	}
	if out.Key != "" {
		if err := keys.Put([]byte(out.Key), u64(id)); err != nil {
			return false, wrap("enqueue: key", err)
		}
	}
	out.ID = id
	return true, nil
}

// Outbox lists up to limit pending messages of a channel in ID order (limit
// <= 0: all), including those whose NotBefore is still ahead. It walks the
// whole outbox, which holds only undelivered messages.
func (t *tx) Outbox(channel string, limit int) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	c := t.bucket(bucketOutbox).Cursor()
	for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
		o, err := decodeOutgoing(k, v)
		if err != nil {
			return nil, wrap("outbox", err)
		}
		if o.Chat.Channel == channel {
			out = append(out, o)
		}
	}
	return out, nil
}

// UpdateOutbox rewrites the pending message out.ID (attempts, not-before);
// an error matching bot.ErrNotFound if it is no longer pending.
func (t *tx) UpdateOutbox(out *bot.Outgoing) error {
	box := t.bucket(bucketOutbox)
	if box.Get(u64(out.ID)) == nil {
		return notFound("update outbox %d", out.ID)
	}
	return wrap(fmt.Sprintf("update outbox %d", out.ID), putJSON(box, u64(out.ID), out))
}

// Ack removes a delivered message from the outbox; an error matching
// bot.ErrNotFound if it is not there. Its dedupe key stays, so a keyed
// message is never enqueued again.
func (t *tx) Ack(id uint64) error {
	box := t.bucket(bucketOutbox)
	if box.Get(u64(id)) == nil {
		return notFound("ack %d", id)
	}
	return wrap(fmt.Sprintf("ack %d", id), box.Delete(u64(id)))
}

// DeadLetter moves a pending message to the dead letters with why (cause)
// and the platform's answer (reason), keyed by its outbox ID; an error
// matching bot.ErrNotFound if it is not pending.
func (t *tx) DeadLetter(id uint64, cause bot.Reason, reason string, at time.Time) error {
	box := t.bucket(bucketOutbox)
	v := box.Get(u64(id))
	if v == nil {
		return notFound("dead letter %d", id)
	}
	o, err := decodeOutgoing(u64(id), v)
	if err != nil {
		return wrap("dead letter", err)
	}
	dl := bot.DeadLetter{Out: o, Cause: cause, Reason: reason, At: at}
	if err := putJSON(t.bucket(bucketDead), u64(id), dl); err != nil {
		return wrap(fmt.Sprintf("dead letter %d", id), err)
	}
	return wrap(fmt.Sprintf("dead letter %d: drop from outbox", id), box.Delete(u64(id)))
}

// DeadLetters lists the dead letters whose At is at or after since, in outbox
// ID order. It walks the whole dead-letter bucket.
func (t *tx) DeadLetters(since time.Time) ([]bot.DeadLetter, error) {
	var out []bot.DeadLetter
	err := t.bucket(bucketDead).ForEach(func(k, v []byte) error {
		dl, err := decodeDead(k, v)
		if err != nil {
			return err
		}
		if !dl.At.Before(since) {
			out = append(out, dl)
		}
		return nil
	})
	return out, wrap("dead letters", err)
}

// decodeOutgoing reads an outbox row and sets ID from its key (ID is not
// part of the encoded value).
func decodeOutgoing(k, v []byte) (bot.Outgoing, error) {
	var o bot.Outgoing
	id, err := readU64(k)
	if err != nil {
		return o, errBadKey(bucketOutbox, k)
	}
	if err := decode(v, &o); err != nil {
		return o, fmt.Errorf("message %d: %w", id, err)
	}
	o.ID = id
	return o, nil
}

// decodeDead reads a dead-letter row and restores Out.ID from its key.
func decodeDead(k, v []byte) (bot.DeadLetter, error) {
	var dl bot.DeadLetter
	id, err := readU64(k)
	if err != nil {
		return dl, errBadKey(bucketDead, k)
	}
	if err := decode(v, &dl); err != nil {
		return dl, fmt.Errorf("dead letter %d: %w", id, err)
	}
	dl.Out.ID = id
	return dl, nil
}
