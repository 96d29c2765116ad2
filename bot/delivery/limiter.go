package delivery

import (
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

// CallCounter is implemented by channels whose messages can take several
// platform calls, so the Limiter is charged for each of them.
type CallCounter interface {
	Calls(out *bot.Outgoing) int
}

// Rate is a token bucket: one message per Every on average, up to Burst at
// once after a quiet spell.
type Rate struct {
	Every time.Duration
	Burst int
}

// RateLimiter is a Limiter with token buckets: one for all chats, one per
// chat, and a slower one per chat for group chats. It keeps no goroutine;
// time comes only from the now it is given, so tests drive it with any clock.
type RateLimiter struct {
	global, perChat, perGroup Rate
	isGroup                   func(bot.ChatRef) bool

	mu    sync.Mutex
	all   bucket
	chats map[string]*bucket
}

// maxIdleBuckets is how many per-chat buckets are kept before full (idle)
// ones are dropped: a full bucket is the same as none.
const maxIdleBuckets = 1024

// NewRateLimiter makes a limiter. isGroup tells group chats (nil: none);
// a zero Rate (Every 0) means no limit at that level.
func NewRateLimiter(global, perChat, perGroup Rate, isGroup func(bot.ChatRef) bool) *RateLimiter {
	return &RateLimiter{global: global, perChat: perChat, perGroup: perGroup, isGroup: isGroup,
		chats: map[string]*bucket{}}
}

// Reserve implements Limiter: it takes calls tokens from the chat's bucket
// and the global one, or from neither. A bucket with at least one token may
// go into debt for a message of several calls; the next message then waits
// until the debt is paid, so the average rate holds.
func (l *RateLimiter) Reserve(chat bot.ChatRef, calls int, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rate := l.perChat
	if l.isGroup != nil && l.isGroup(chat) {
		rate = l.perGroup
	}
	b := l.chats[chat.Key()]
	if b == nil {
		l.prune(now)
		b = &bucket{}
		l.chats[chat.Key()] = b
	}
	if ok, retry := b.peek(rate, now); !ok {
		return false, retry
	}
	if ok, retry := l.all.peek(l.global, now); !ok {
		return false, retry
	}
	b.take(rate, calls)
	l.all.take(l.global, calls)
	return true, time.Time{}
}

// prune drops the buckets of chats that have been quiet long enough to be
// full again, once the map grows large.
func (l *RateLimiter) prune(now time.Time) {
	if len(l.chats) < maxIdleBuckets {
		return
	}
	for k, b := range l.chats {
		if b.full(now) {
			delete(l.chats, k)
		}
	}
}

// bucket is one token bucket. Tokens are counted as of last; a new bucket
// starts full.
type bucket struct {
	started bool
	tokens  float64
	last    time.Time
	fullAt  time.Time // when it will be full again
}

// peek refills the bucket to now and reports whether a token is there, or
// when one will be.
func (b *bucket) peek(r Rate, now time.Time) (bool, time.Time) {
	if r.Every <= 0 {
		return true, time.Time{}
	}
	burst := float64(max(r.Burst, 1))
	if !b.started {
		b.started, b.tokens, b.last = true, burst, now
	}
	if now.After(b.last) {
		b.tokens = min(burst, b.tokens+float64(now.Sub(b.last))/float64(r.Every))
		b.last = now
	}
	if b.tokens >= 1 {
		return true, time.Time{}
	}
	wait := time.Duration((1 - b.tokens) * float64(r.Every))
	return false, b.last.Add(wait)
}

// take spends n tokens (peek said there is at least one).
func (b *bucket) take(r Rate, n int) {
	if r.Every <= 0 {
		return
	}
	b.tokens -= float64(n)
	missing := float64(max(r.Burst, 1)) - b.tokens
	b.fullAt = b.last.Add(time.Duration(missing * float64(r.Every)))
}

// full reports whether the bucket has refilled by now.
func (b *bucket) full(now time.Time) bool { return !now.Before(b.fullAt) }
