package zalo

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/zalo/zalotest"
)

const hookSecret = "s3cr3t-Token_for-webhook"

// recorder is a Handler that keeps what it is given; fail makes the next
// calls fail.
type recorder struct {
	mu   sync.Mutex
	ups  []bot.Update
	fail int
	seen map[string]bool // dedupe keys, as the engine keeps them
}

func (h *recorder) Handle(_ context.Context, ups []bot.Update) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail > 0 {
		h.fail--
		return errors.New("disk full")
	}
	if h.seen == nil {
		h.seen = map[string]bool{}
	}
	for _, u := range ups {
		if !h.seen[u.DedupeKey] {
			h.seen[u.DedupeKey] = true
			h.ups = append(h.ups, u)
		}
	}
	return nil
}

func (h *recorder) got() []bot.Update {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Update(nil), h.ups...)
}

func postRaw(t *testing.T, h http.Handler, method string, secret *string, body string) int {
	t.Helper()
	req := httptest.NewRequest(method, "/zalo/webhook", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != nil {
		req.Header.Set(SecretHeader, *secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhookRefusals(t *testing.T) {
	h := &Webhook{Secret: hookSecret, Handler: &recorder{}, Log: quiet}
	good, wrong, empty := hookSecret, hookSecret+"x", ""
	body := `{"event_name":"message.text.received","message":{"message_id":"1","chat":{"id":"c"},"from":{"id":"u"},"text":"x"}}`
	huge := `{"event_name":"message.text.received","message":{"text":"` + strings.Repeat("a", MaxWebhookBody) + `"}}`
	tests := []struct {
		name   string
		method string
		secret *string
		body   string
		want   int
	}{
		{"no secret", http.MethodPost, nil, body, http.StatusUnauthorized},
		{"empty secret", http.MethodPost, &empty, body, http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, &wrong, body, http.StatusUnauthorized},
		{"GET", http.MethodGet, &good, "", http.StatusMethodNotAllowed},
		{"oversized", http.MethodPost, &good, huge, http.StatusRequestEntityTooLarge},
		{"malformed", http.MethodPost, &good, `{"event_name":`, http.StatusBadRequest},
		{"not an event", http.MethodPost, &good, `{"hello":1}`, http.StatusOK},
	}
	for _, tt := range tests {
		if got := postRaw(t, h, tt.method, tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	if n := len(h.Handler.(*recorder).got()); n != 0 {
		t.Errorf("%d updates handled from refused requests", n)
	}
	if postRaw(t, &Webhook{Handler: &recorder{}}, http.MethodPost, &empty, body) != http.StatusUnauthorized {
		t.Error("a webhook without a secret accepted an empty one")
	}
}

// TestWebhookShapesDuplicatesEchoesPhotos posts through the fake's Post,
// as the platform would: both body shapes are handled, once each; a
// redelivery and an echo of the bot's own send are not acted on; an image
// is downloaded into PhotoData; a failed commit answers 500 and the
// redelivery then succeeds.
func TestWebhookShapesDuplicatesEchoesPhotos(t *testing.T) {
	fake, api := newAPI(t)
	photos := photoServer(t)
	h := &recorder{}
	woken := 0
	srv := httptest.NewServer(&Webhook{Secret: hookSecret, API: api, Handler: h, Log: quiet, Wake: func() { woken++ }})
	defer srv.Close()
	u := fake.NewUser("Hải")
	post := func(shape zalotest.Shape, ev zalotest.Event, want int) {
		t.Helper()
		if got, err := fake.Post(context.Background(), srv.URL, hookSecret, shape, ev); err != nil || got != want {
			t.Fatalf("post %s: %d, %v; want %d", ev.Message.MessageID, got, err, want)
		}
	}
	wrapped, bare := fake.TextEvent(u, "/trogiup"), fake.TextEvent(u, "/trangthai")
	post(zalotest.Wrapped, wrapped, 200)
	post(zalotest.Bare, bare, 200)
	post(zalotest.Bare, wrapped, 200) // redelivered, in the other shape
	echo := fake.TextEvent(fake.Bot(), "Câu 1/9")
	post(zalotest.Wrapped, echo, 200)
	post(zalotest.Wrapped, fake.ImageEvent(u, photos.URL+"/chart.png", "công trình"), 200)
	post(zalotest.Bare, fake.ImageEvent(u, photos.URL+"/expired", ""), 200)
	h.fail = 1
	later := fake.StickerEvent(u)
	post(zalotest.Wrapped, later, 500)
	post(zalotest.Wrapped, later, 200)

	got := h.got()
	if len(got) != 5 {
		t.Fatalf("%d updates handled, want 5: %+v", len(got), got)
	}
	if got[0].Text != "/trogiup" || got[1].Text != "/trangthai" || got[0].Chat.ChatID != u.ChatID || got[0].UserID != u.ID {
		t.Errorf("the texts: %+v", got[:2])
	}
	if p := got[2]; p.Photo != PhotoPrefix+photos.URL+"/chart.png" || !bytes.Equal(p.PhotoData, pngBytes) || p.Text != "công trình" {
		t.Errorf("the photo: %q %d bytes %q", p.Photo, len(p.PhotoData), p.Text)
	}
	if p := got[3]; p.Photo != "" || p.PhotoData != nil || p.Unsupported != "photo_failed" {
		t.Errorf("an image that cannot be downloaded: %q, %d bytes, %q; want no photo, unsupported photo_failed", p.Photo, len(p.PhotoData), p.Unsupported)
	}
	if got[4].Unsupported != "sticker" {
		t.Errorf("the sticker: %+v", got[4])
	}
	if woken != 6 {
		t.Errorf("the sender was woken %d times, want once per committed delivery the bot acts on (6: not the echo, not the failure)", woken)
	}
}

// panicky panics in Handle.
type panicky struct{}

func (panicky) Handle(context.Context, []bot.Update) error { panic("boom") }

func TestWebhookPanicIsContained(t *testing.T) {
	h := &Webhook{Secret: hookSecret, Handler: panicky{}, Log: quiet}
	good := hookSecret
	body := `{"event_name":"message.text.received","message":{"message_id":"1","chat":{"id":"c"},"from":{"id":"u"},"text":"x"}}`
	if got := postRaw(t, h, http.MethodPost, &good, body); got != http.StatusInternalServerError {
		t.Errorf("a panicking handler: %d, want 500", got)
	}
	// The lock was released: the next delivery is not stuck.
	h.Handler = &recorder{}
	if got := postRaw(t, h, http.MethodPost, &good, body); got != http.StatusOK {
		t.Errorf("after a panic: %d", got)
	}
}

func TestNewSecretAndSetWebhook(t *testing.T) {
	fake, api := newAPI(t)
	secret, err := NewSecret()
	if err != nil || len(secret) < 40 || len(secret) > 256 ||
		strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		t.Fatalf("secret %q, %v", secret, err)
	}
	if other, _ := NewSecret(); other == secret {
		t.Error("two secrets alike")
	}
	if err := api.SetWebhook(context.Background(), "https://bot.example.vn/zalo", secret); err != nil {
		t.Fatal(err)
	}
	if wh := fake.CurrentWebhook(); wh.URL != "https://bot.example.vn/zalo" || wh.Secret != secret {
		t.Errorf("webhook %+v", wh)
	}
}
