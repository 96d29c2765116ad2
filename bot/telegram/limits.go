package telegram

import (
	"strings"
	"time"

	"fieldbot/bot"
)

// Telegram's published limits for bots: about 30 messages a second in all,
// one a second per chat (short bursts allowed), 20 a minute per group.
var (
	GlobalRate = bot.Rate{Every: time.Second / 30, Burst: 30}
	ChatRate   = bot.Rate{Every: time.Second, Burst: 3}
	GroupRate  = bot.Rate{Every: 3 * time.Second, Burst: 1}
)

// NewLimiter is a rate limiter with Telegram's limits, so that Telegram
// never has to answer 429.
func NewLimiter() *bot.RateLimiter {
	return bot.NewRateLimiter(GlobalRate, ChatRate, GroupRate, IsGroup)
}

// IsGroup reports whether chat is a group or supergroup (negative id).
func IsGroup(chat bot.ChatRef) bool { return strings.HasPrefix(chat.ChatID, "-") }
