package delivery

import (
	"time"

	"fieldbot/bot"
)

// pick chooses the messages to send now, grouped by chat in outbox order,
// reading only what it sends: the outbox's due index gives the chats in the
// order their first message is due, and the walk stops at the first chat
// not due yet (its due time is when to look again) or when Batch messages
// are picked. A chat whose message is held back has its later messages held
// too, so each chat's messages go in order.
func (s *Sender) pick(tx bot.OutboxTx, busy map[string]bool, now time.Time, r *passResult) ([][]*bot.Outgoing, error) {
	if paused := s.paused(); now.Before(paused) {
		r.hold(paused)
		r.left = true
		return nil, nil
	}
	var groups [][]*bot.Outgoing
	var readErr error
	err := tx.DueChats(s.Channel.Name(), func(chat bot.ChatRef, due time.Time) bool {
		if s.Only != nil && !s.Only(chat) {
			return true
		}
		if due.After(now) { // every chat after this one is due later still
			r.hold(due)
			r.left = true
			return false
		}
		if busy[chat.Key()] { // a chat still sending from an earlier pass waits
			r.left = true
			return true
		}
		room := s.batch() - r.picked
		if room == 0 {
			r.full = true
			return false
		}
		group, err := s.pickChat(tx, chat, room, now, r)
		if err != nil {
			readErr = err
			return false
		}
		if len(group) > 0 {
			groups = append(groups, group)
			r.picked += len(group)
		}
		return true
	})
	if readErr != nil {
		return nil, readErr
	}
	return groups, err
}

// pickChat picks up to room of chat's messages, in order, stopping at the
// first one held back. It reads the chat's first message alone, so a chat
// the Limiter holds costs one record, and the attachments' contents only of
// the messages picked.
func (s *Sender) pickChat(tx bot.OutboxTx, chat bot.ChatRef, room int, now time.Time, r *passResult) ([]*bot.Outgoing, error) {
	outs, err := tx.ChatOutbox(chat, 1)
	if err != nil || len(outs) == 0 {
		return nil, err
	}
	var group []*bot.Outgoing
	for i := 0; i < len(outs); i++ {
		out := &outs[i]
		if len(group) == room {
			r.full = true
			break
		}
		if out.NotBefore.After(now) {
			r.hold(out.NotBefore)
			r.left = true
			break
		}
		if s.Limiter != nil { // counting the calls may render the message: only when they are limited
			if calls := s.reserveCalls(out); calls > 0 {
				if ok, retry := s.Limiter.Reserve(out.Chat, calls, now); !ok {
					r.hold(retry)
					r.left = true
					break
				}
			}
		}
		if err := tx.LoadAttachments(out); err != nil {
			return nil, err
		}
		group = append(group, out)
		if i == 0 { // the first may go: read those behind it
			more, err := tx.ChatOutboxAfter(chat, out.ID, room) // one more than room-1: are there others behind?
			if err != nil {
				return nil, err
			}
			outs = append(outs[:1], more...)
			group[0] = &outs[0]
		}
	}
	return group, nil
}
