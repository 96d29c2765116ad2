package telegram

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

const secretToken = "123456789:AAH-secret_token-ABCdef"

func TestClassify(t *testing.T) {
	api := func(code int, desc string, retry int) error {
		return &tgbotapi.Error{Code: code, Message: desc, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: retry}}
	}
	tests := []struct {
		err    error
		reason bot.Reason
		retry  time.Duration
	}{
		{api(429, "Too Many Requests: retry after 7", 7), bot.ReasonRateLimited, 7 * time.Second},
		{api(0, "Too Many Requests: retry after 3", 3), bot.ReasonRateLimited, 3 * time.Second}, // an upload: no code
		{api(500, "Internal Server Error", 0), bot.ReasonTemporary, 0},
		{api(502, "Bad Gateway", 0), bot.ReasonTemporary, 0},
		{api(403, "Forbidden: bot was blocked by the user", 0), bot.ReasonBlocked, 0},
		{api(403, "Forbidden: user is deactivated", 0), bot.ReasonChatGone, 0},
		{api(0, "Forbidden: bot was blocked by the user", 0), bot.ReasonBlocked, 0},
		{api(400, "Bad Request: chat not found", 0), bot.ReasonChatGone, 0},
		{api(400, "Bad Request: BUTTON_DATA_INVALID", 0), bot.ReasonRefused, 0},
		{api(400, "Bad Request: message is too long", 0), bot.ReasonTooLong, 0},
		{api(401, "Unauthorized", 0), bot.ReasonTemporary, 0},
		{&url.Error{Op: "Post", URL: "x", Err: errors.New("connection reset by peer")}, bot.ReasonTemporary, 0},
		{errors.New("invalid character '<' looking for beginning of value"), bot.ReasonTemporary, 0},
	}
	for _, tt := range tests {
		err := classify("send message", tt.err)
		var se *bot.SendError
		if !errors.As(err, &se) {
			t.Fatalf("%v: not a SendError: %T", tt.err, err)
		}
		if se.Reason != tt.reason || se.RetryAfter != tt.retry {
			t.Errorf("%v: reason=%q retry=%v, want %q %v", tt.err, se.Reason, se.RetryAfter, tt.reason, tt.retry)
		}
		if !strings.HasPrefix(se.Err.Error(), "telegram: send message: ") {
			t.Errorf("%v: error %q lacks context", tt.err, se.Err)
		}
	}
	if classify("x", nil) != nil {
		t.Error("nil error classified")
	}
}
