package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

const hookSecret = "s3cr3t-Token_for-webhook"

// hookUpdate is a webhook body as Telegram posts it.
const hookUpdate = `{"update_id":900,"message":{"message_id":1,"from":{"id":6001,"is_bot":false,"first_name":"Hải","language_code":"vi"},"chat":{"id":6001,"type":"private"},"date":1600221600,"text":"/trogiup"}}`

func postHook(t *testing.T, h http.Handler, secret *string, body string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != nil {
		req.Header.Set(SecretHeader, *secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhook(t *testing.T) {
	r := newRig(t)
	r.user(6001, "luong-van-hai")
	woken := 0
	h := &Webhook{Secret: hookSecret, Handler: r.eng, Wake: func() { woken++ }, Log: quiet}
	good, wrong, empty := hookSecret, hookSecret+"x", ""
	huge := `{"update_id":901,"message":{"text":"` + strings.Repeat("a", MaxWebhookBody) + `"}}`
	tests := []struct {
		name   string
		secret *string
		body   string
		want   int
	}{
		{"missing secret", nil, hookUpdate, http.StatusUnauthorized},
		{"empty secret", &empty, hookUpdate, http.StatusUnauthorized},
		{"wrong secret", &wrong, hookUpdate, http.StatusUnauthorized},
		{"oversized body", &good, huge, http.StatusRequestEntityTooLarge},
		{"malformed JSON", &good, `{"update_id":9`, http.StatusBadRequest},
		{"good", &good, hookUpdate, http.StatusOK},
		{"the same update again (Telegram retrying)", &good, hookUpdate, http.StatusOK},
		{"an update the bot ignores", &good, `{"update_id":902,"edited_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"x"}}`, http.StatusOK},
	}
	for _, tt := range tests {
		if got := postHook(t, h, tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	if n := r.outboxLen(); n != 1 {
		t.Errorf("%d replies queued, want exactly one (for the good update, once)", n)
	}
	if woken == 0 {
		t.Error("the sender was not woken")
	}
	get := httptest.NewRequest(http.MethodGet, "/telegram/webhook", nil)
	get.Header.Set(SecretHeader, hookSecret)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
}

// failingHandler never commits.
type failingHandler struct{}

func (failingHandler) Handle(context.Context, []bot.Update) error { return context.DeadlineExceeded }

func TestWebhookAnswers500UntilCommitted(t *testing.T) {
	h := &Webhook{Secret: hookSecret, Handler: failingHandler{}, Log: quiet}
	good := hookSecret
	if got := postHook(t, h, &good, hookUpdate); got != http.StatusInternalServerError {
		t.Errorf("status %d, want 500 so that Telegram retries", got)
	}
	if h := (&Webhook{Handler: failingHandler{}}); postHook(t, h, new(string), hookUpdate) != http.StatusUnauthorized {
		t.Error("a webhook without a secret accepted a request with an empty one")
	}
}

func TestSetAndDeleteWebhook(t *testing.T) {
	fake, ch := newChannel(t)
	secret, err := NewSecret()
	if err != nil || len(secret) < 32 || strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		t.Fatalf("secret %q, %v", secret, err)
	}
	if err := ch.api.SetWebhook(context.Background(), "https://bot.example.vn/telegram", secret); err != nil {
		t.Fatal(err)
	}
	wh := fake.CurrentWebhook()
	if wh.URL != "https://bot.example.vn/telegram" || wh.Secret != secret || wh.Params["max_connections"] != "1" {
		t.Errorf("webhook %+v", wh)
	}
	if err := ch.api.DeleteWebhook(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fake.CurrentWebhook().URL != "" {
		t.Error("webhook still set")
	}
}

// TestForgedUpdatesDoNotSilenceTheBot: through the webhook (with the
// secret), an update_id of 2^63-1 and one far above the last are refused and
// never become the stored mark; one dated in 2100 is answered (our clock may
// be the wrong one) but its date is not kept as the newest; genuine updates
// before and after them are answered.
func TestForgedUpdatesDoNotSilenceTheBot(t *testing.T) {
	r := newRig(t)
	r.user(6001, "luong-van-hai")
	h := &Webhook{Secret: hookSecret, Handler: r.eng, Log: quiet}
	good := hookSecret
	msg := func(id int64, date int64, text string) string {
		return `{"update_id":` + strconv.FormatInt(id, 10) + `,"message":{"message_id":1,"from":{"id":6001,"is_bot":false,"first_name":"Hải"},"chat":{"id":6001,"type":"private"},"date":` +
			strconv.FormatInt(date, 10) + `,"text":"` + text + `"}}`
	}
	now := time.Now().Unix()
	for i, body := range []string{
		msg(900, now, "/trogiup"),
		msg(9223372036854775807, now, "/trogiup"), // 2^63-1
		msg(900+1<<30, now, "/trogiup"),           // far above, no quiet spell
		msg(901, 4102444800, "/trogiup"),          // 01/01/2100
		msg(902, now, "/trangthai"),
	} {
		if got := postHook(t, h, &good, body); got != http.StatusOK {
			t.Fatalf("post %d: %d", i, got)
		}
	}
	var off uint64
	var newest time.Time
	_ = r.db.View(context.Background(), func(tx bot.Tx) (err error) {
		off, _ = tx.Offset(Name)
		newest, err = tx.InboundTime(Name)
		return err
	})
	if off != SeqOf(902) {
		t.Errorf("stored offset %d, want %d (the last genuine update)", off, SeqOf(902))
	}
	if newest.Year() > time.Now().Year()+1 {
		t.Errorf("newest update time %v: a forged date was stored", newest)
	}
	if n := r.outboxLen(); n != 3 {
		t.Errorf("%d replies queued, want 3 (the genuine updates and the one dated ahead)", n)
	}
}
