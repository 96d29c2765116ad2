package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// The outbox has two indexes, kept in step with it in the transaction that
// changes it (Enqueue, UpdateOutbox, Ack, DeadLetter):
//
//   - outchats holds every pending message under its chat, in ID order:
//     <channel>/<len(chat id), 4 bytes><chat id><id> → 8-byte due time;
//   - outdue holds one entry per chat with pending messages, for the chat's
//     first one: <channel>/<due><id> → the chat id.
//
// A due time is NotBefore in Unix nanoseconds, 0 for a message due at once,
// so a channel's chats sort by when their first message may go. A pass reads
// the chats that are due, and only then their messages: a chat's later
// messages wait behind its first, which keeps per-chat order.

// chatPrefix is the start of a chat's range in outchats. The chat id's length
// comes first, so no chat's range holds another's (chat ids may contain "/").
func chatPrefix(c bot.ChatRef) []byte {
	b := make([]byte, 0, len(c.Channel)+5+len(c.ChatID)+8)
	b = append(b, c.Channel...)
	b = append(b, '/')
	b = binary.BigEndian.AppendUint32(b, uint32(len(c.ChatID)))
	return append(b, c.ChatID...)
}

// chatKey is a message's key in outchats.
func chatKey(c bot.ChatRef, id uint64) []byte {
	return binary.BigEndian.AppendUint64(chatPrefix(c), id)
}

// dueKey is a chat's key in outdue.
func dueKey(channel string, due, id uint64) []byte {
	b := make([]byte, 0, len(channel)+17)
	b = append(b, channel...)
	b = append(b, '/')
	b = binary.BigEndian.AppendUint64(b, due)
	return binary.BigEndian.AppendUint64(b, id)
}

// dueOf is the due time of o as it is indexed.
func dueOf(o *bot.Outgoing) uint64 {
	if o.NotBefore.IsZero() || o.NotBefore.UnixNano() < 0 {
		return 0
	}
	return uint64(o.NotBefore.UnixNano())
}

// dueTime turns an indexed due time back into a time (zero for 0).
func dueTime(due uint64) time.Time {
	if due == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(due)).UTC()
}

// chatHead is the first pending message of the chat whose outchats range
// starts with p: its ID and due time; ok is false when the chat has none.
func chatHead(c *bolt.Cursor, p []byte) (id, due uint64, ok bool, err error) {
	k, v := c.Seek(p)
	if k == nil || !bytes.HasPrefix(k, p) {
		return 0, 0, false, nil
	}
	if id, err = readU64(k[len(p):]); err != nil {
		return 0, 0, false, errBadKey(bucketOutChats, k)
	}
	if due, err = readU64(v); err != nil {
		return 0, 0, false, fmt.Errorf("%w: %s %q: %w", ErrCorrupt, bucketOutChats, k, err)
	}
	return id, due, true, nil
}

// indexAdd indexes the message o just stored under o.ID; it becomes its
// chat's first when the chat had none pending.
func (t *tx) indexAdd(o *bot.Outgoing) error {
	chats, p := t.bucket(bucketOutChats), chatPrefix(o.Chat)
	due := dueOf(o)
	if err := chats.Put(chatKey(o.Chat, o.ID), u64(due)); err != nil {
		return err
	}
	head, _, _, err := chatHead(chats.Cursor(), p)
	if err != nil || head != o.ID {
		return err
	}
	return t.bucket(bucketOutDue).Put(dueKey(o.Chat.Channel, due, o.ID), []byte(o.Chat.ChatID))
}

// indexDrop removes the message o (leaving the outbox) from the indexes;
// when it was its chat's first, the chat's next message takes its place.
func (t *tx) indexDrop(o *bot.Outgoing) error {
	chats, p := t.bucket(bucketOutChats), chatPrefix(o.Chat)
	c := chats.Cursor()
	head, due, ok, err := chatHead(c, p)
	if err != nil {
		return err
	}
	if !ok || head != o.ID { // not the first: its chat's entry in outdue stays
		return chats.Delete(chatKey(o.Chat, o.ID))
	}
	if err := chats.Delete(chatKey(o.Chat, o.ID)); err != nil {
		return err
	}
	dues := t.bucket(bucketOutDue)
	if err := dues.Delete(dueKey(o.Chat.Channel, due, o.ID)); err != nil {
		return err
	}
	next, nextDue, ok, err := chatHead(chats.Cursor(), p)
	if err != nil || !ok {
		return err
	}
	return dues.Put(dueKey(o.Chat.Channel, nextDue, next), []byte(o.Chat.ChatID))
}

