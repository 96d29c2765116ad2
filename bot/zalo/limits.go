package zalo

import (
	"time"

	"fieldbot/bot/delivery"
)

// The Zalo Bot Platform publishes no rate limit (free and premium plans
// exist and answer 429 "quota exceeded"), so these are conservative guesses:
// sending slower than a person types keeps the bot well inside any quota a
// messenger would set, and a 429 still backs off (DefaultRetryAfter). The
// Zalo channel does not pace its calls one by one (delivery.Pace): all the
// calls of a message are counted when the Sender picks it.
var (
	// GlobalRate is 20 calls in any second over all chats.
	GlobalRate = delivery.Window{Calls: 20, Per: time.Second}
	// ChatRate is three calls in any three seconds per chat (a reply in
	// two or three parts goes at once, then about one a second).
	ChatRate = delivery.Window{Calls: 3, Per: 3 * time.Second}
)

// NewLimiter is a rate limiter with those rates. Group chats get the
// per-chat rate too: a chat id does not say whether it is a group.
func NewLimiter() *delivery.RateLimiter {
	return delivery.NewRateLimiter(GlobalRate, ChatRate, ChatRate, nil)
}
