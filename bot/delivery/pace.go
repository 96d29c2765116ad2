package delivery

import (
	"context"
	"time"

	"fieldbot/bot"
)

// Paced is implemented by channels that call Pace before each platform call
// the Limiter counts (CallCounter), and the function it returns once the
// call is answered. The Sender then reserves only the first call of a
// message when it picks it, and each call counts from the moment it is made
// until a window's span after its answer, spaced as the limits require (a
// photo after a text to the same private chat waits its turn).
type Paced interface {
	PacesCalls()
}

// paceKey carries a message's pacer in the context given to Channel.Send.
type paceKey struct{}

// pacer paces the calls of one message.
type pacer struct {
	s      *Sender
	l      Mover
	chat   bot.ChatRef
	picked time.Time // when the first call was reserved
	first  bool      // the next call is the one reserved at picked
}

// Pace waits until the next call of the message being sent may be made, and
// counts it then; the returned done must be called once the call has been
// answered (or has failed), whatever the outcome: the call counts until a
// window's span after that, so the limits hold at the platform's end however
// long the call took to get there. Channels call Pace right before each
// counted call (outside the call's own timeout). Outside a paced Sender it
// returns at once; it fails only when ctx ends (done is then a no-op).
func Pace(ctx context.Context) (done func(), err error) {
	p, _ := ctx.Value(paceKey{}).(*pacer)
	if p == nil {
		return func() {}, nil
	}
	for {
		now := p.s.now()
		var from time.Time // zero: no call was reserved for this one
		if p.first {
			p.first, from = false, p.picked
		}
		ok, retry := p.l.Move(p.chat, from, now)
		if ok {
			return func() { p.l.Done(p.chat, now, p.s.now()) }, nil
		}
		t := time.NewTimer(max(retry.Sub(now), time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return func() {}, ctx.Err()
		case <-t.C:
		}
	}
}

// paced returns the Mover when the Sender paces calls one by one.
func (s *Sender) paced() (Mover, bool) {
	if _, ok := s.Channel.(Paced); !ok {
		return nil, false
	}
	m, ok := s.Limiter.(Mover)
	return m, ok
}

// reserveCalls is how many calls of out the Sender reserves when it picks
// it: only the first when each call is paced as it is made, and none for
// the answer to a button press, which no limit counts and which must stop
// the spinner at once (its message's first counted call then waits in
// Pace).
func (s *Sender) reserveCalls(out *bot.Outgoing) int {
	if _, ok := s.paced(); !ok {
		return s.calls(out)
	}
	if out.AnswerCallback != "" {
		return 0
	}
	return 1
}

// paceContext is ctx carrying the pacer for out, picked at picked.
func (s *Sender) paceContext(ctx context.Context, out *bot.Outgoing, picked time.Time) context.Context {
	m, ok := s.paced()
	if !ok {
		return ctx
	}
	p := &pacer{s: s, l: m, chat: out.Chat, picked: picked, first: s.reserveCalls(out) == 1}
	return context.WithValue(ctx, paceKey{}, p)
}
