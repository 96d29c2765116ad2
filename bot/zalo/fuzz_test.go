package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"fieldbot/bot"
)

// fuzzEvents are bodies as getUpdates and the webhook deliver them, to seed
// the Zalo fuzz targets.
var fuzzEvents = []string{
	`{"event_name":"message.text.received","message":{"message_id":"m1","date":1600221600000,"chat":{"id":"c1","chat_type":"PRIVATE"},"from":{"id":"u1","display_name":"Lan"},"text":"/baocao"}}`,
	`{"ok":true,"result":{"event_name":"message.image.received","message":{"message_id":2,"date":"1600221600000","chat":{"id":123},"from":{"id":456,"first_name":"Hùng"},"photo_url":"https://img.example/a.jpg","caption":"ảnh"}}}`,
	`{"ok":true,"result":[{"event_name":"message.sticker.received","message":{"chat":{"id":"c"},"from":{"id":"u"},"sticker":"s","url":"https://x"}},{"event_name":"message.voice.received","message":{"chat":{"id":"c","chat_type":"GROUP"},"from":{"id":"u"},"voice_url":"v"}}]}`,
	`[{"event_name":"message.unsupported.received","message":{"chat":{"id":"c"},"from":{"id":"u"}}},{"event_name":"message.file.received","message":{"chat":{"id":"c"},"from":{"id":"u","is_bot":true}}}]`,
	`{"event_name":"message.image.received","message":{"chat":{"id":"c"},"from":{"id":"u"}}}`,
	`{"event_name":"user.follow","message":{"chat":{"id":"c"},"from":{"id":"u"}}}`,
	`{"event_name":"message..received","message":{"chat":{"id":"c"},"from":{"id":"u"}}}`,
	`{"ok":true,"result":{"ok":true,"result":null}}`,
	`{"message":{"date":1e30}}`,
	`{"event_name":"message.text.received","message":{"date":-5,"chat":{"id":null},"from":{"id":1.5e3}}}`,
	`{}`, `null`, `[]`, ``, ` `, `[null]`,
}

// checkMapped checks what every update ToUpdate maps must have.
func checkMapped(t *testing.T, ev Event, u bot.Update, botID string) {
	t.Helper()
	if u.Chat.Channel != Name {
		t.Fatalf("channel %q, want %q", u.Chat.Channel, Name)
	}
	if u.Chat.ChatID == "" || u.UserID == "" {
		t.Fatalf("mapped %+v without a chat or a sender", ev)
	}
	if botID != "" && u.UserID == botID {
		t.Fatalf("the bot's own message %+v was mapped", ev)
	}
	if u.Photo != "" && (PhotoURL(u) == "" || u.Unsupported != "") {
		t.Fatalf("photo %q (unsupported %q)", u.Photo, u.Unsupported)
	}
	if u.DedupeKey != DedupeKey(ev) {
		t.Fatalf("dedupe key %q, want %q", u.DedupeKey, DedupeKey(ev))
	}
	if u.Seq != 0 {
		t.Fatalf("seq %d: Zalo has no offset", u.Seq)
	}
}

// FuzzDecodeEvents reads a body the way the poller and the webhook do
// (decodeEvents) and maps each event: neither panics, empty input gives no
// events, and every mapped update is on the zalo channel with a chat and a
// sender that is not the bot.
func FuzzDecodeEvents(f *testing.F) {
	for _, s := range fuzzEvents {
		f.Add([]byte(s), "")
		f.Add([]byte(s), "u1")
	}
	f.Fuzz(func(t *testing.T, body []byte, botID string) {
		evs, err := decodeEvents(body)
		if err != nil {
			return
		}
		if len(bytes.TrimSpace(body)) == 0 && len(evs) != 0 {
			t.Fatalf("%d events from an empty body", len(evs))
		}
		for _, ev := range evs {
			u, ok := ToUpdate(ev, botID)
			if !ok {
				continue
			}
			checkMapped(t, ev, u, botID)
		}
	})
}

// fuzzHandler is a Handler that checks and counts what it is given.
type fuzzHandler struct {
	t *testing.T
	n int
}

func (h *fuzzHandler) Handle(_ context.Context, ups []bot.Update) error {
	h.n += len(ups)
	for _, u := range ups {
		if u.Chat.Channel != Name {
			h.t.Fatalf("webhook handed over an update on channel %q", u.Chat.Channel)
		}
	}
	return nil
}

// FuzzWebhook posts a body to the webhook with the right secret and a
// Handler that accepts everything. The webhook recovers panics (answering
// 500), so the target fails on any answer but 200 and 400, and on the
// "panicked" log line.
func FuzzWebhook(f *testing.F) {
	for _, s := range fuzzEvents {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var logs bytes.Buffer
		h := &fuzzHandler{t: t}
		w := &Webhook{Secret: hookSecret, Handler: h, Log: slog.New(slog.NewTextHandler(&logs, nil))}
		req := httptest.NewRequest(http.MethodPost, "/zalo/webhook", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(SecretHeader, hookSecret)
		rec := httptest.NewRecorder()
		w.ServeHTTP(rec, req)
		if strings.Contains(logs.String(), "panicked") {
			t.Fatalf("webhook panicked on %q: %s", body, logs.String())
		}
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest:
			if _, err := decodeEvents(body); err == nil && json.Valid(body) {
				t.Fatalf("400 for a body that decodes: %q", body)
			}
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, logs.String())
		}
	})
}
