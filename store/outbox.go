package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"fieldbot/bot"
)

// Enqueue adds out to the outbox under the next outbox sequence number and
// sets out.ID; its attachments' contents are stored once by hash (see
// outblobs.go) and the indexes are updated (outindex.go), in the same
// transaction. When out.Key was enqueued before (even if since delivered or
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
	row, err := t.holdBlobs(out)
	if err != nil {
		return false, wrap("enqueue", err)
	}
	row.ID = id
	if err := t.putOutgoing(&row); err != nil {
		return false, wrap("enqueue", err)
	}
	if err := t.indexAdd(&row); err != nil {
		return false, wrap("enqueue: index", err)
	}
	if out.Key != "" {
		if err := keys.Put([]byte(out.Key), keyRecord(id, out.Created)); err != nil {
			return false, wrap("enqueue: key", err)
		}
	}
	out.ID = id
	return true, nil
}

// keyRecord is an outkeys value: the outbox ID, then the Unix nanoseconds
// of when the message was made (left out when that is not known).
func keyRecord(id uint64, created time.Time) []byte {
	v := u64(id)
	if !created.IsZero() && created.UnixNano() > 0 {
		v = binary.BigEndian.AppendUint64(v, uint64(created.UnixNano()))
	}
	return v
}

// Outbox lists up to limit pending messages of a channel in ID order (limit
// <= 0: all), including those whose NotBefore is still ahead. It walks the
// whole outbox: a send pass uses DueChats and ChatOutbox instead.
func (t *tx) Outbox(channel string, limit int) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	c := t.bucket(bucketOutbox).Cursor()
	for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
		o, err := decodeOutgoing(k, v)
		if err != nil {
			return nil, wrap("outbox", err)
		}
		if o.Chat.Channel != channel {
			continue
		}
		if err := t.loadBlobs(&o); err != nil {
			return nil, wrap(fmt.Sprintf("outbox: message %d", o.ID), err)
		}
		out = append(out, o)
	}
	return out, nil
}

// UpdateOutbox records the attempts and not-before of the pending message
// out.ID (the rest of the stored message is kept as it is) and moves it in
// the due index; an error matching bot.ErrNotFound if it is no longer
// pending.
func (t *tx) UpdateOutbox(out *bot.Outgoing) error {
	op := fmt.Sprintf("update outbox %d", out.ID)
	row, err := t.pending(op, out.ID)
	if err != nil {
		return err
	}
	row.Attempts, row.NotBefore = out.Attempts, out.NotBefore
	if err := t.putOutgoing(&row); err != nil {
		return wrap(op, err)
	}
	return wrap(op+": index", t.indexMove(&row))
}

// Ack removes a delivered message from the outbox, its index entries and
// its references to attachment contents; an error matching bot.ErrNotFound
// if it is not there. Its dedupe key stays (until PruneOutbox), so a keyed
// message is never enqueued again.
func (t *tx) Ack(id uint64) error {
	op := fmt.Sprintf("ack %d", id)
	v := t.bucket(bucketOutbox).Get(u64(id))
	if v == nil {
		return notFound("%s", op)
	}
	if row, ok := t.rows.get(id, v); ok {
		return t.remove(op, &row)
	}
	var ref rowRef
	if err := decode(v, &ref); err != nil {
		return wrap(op, fmt.Errorf("message %d: %w", id, err))
	}
	return t.remove(op, &bot.Outgoing{ID: id, Chat: ref.Chat, Attach: ref.Attach})
}

// rowRef is what taking a row out of the outbox needs of it: its chat, for
// the indexes, and its attachments, for the counts of their contents. An
// Ack decodes only this (its checksum checked as for any record), not the
// text and buttons.
type rowRef struct {
	Chat   bot.ChatRef      `json:"chat"`
	Attach []bot.Attachment `json:"attach,omitempty"`
}

// DeadLetter moves a pending message to the dead letters with why (cause)
// and the platform's answer (reason), keyed by its outbox ID; an error
// matching bot.ErrNotFound if it is not pending. The dead letter keeps its
// attachments' names and hashes, not their contents.
func (t *tx) DeadLetter(id uint64, cause bot.Reason, reason string, at time.Time) error {
	op := fmt.Sprintf("dead letter %d", id)
	row, err := t.pending(op, id)
	if err != nil {
		return err
	}
	dl := bot.DeadLetter{Out: withoutData(row), Cause: cause, Reason: reason, At: at}
	if err := putJSON(t.bucket(bucketDead), u64(id), dl); err != nil {
		return wrap(op, err)
	}
	return t.remove(op, &row)
}

// pending reads the stored row of pending message id (attachments by hash).
func (t *tx) pending(op string, id uint64) (bot.Outgoing, error) {
	v := t.bucket(bucketOutbox).Get(u64(id))
	if v == nil {
		return bot.Outgoing{}, notFound("%s", op)
	}
	row, err := t.outgoingAt(id, v)
	return row, wrap(op, err)
}

// remove takes row out of the outbox, its indexes and the blob counts.
func (t *tx) remove(op string, row *bot.Outgoing) error {
	if err := t.indexDrop(row); err != nil {
		return wrap(op+": index", err)
	}
	if err := t.releaseBlobs(row); err != nil {
		return wrap(op+": attachments", err)
	}
	t.rows.drop(row.ID)
	return wrap(op+": drop from outbox", t.bucket(bucketOutbox).Delete(u64(row.ID)))
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

// LoadAttachments fills in the contents of out's attachments stored by
// hash, each checked against its hash.
func (t *tx) LoadAttachments(out *bot.Outgoing) error {
	return wrap(fmt.Sprintf("attachments of message %d", out.ID), t.loadBlobs(out))
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
