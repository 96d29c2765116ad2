package zalo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// DefaultRetryAfter is how long a chat waits after a 429: the platform
// publishes no rate and gives no retry_after, so this is a guess on the
// safe side.
const DefaultRetryAfter = 30 * time.Second

// The description fragments that say more than the error code does. The
// documentation gives no error texts: these are UNVERIFIED guesses, matched
// case-insensitively, chosen so that a wrong guess costs little (an
// unmatched refusal is ReasonRefused: dead-lettered, the member not marked).
var (
	// blockedFragments mean the person blocked the bot or stopped following it.
	blockedFragments = []string{"blocked", "block", "unfollow", "chặn"}
	// goneFragments mean the account or chat cannot be messaged at all.
	goneFragments = []string{"user not found", "chat not found", "recipient not found", "not exist",
		"cannot send message to", "can not send message to", "cannot be messaged", "not allowed to send",
		"deactivated", "deleted", "invalid chat", "invalid user"}
	// tooLongFragments mean the text is over the limit.
	tooLongFragments = []string{"too long", "exceed", "max length", "maximum length", "2000"}
)

// classify turns a failed call into a *bot.SendError for the sender, its
// text naming op and free of the token, and its reason in the domain's
// words:
//   - 429 ("quota exceeded"): rate limited, for this chat, DefaultRetryAfter;
//   - 5xx, 403 (documented as "internal server error"), 408, network
//     trouble, timeouts, unreadable answers: temporary;
//   - a description saying the person blocked the bot: blocked; one saying
//     the user or chat cannot be messaged or is not found: chat gone (the
//     account is then marked unreachable);
//   - 401 and 404 (a wrong token or API address: our fault, not the
//     message's): temporary, so messages wait for the fix;
//   - 400 saying the text is too long: too long; other 400s and 4xx: this
//     message refused.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	wrapped := fmt.Errorf("zalo: %s: %w", op, err)
	var ae *APIError
	if !errors.As(err, &ae) {
		if platform.IsTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
			return bot.TimedOut(wrapped) // it may still go out: a retry waits
		}
		return bot.Temporary(wrapped)
	}
	switch code := ae.Code; {
	case code == http.StatusTooManyRequests:
		return bot.RateLimited(DefaultRetryAfter, false, wrapped)
	case code >= 500, code == 0, code == http.StatusRequestTimeout:
		return bot.Temporary(wrapped)
	case has(ae.Description, blockedFragments...):
		return bot.Refused(bot.ReasonBlocked, wrapped)
	case has(ae.Description, goneFragments...):
		return bot.Refused(bot.ReasonChatGone, wrapped)
	case code == http.StatusUnauthorized, code == http.StatusForbidden, code == http.StatusNotFound:
		return bot.Temporary(wrapped)
	case has(ae.Description, tooLongFragments...):
		return bot.Refused(bot.ReasonTooLong, wrapped)
	default:
		return bot.Refused(bot.ReasonRefused, wrapped)
	}
}

// fileRefused says that a refusal of a photo refused the photo, unless it
// refused the whole chat.
func fileRefused(err error) error {
	var se *bot.SendError
	if errors.As(err, &se) && se.Permanent() && se.Reason != bot.ReasonBlocked {
		// Zalo fetches the picture itself: a refusal ("not found", "does not
		// exist") is about the picture or its link, not the chat; only a
		// plain "blocked" is about the person.
		se.Reason = bot.ReasonFileRefused
	}
	return err
}

// has reports whether s contains one of the fragments, ignoring case.
func has(s string, fragments ...string) bool {
	s = strings.ToLower(s)
	for _, f := range fragments {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}
