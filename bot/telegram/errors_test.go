package telegram

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

const secretToken = "123456789:AAH-secret_token-ABCdef"

func TestRedactURLError(t *testing.T) {
	inner := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	err := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + secretToken + "/getUpdates", Err: inner}
	got := redact(fmt.Errorf("wrapped: %w", err), secretToken)
	if strings.Contains(got.Error(), secretToken) || strings.Contains(got.Error(), "AAH-secret") {
		t.Fatalf("token in %q", got)
	}
	got = redact(err, secretToken)
	var ue *url.Error
	if !errors.As(got, &ue) || !strings.Contains(ue.URL, "/bot<token>/getUpdates") {
		t.Fatalf("redacted %v, want a url.Error with the token masked", got)
	}
	if strings.Contains(fmt.Sprintf("%+v %#v", got, got), secretToken) {
		t.Error("token still reachable through formatting")
	}
	for e := got; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), secretToken) {
			t.Errorf("token in the chain: %q", e)
		}
	}
	// An escaped token is masked too; errors without it are left alone.
	esc := &url.Error{Op: "Get", URL: "http://x/bot" + url.PathEscape("12:a/b") + "/m", Err: context.DeadlineExceeded}
	if r := redact(esc, "12:a/b"); strings.Contains(r.Error(), "12:a") || !errors.Is(r, context.DeadlineExceeded) {
		t.Errorf("escaped token: %v", r)
	}
	plain := errors.New("no secrets here")
	if redact(plain, secretToken) != plain {
		t.Error("an error without the token was changed")
	}
}

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
