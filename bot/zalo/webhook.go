package zalo

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// SecretHeader carries the webhook's secret token on every delivery.
const SecretHeader = "X-Bot-Api-Secret-Token"

// MaxWebhookBody is the largest event body the webhook reads.
const MaxWebhookBody = 1 << 20

// Webhook receives the events the platform posts in webhook mode. It
// answers 200 only once the event is committed (500 otherwise, so the
// platform may deliver it again: the dedupe key makes that safe), and
// commits one event at a time, in arrival order. It accepts the documented
// body {ok, result: {event_name, message}} and the bare {event_name,
// message} seen in real deliveries (and a list in either, to be safe).
type Webhook struct {
	// Secret is the secret_token given to setWebhook; requests without it
	// get 401.
	Secret string
	// API downloads the photos members send; without it a photo arrives as
	// Unsupported "photo_failed".
	API     *API
	Handler Handler
	// Wake is called after each committed event (to wake the Sender).
	Wake func()
	Log  *slog.Logger

	mu sync.Mutex // one event at a time, in order
}

// ServeHTTP checks the secret (in constant time) and the method, reads at
// most MaxWebhookBody bytes, and hands the events to the Handler. A panic
// below it is answered 500 and logged, not passed on.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			w.logger().Error("zalo: webhook panicked", "panic", fmt.Sprint(p))
			http.Error(rw, "internal error", http.StatusInternalServerError)
		}
	}()
	body, ok := platform.WebhookBody(rw, r, SecretHeader, w.Secret, MaxWebhookBody)
	if !ok {
		return
	}
	if !json.Valid(body) {
		http.Error(rw, "malformed event", http.StatusBadRequest)
		return
	}
	evs, err := decodeEvents(body)
	if err != nil {
		http.Error(rw, "malformed event", http.StatusBadRequest)
		return
	}
	if err := w.handle(r.Context(), evs); err != nil {
		w.logger().Error("zalo: webhook event not committed; answering 500 so it may come again", "err", err)
		http.Error(rw, "not processed", http.StatusInternalServerError)
		return
	}
	rw.WriteHeader(http.StatusOK)
}

// handle maps evs, downloads their photos and commits them.
func (w *Webhook) handle(ctx context.Context, evs []Event) error {
	ups := mapEvents(ctx, w.API, evs, w.logger())
	if len(ups) == 0 {
		return nil
	}
	if err := w.commit(ctx, ups); err != nil {
		return err
	}
	if w.Wake != nil {
		w.Wake()
	}
	return nil
}

// commit hands ups to the Handler, one delivery at a time.
func (w *Webhook) commit(ctx context.Context, ups []bot.Update) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.Handler.Handle(ctx, ups)
}

func (w *Webhook) logger() *slog.Logger {
	if w.Log == nil {
		return slog.Default()
	}
	return w.Log
}

// NewSecret makes a random webhook secret (see platform.NewSecret).
func NewSecret() (string, error) { return platform.NewSecret() }
