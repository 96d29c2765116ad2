package delivery

import (
	"slices"
	"sync"
	"time"

	"fieldbot/bot"
)

// Limiter paces deliveries so that a platform never has to refuse them for
// going too fast. The Sender asks it before each message.
type Limiter interface {
	// Reserve takes the right to make calls platform calls to chat at now
	// (one message may take several: text parts, a photo, a document). When
	// it cannot, it takes nothing and returns false with the earliest time
	// worth asking again.
	Reserve(chat bot.ChatRef, calls int, now time.Time) (ok bool, retry time.Time)
}

// Mover is a Limiter that counts a call from the moment it is made until a
// window's span after its answer came back, so the limits hold at the
// platform's end whatever the calls' travel times: the platform counts a
// call somewhere between the two, and every call it may see within one
// span of another was counted with that other when it was made.
type Mover interface {
	Limiter
	// Move moves one call reserved for chat at from (zero: none was) to
	// now, when it is made; it then counts until Done. When now does not
	// fit, the reservation is released and Move returns false with the
	// earliest time worth asking again.
	Move(chat bot.ChatRef, from, now time.Time) (ok bool, retry time.Time)
	// Done tells that the call to chat made at made (Move's now) was
	// answered, or given up, at end: it counts until a span after end.
	Done(chat bot.ChatRef, made, end time.Time)
}

// CallCounter is implemented by channels whose messages can take several
// platform calls, so the Limiter is charged for each of them.
type CallCounter interface {
	Calls(out *bot.Outgoing) int
}

// Window is a sliding-window limit: at most Calls calls in any span of Per
// (a call at t counts until t+Per). A zero Window (Calls 0) is no limit.
// Unlike a token bucket it never lets a burst exceed Calls within Per.
type Window struct {
	Calls int
	Per   time.Duration
}

// RateLimiter is a Limiter and a Mover that keeps sliding windows: one for
// all chats, one per chat, and another for group chats. It remembers when
// each counted call was made or answered (at most Calls per window, those
// under way included), keeps no goroutine, and takes time only from the
// times it is given, so tests drive it with any clock.
type RateLimiter struct {
	global, perChat, perGroup Window
	isGroup                   func(bot.ChatRef) bool

	mu    sync.Mutex
	all   callLog
	chats map[string]*callLog
}

// maxIdleLogs is how many per-chat logs are kept before empty (idle) ones
// are dropped: an empty log is the same as none.
const maxIdleLogs = 1024

// NewRateLimiter makes a limiter. isGroup tells group chats (nil: none).
func NewRateLimiter(global, perChat, perGroup Window, isGroup func(bot.ChatRef) bool) *RateLimiter {
	return &RateLimiter{global: global, perChat: perChat, perGroup: perGroup, isGroup: isGroup,
		all: callLog{w: global}, chats: map[string]*callLog{}}
}

// Reserve implements Limiter: it counts calls calls at now in the chat's
// window and the global one, or in neither. A message of more calls than a
// window holds is let through only when that window is empty, and then
// fills it for a whole span.
func (l *RateLimiter) Reserve(chat bot.ChatRef, calls int, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chatLog(chat, now)
	okChat, retryChat := c.fits(calls, now)
	okAll, retryAll := l.all.fits(calls, now)
	if !okChat || !okAll {
		return false, later(retryChat, retryAll)
	}
	c.add(calls, now)
	l.all.add(calls, now)
	return true, time.Time{}
}

// Move implements Mover. A call that starts within a window's span of its
// reservation always fits: every call counted after it was counted with it.
func (l *RateLimiter) Move(chat bot.ChatRef, from, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chatLog(chat, now)
	if !from.IsZero() {
		c.remove(from)
		l.all.remove(from)
	}
	okChat, retryChat := c.fits(1, now)
	okAll, retryAll := l.all.fits(1, now)
	if !okChat || !okAll {
		return false, later(retryChat, retryAll)
	}
	c.start(now)
	l.all.start(now)
	return true, time.Time{}
}

// Done implements Mover.
func (l *RateLimiter) Done(chat bot.ChatRef, made, end time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.chatLog(chat, end).finish(made, end)
	l.all.finish(made, end)
}

// chatLog is chat's log, made on first use.
func (l *RateLimiter) chatLog(chat bot.ChatRef, now time.Time) *callLog {
	c := l.chats[chat.Key()]
	if c == nil {
		l.prune(now)
		w := l.perChat
		if l.isGroup != nil && l.isGroup(chat) {
			w = l.perGroup
		}
		c = &callLog{w: w}
		l.chats[chat.Key()] = c
	}
	return c
}

// prune drops the logs of chats that have been quiet for a whole window,
// once the map grows large.
func (l *RateLimiter) prune(now time.Time) {
	if len(l.chats) < maxIdleLogs {
		return
	}
	for k, c := range l.chats {
		if c.trim(now); len(c.at) == 0 && len(c.open) == 0 {
			delete(l.chats, k)
		}
	}
}

// later is the later of two retry times (zero: none).
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// callLog is one sliding window: the times of the calls still in it, oldest
// first, and the calls under way, which count until they are done.
type callLog struct {
	w    Window
	at   []time.Time
	open []time.Time // when each call under way was made
}

// trim forgets the calls that no longer count at now.
func (g *callLog) trim(now time.Time) {
	i := 0
	for i < len(g.at) && now.Sub(g.at[i]) >= g.w.Per {
		i++
	}
	g.at = g.at[i:]
}

// fits reports whether n more calls fit at now, or when they will: the
// counted calls leave the window oldest first, and a call under way no
// sooner than a span from now (it may be answered now).
func (g *callLog) fits(n int, now time.Time) (bool, time.Time) {
	if g.w.Calls <= 0 {
		return true, time.Time{}
	}
	g.trim(now)
	need := min(max(n, 1), g.w.Calls)
	over := len(g.at) + len(g.open) + need - g.w.Calls
	if over <= 0 {
		return true, time.Time{}
	}
	leave := make([]time.Time, 0, len(g.at)+len(g.open))
	for _, t := range g.at {
		leave = append(leave, t.Add(g.w.Per))
	}
	for range g.open {
		leave = append(leave, now.Add(g.w.Per))
	}
	slices.SortFunc(leave, time.Time.Compare)
	return false, leave[over-1]
}

// add counts n calls at now, keeping the log in time order.
func (g *callLog) add(n int, now time.Time) {
	if g.w.Calls <= 0 {
		return
	}
	i, _ := slices.BinarySearchFunc(g.at, now, func(e, t time.Time) int { return e.Compare(t) })
	for i < len(g.at) && !g.at[i].After(now) {
		i++
	}
	g.at = slices.Insert(g.at, i, slices.Repeat([]time.Time{now}, max(n, 1))...)
}

// start counts a call made at now as under way.
func (g *callLog) start(now time.Time) {
	if g.w.Calls > 0 {
		g.open = append(g.open, now)
	}
}

// finish counts the call under way made at made from end on instead.
func (g *callLog) finish(made, end time.Time) {
	if i := slices.IndexFunc(g.open, made.Equal); i >= 0 {
		g.open = slices.Delete(g.open, i, i+1)
		g.add(1, end)
	}
}

// remove forgets one call counted at t, if it is still there.
func (g *callLog) remove(t time.Time) {
	if i := slices.IndexFunc(g.at, t.Equal); i >= 0 {
		g.at = slices.Delete(g.at, i, i+1)
	}
}