// indexMove records that the pending message o is now due at o.NotBefore.
func (t *tx) indexMove(o *bot.Outgoing) error {
	chats, p := t.bucket(bucketOutChats), chatPrefix(o.Chat)
	head, old, ok, err := chatHead(chats.Cursor(), p)
	if err != nil {
		return err
	}
	due := dueOf(o)
	if err := chats.Put(chatKey(o.Chat, o.ID), u64(due)); err != nil {
		return err
	}
	if !ok || head != o.ID {
		return nil
	}
	dues := t.bucket(bucketOutDue)
	if err := dues.Delete(dueKey(o.Chat.Channel, old, o.ID)); err != nil {
		return err
	}
	return dues.Put(dueKey(o.Chat.Channel, due, o.ID), []byte(o.Chat.ChatID))
}

// DueChats calls fn for each chat of channel with pending messages, in the
// order of its first message's due time (zero: due at once) and ID, until
// fn returns false. fn may read the transaction (ChatOutbox), not change it.
func (t *tx) DueChats(channel string, fn func(chat bot.ChatRef, due time.Time) bool) error {
	if err := checkParts("channel", channel); err != nil {
		return wrap("due chats", err)
	}
	p := append([]byte(channel), '/')
	c := t.bucket(bucketOutDue).Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if len(k) != len(p)+16 {
			return wrap("due chats", errBadKey(bucketOutDue, k))
		}
		due := binary.BigEndian.Uint64(k[len(p):])
		if !fn(bot.ChatRef{Channel: channel, ChatID: string(v)}, dueTime(due)) {
			return nil
		}
	}
	return nil
}

// ChatOutbox lists up to limit (<= 0: all) pending messages of chat in ID
// order, their attachments by name and hash without their contents (see
// LoadAttachments).
func (t *tx) ChatOutbox(chat bot.ChatRef, limit int) ([]bot.Outgoing, error) {
	return t.chatOutbox(chat, 0, limit)
}

// ChatOutboxAfter is ChatOutbox from the first pending message after ID
// after on: a pass that has read a chat's first message reads the ones
// behind it without decoding it again.
func (t *tx) ChatOutboxAfter(chat bot.ChatRef, after uint64, limit int) ([]bot.Outgoing, error) {
	return t.chatOutbox(chat, after, limit)
}

// chatOutbox lists up to limit (<= 0: all) pending messages of chat with an
// ID above after, in ID order.
func (t *tx) chatOutbox(chat bot.ChatRef, after uint64, limit int) ([]bot.Outgoing, error) {
	if err := checkChat(chat); err != nil {
		return nil, wrap("chat outbox", err)
	}
	p := chatPrefix(chat)
	from := p
	if after > 0 {
		if after == ^uint64(0) {
			return nil, nil
		}
		from = chatKey(chat, after+1)
	}
	box := t.bucket(bucketOutbox)
	var out []bot.Outgoing
	c := t.bucket(bucketOutChats).Cursor()
	for k, _ := c.Seek(from); k != nil && bytes.HasPrefix(k, p) && (limit <= 0 || len(out) < limit); k, _ = c.Next() {
		id, err := readU64(k[len(p):])
		if err != nil {
			return nil, wrap("chat outbox", errBadKey(bucketOutChats, k))
		}
		v := box.Get(u64(id))
		if v == nil {
			return nil, fmt.Errorf("store: chat outbox %s: %w: message %d is indexed but not in the outbox", chat.Key(), ErrCorrupt, id)
		}
		o, err := t.outgoingAt(id, v)
		if err != nil {
			return nil, wrap("chat outbox", err)
		}
		out = append(out, o)
	}
	return out, nil
}
