package delivery

import (
	"errors"
	"time"

	"fieldbot/bot"
)

// A "retry after" for one chat holds back that chat only (settle sets its
// message's NotBefore, and pick holds the chat's later messages). Every chat
// is paused only by a platform-wide flood signal: an answer marked Global,
// or refusals that no per-chat limit can explain, that is, at least
// floodChats different chats told to wait within floodWindow while no more
// messages went through than were refused.
const (
	floodWindow = time.Second
	floodChats  = 3
)

// floodEvent is one recorded outcome: a chat told to wait, or a message
// that went through.
type floodEvent struct {
	at      time.Time
	chat    string // set when told to wait
	limited bool
}

// floodLog is the outcomes recorded within floodWindow.
type floodLog struct{ events []floodEvent }

// add records e and forgets what is older than floodWindow.
func (f *floodLog) add(e floodEvent) {
	i := 0
	for i < len(f.events) && e.at.Sub(f.events[i].at) >= floodWindow {
		i++
	}
	f.events = append(f.events[i:], e)
}

// global reports whether the window's refusals look platform-wide.
func (f *floodLog) global() bool {
	chats := map[string]bool{}
	limited, through := 0, 0
	for _, e := range f.events {
		if e.limited {
			chats[e.chat] = true
			limited++
		} else {
			through++
		}
	}
	return len(chats) >= floodChats && limited >= through
}

// notePause records the outcomes of a pass and pauses every chat when the
// platform signals a flood limit over all chats.
func (s *Sender) notePause(ds []delivery, now time.Time) {
	s.pauseMu.Lock()
	defer s.pauseMu.Unlock()
	for _, d := range ds {
		var se *bot.SendError
		if d.err == nil {
			s.floods.add(floodEvent{at: now})
			continue
		}
		if !errors.As(d.err, &se) || se.RetryAfter <= 0 {
			continue
		}
		s.floods.add(floodEvent{at: now, chat: d.out.Chat.Key(), limited: true})
		global := se.Global || s.floods.global()
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
