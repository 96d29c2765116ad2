package zalo

import (
	"time"

	"fieldbot/bot/delivery"
)

// The Zalo Bot Platform publishes no rate limit (free and premium plans
// exist and answer 429 "quota exceeded"), so these are conservative guesses:
// sending slower than a person types keeps the bot well inside any quota a
// messenger would set, and a 429 still backs off (DefaultRetryAfter).
var (
	// GlobalRate is 20 calls a second over all chats.
	GlobalRate = delivery.Rate{Every: time.Second / 20, Burst: 5}
	// ChatRate is one call a second per chat, with short bursts (a reply in
	// two parts goes at once).
	ChatRate = delivery.Rate{Every: time.Second, Burst: 3}
)

// NewLimiter is a rate limiter with those rates. Group chats get the
// per-chat rate too: a chat id does not say whether it is a group.
func NewLimiter() *delivery.RateLimiter {
	return delivery.NewRateLimiter(GlobalRate, ChatRate, ChatRate, nil)
}
