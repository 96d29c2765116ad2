package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// SecretHeader carries the webhook's secret token on every request Telegram
// makes to it.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// MaxWebhookBody is the largest update body the webhook reads.
const MaxWebhookBody = 1 << 20

// Webhook receives the updates Telegram posts in webhook mode. It answers
// 200 only once the update is committed, so Telegram retries anything that
// failed; setWebhook asks for one connection at a time, so updates arrive
// and commit in order and the engine's offset check stays exact.
type Webhook struct {
	// Secret is the secret_token given to setWebhook; requests without it
	// get 401.
	Secret  string
	Handler Handler
	// API, when set, downloads the files sent (a roster workbook) before
	// the update is handled; nil: they reach the engine without bytes.
	API *API
	// Wake is called after each committed update (to wake the Sender).
	Wake func()
	Log  *slog.Logger

	mu sync.Mutex // one update at a time, in order
}

// ServeHTTP checks the secret (in constant time), reads at most
// MaxWebhookBody bytes, and hands the update to the Handler.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, ok := platform.WebhookBody(rw, r, SecretHeader, w.Secret, MaxWebhookBody)
	if !ok {
		return
	}
	var tu tgbotapi.Update
	if err := json.Unmarshal(body, &tu); err != nil {
		http.Error(rw, "malformed update", http.StatusBadRequest)
		return
	}
	if err := w.handle(r.Context(), tu); err != nil {
		w.logger().Error("webhook update failed; Telegram will retry", "update", tu.UpdateID, "err", err)
		http.Error(rw, "not processed", http.StatusInternalServerError)
		return
	}
	rw.WriteHeader(http.StatusOK)
}

// handle commits one update.
func (w *Webhook) handle(ctx context.Context, tu tgbotapi.Update) error {
	u, ok := ToUpdate(tu)
	if !ok {
		return nil
	}
	if w.API != nil {
		ups := []bot.Update{u}
		w.API.fetchDocuments(ctx, ups, w.logger())
		u = ups[0]
	}
	if err := w.handleLocked(ctx, u); err != nil {
		return err
	}
	if w.Wake != nil {
		w.Wake()
	}
	return nil
}

// handleLocked hands u over, one update at a time; the lock is released
// even if the handler panics.
func (w *Webhook) handleLocked(ctx context.Context, u bot.Update) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.Handler.Handle(ctx, []bot.Update{u})
}

func (w *Webhook) logger() *slog.Logger {
	if w.Log == nil {
		return slog.Default()
	}
	return w.Log
}

// NewSecret makes a random webhook secret (see platform.NewSecret).
func NewSecret() (string, error) { return platform.NewSecret() }

// SetWebhook tells Telegram to post updates to url with the secret, one
// request at a time, only the kinds the bot handles.
func (a *API) SetWebhook(ctx context.Context, url, secret string) error {
	allowed, err := json.Marshal(AllowedUpdates)
	if err != nil {
		return fmt.Errorf("telegram: set webhook: %w", err)
	}
	params := tgbotapi.Params{"url": url, "secret_token": secret, "max_connections": "1",
		"allowed_updates": string(allowed)}
	if err := a.call(ctx, "setWebhook", params); err != nil {
		return fmt.Errorf("telegram: set webhook: %w", err)
	}
	return nil
}

// DeleteWebhook switches Telegram back to getUpdates, keeping the updates
// that are waiting.
func (a *API) DeleteWebhook(ctx context.Context) error {
	if _, err := a.request(ctx, tgbotapi.DeleteWebhookConfig{}); err != nil {
		return fmt.Errorf("telegram: delete webhook: %w", err)
	}
	return nil
}
