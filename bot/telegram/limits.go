package telegram

import (
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
)

// Margin is added to each of Telegram's windows as headroom below figures
// Telegram gives as approximate ("about 30 messages per second"). The
// calls' travel times need none: a paced call counts from when it is made
// until a window after its answer came back (delivery.Pace), and Telegram
// counts it somewhere in between.
const Margin = 60 * time.Millisecond

// Telegram's published limits for bots, kept as sliding windows with
// Margin, so that Telegram never has to answer 429. Every call that sends
// or edits a message counts (not the answer to a button press).
var (
	// GlobalRate is 30 calls in any 1.06 s over all chats (28.3 a second,
	// 0.94 of Telegram's 30).
	GlobalRate = delivery.Window{Calls: 30, Per: time.Second + Margin}
	// ChatRate is one call in any 1.06 s per private chat.
	ChatRate = delivery.Window{Calls: 1, Per: time.Second + Margin}
	// GroupRate is 20 calls in any 60.06 s per group chat.
	GroupRate = delivery.Window{Calls: 20, Per: time.Minute + Margin}
)

// NewLimiter is a rate limiter with Telegram's limits.
func NewLimiter() *delivery.RateLimiter {
	return delivery.NewRateLimiter(GlobalRate, ChatRate, GroupRate, IsGroup)
}

// IsGroup reports whether chat is a group or supergroup (negative id).
func IsGroup(chat bot.ChatRef) bool { return strings.HasPrefix(chat.ChatID, "-") }
