package telegram

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

// fuzzUpdates are update bodies as the Bot API sends them, to seed the
// Telegram fuzz targets.
var fuzzUpdates = []string{
	hookUpdate,
	`{"update_id":1,"message":{"message_id":2,"from":{"id":7,"first_name":"Lan","last_name":"Trần"},"chat":{"id":7,"type":"private"},"date":1600221600,"text":"/baocao@fieldbot 2"}}`,
	`{"update_id":2,"message":{"message_id":3,"from":{"id":7,"first_name":""},"chat":{"id":-100123,"type":"supergroup"},"date":1600221600,"photo":[{"file_id":"a","width":90,"height":90},{"file_id":"b","width":800,"height":600,"file_size":5000}],"caption":"ảnh"}}`,
	`{"update_id":3,"message":{"message_id":4,"from":{"id":7,"username":"lan"},"chat":{"id":7,"type":"private"},"date":1,"document":{"file_id":"d","mime_type":"image/png"}}}`,
	`{"update_id":4,"message":{"message_id":5,"from":{"id":7},"chat":{"id":7,"type":"private"},"date":1,"contact":{"phone_number":"+84912345678","first_name":"Lan","user_id":7}}}`,
	`{"update_id":5,"message":{"message_id":6,"from":{"id":7},"chat":{"id":7,"type":"private"},"date":1,"location":{"latitude":21.0,"longitude":105.8}}}`,
	`{"update_id":6,"message":{"message_id":7,"from":{"id":7,"is_bot":true},"chat":{"id":7,"type":"private"},"date":1,"text":"hi"}}`,
	`{"update_id":7,"message":{"message_id":8,"from":{"id":7},"chat":{"id":7,"type":"group"},"date":1,"new_chat_members":[{"id":9}]}}`,
	`{"update_id":8,"callback_query":{"id":"cb1","from":{"id":7,"language_code":"en"},"message":{"message_id":9,"chat":{"id":7,"type":"private"},"date":1},"data":"abcde:ok"}}`,
	`{"update_id":9,"callback_query":{"id":"cb2","from":{"id":7},"inline_message_id":"x","data":"L:en"}}`,
	`{"update_id":10,"callback_query":{"id":"cb3"}}`,
	`{"update_id":-1,"message":{"text":"x"}}`,
	`{"update_id":11,"message":{"message_id":1,"from":{"id":7},"date":1,"text":"no chat"}}`,
	`{"update_id":12,"message":{"message_id":1,"from":{"id":7},"chat":{"id":7,"type":"private"},"date":1,"photo":[]}}`,
	`{"update_id":13,"edited_message":{"message_id":1,"from":{"id":7},"chat":{"id":7,"type":"private"},"date":1,"text":"x"}}`,
	`{}`, `null`, `[]`, ``,
}

// checkMapped checks what every update ToUpdate maps must have.
func checkMapped(t *testing.T, tu tgbotapi.Update, u bot.Update) {
	t.Helper()
	if u.Chat.Channel != Name {
		t.Fatalf("channel %q, want %q", u.Chat.Channel, Name)
	}
	if _, err := strconv.ParseInt(u.Chat.ChatID, 10, 64); err != nil {
		t.Fatalf("chat id %q is not a number", u.Chat.ChatID)
	}
	if _, err := strconv.ParseInt(u.UserID, 10, 64); err != nil {
		t.Fatalf("user id %q is not a number", u.UserID)
	}
	if u.Seq != SeqOf(tu.UpdateID) || u.Seq == 0 {
		t.Fatalf("seq %d for update %d", u.Seq, tu.UpdateID)
	}
	if (tu.CallbackQuery != nil) != (u.Callback != nil) {
		t.Fatalf("callback %v for a query %v", u.Callback, tu.CallbackQuery)
	}
	if u.Photo != "" && !strings.HasPrefix(u.Photo, PhotoPrefix) {
		t.Fatalf("photo %q without %q", u.Photo, PhotoPrefix)
	}
	if u.MediaGroup != "" && u.Photo == "" {
		t.Fatalf("media group %q on an update without a photo", u.MediaGroup)
	}
	if u.Location != nil && (u.Photo != "" || u.Contact != nil) {
		t.Fatalf("a place on an update with a photo or a contact: %+v", u)
	}
}

// FuzzToUpdate decodes a body into a tgbotapi.Update as the poller and the
// webhook do, and maps it: ToUpdate never panics, and an update it maps is
// on the telegram channel with numeric ids and the update's sequence number.
func FuzzToUpdate(f *testing.F) {
	for _, s := range fuzzUpdates {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var tu tgbotapi.Update
		if err := json.Unmarshal(body, &tu); err != nil {
			return
		}
		u, ok := ToUpdate(tu)
		if !ok {
			return
		}
		checkMapped(t, tu, u)
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
// Handler that accepts everything: ServeHTTP never panics, answers 200 or
// 400 (malformed JSON) and nothing else, hands over at most one update, and
// only one on the telegram channel.
func FuzzWebhook(f *testing.F) {
	for _, s := range fuzzUpdates {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		h := &fuzzHandler{t: t}
		w := &Webhook{Secret: hookSecret, Handler: h}
		req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(SecretHeader, hookSecret)
		rec := httptest.NewRecorder()
		w.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest:
			if json.Valid(body) && json.Unmarshal(body, new(tgbotapi.Update)) == nil {
				t.Fatalf("400 for a body that decodes: %q", body)
			}
		default:
			t.Fatalf("status %d for %q", rec.Code, body)
		}
		if h.n > 1 {
			t.Fatalf("%d updates from one body", h.n)
		}
	})
}
