package delivery

import (
	"errors"
	"time"

	"fieldbot/bot"
)

// floodMark remembers which chat last got a "retry after", and when.
type floodMark struct {
	chat string
	at   time.Time
}

// floodWindow is how close together "retry after" answers for two different
// chats must come for the Sender to pause every chat: a per-chat limit
// cannot explain them both.
const floodWindow = time.Second

// notePause pauses every chat when the platform asks for it, or when two
// different chats are told to wait within floodWindow.
func (s *Sender) notePause(ds []delivery, now time.Time) {
	s.pauseMu.Lock()
	defer s.pauseMu.Unlock()
	for _, d := range ds {
		var se *bot.SendError
		if !errors.As(d.err, &se) || se.RetryAfter <= 0 {
			continue
		}
		key := d.out.Chat.Key()
		global := se.Global || (s.lastFlood.chat != "" && s.lastFlood.chat != key && now.Sub(s.lastFlood.at) < floodWindow)
		s.lastFlood = floodMark{chat: key, at: now}
		if until := now.Add(se.RetryAfter); global && until.After(s.pausedTil) {
			s.logger().Warn("platform flood limit: pausing every chat", "channel", s.Channel.Name(), "wait", se.RetryAfter)
			s.pausedTil = until
		}
	}
}

// paused is until when every chat waits (a platform-wide "retry after").
func (s *Sender) paused() time.Time {
	s.pauseMu.Lock()
	defer s.pauseMu.Unlock()
	return s.pausedTil
}
