package telegram

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// apiError returns the Bot API's refusal inside err, if it is one.
func apiError(err error) (*tgbotapi.Error, bool) {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te, true
	}
	var tv tgbotapi.Error
	if errors.As(err, &tv) {
		return &tv, true
	}
	return nil, false
}

// statusOf is the HTTP-like code of a Bot API refusal. tgbotapi leaves the
// code out for file uploads, so the description's standard prefix
// ("Forbidden: bot was blocked by the user") tells it then.
func statusOf(te *tgbotapi.Error) int {
	if te.Code != 0 {
		return te.Code
	}
	for prefix, code := range map[string]int{"Bad Request": 400, "Unauthorized": 401, "Forbidden": 403,
		"Not Found": 404, "Conflict": 409, "Too Many Requests": 429, "Internal Server Error": 500,
		"Bad Gateway": 502, "Service Unavailable": 503, "Gateway Timeout": 504} {
		if strings.HasPrefix(te.Message, prefix) {
			return code
		}
	}
	return 0
}

// classify turns a failed Bot API call into a *bot.SendError for the
// sender, its text naming op and free of the token, and its reason in the
// domain's words:
//   - 429: rate limited, with the retry_after Telegram gave;
//   - 5xx, network trouble, timeouts, unreadable answers: temporary;
//   - 401 and 404 (a wrong token or API address: our fault, not the
//     message's): temporary, so messages wait for the fix;
//   - 403 "bot was blocked by the user": blocked; other 403s and the 400s
//     that say the chat or user is gone: chat gone (the account is then
//     marked unreachable);
//   - 400 "message is too long": too long; other 400s and 4xx: this message
//     refused.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	wrapped := fmt.Errorf("telegram: %s: %w", op, err)
	te, ok := apiError(err)
	if !ok {
		if platform.IsTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
			return bot.TimedOut(wrapped) // it may still go out: a retry waits
		}
		return bot.Temporary(wrapped)
	}
	code := statusOf(te)
	switch {
	case code == 429 || te.RetryAfter > 0:
		return bot.RateLimited(time.Duration(te.RetryAfter)*time.Second, false, wrapped)
	case code >= 500, code == 0, code == 401, code == 404:
		return bot.Temporary(wrapped)
	case isAPIError(err, "bot was blocked"):
		return bot.Refused(bot.ReasonBlocked, wrapped)
	case code == 403 || isAPIError(err, goneChat...):
		return bot.Refused(bot.ReasonChatGone, wrapped)
	case isAPIError(err, "message is too long", "text is too long"):
		return bot.Refused(bot.ReasonTooLong, wrapped)
	default:
		return bot.Refused(bot.ReasonRefused, wrapped)
	}
}

// fileRefused says that a refusal of a file call refused the file, unless
// it refused the whole chat.
func fileRefused(err error) error {
	var se *bot.SendError
	if errors.As(err, &se) && se.Reason == bot.ReasonRefused {
		se.Reason = bot.ReasonFileRefused
	}
	return err
}

// goneChat are the refusals that mean the recipient is gone, not that one
// message was wrong: the member is then marked unreachable.
var goneChat = []string{"chat not found", "user not found", "peer_id_invalid", "bot was kicked",
	"user is deactivated", "bot was blocked", "have no rights to send"}

// isAPIError reports whether err is the Bot API refusing with a description
// that contains one of the fragments (case-insensitive).
func isAPIError(err error, fragments ...string) bool {
	te, ok := apiError(err)
	if !ok {
		return false
	}
	desc := strings.ToLower(te.Message)
	for _, f := range fragments {
		if strings.Contains(desc, strings.ToLower(f)) {
			return true
		}
	}
	return false
}
