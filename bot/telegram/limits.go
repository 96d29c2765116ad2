package telegram

import (
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
)

// Telegram's published limits for bots, so that Telegram never has to
// answer 429.
var (
	// GlobalRate is 30 messages a second over all chats; the small burst
	// keeps any one second near 30.
	GlobalRate = delivery.Rate{Every: time.Second / 30, Burst: 5}
	// ChatRate is one message a second per chat, with short bursts.
	ChatRate = delivery.Rate{Every: time.Second, Burst: 3}
	// GroupRate is 20 messages a minute per group chat.
	GroupRate = delivery.Rate{Every: 3 * time.Second, Burst: 1}
)

// NewLimiter is a rate limiter with Telegram's limits.
func NewLimiter() *delivery.RateLimiter {
	return delivery.NewRateLimiter(GlobalRate, ChatRate, GroupRate, IsGroup)
}

// IsGroup reports whether chat is a group or supergroup (negative id).
func IsGroup(chat bot.ChatRef) bool { return strings.HasPrefix(chat.ChatID, "-") }
