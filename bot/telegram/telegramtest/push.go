package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// SecretHeader is the header Telegram sends a webhook's secret_token in.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Push delivers the queued updates to the webhook that setWebhook set, as
// Telegram does, until ctx ends: one at a time and in order, POSTed as JSON
// with the secret in SecretHeader. An update leaves the queue when the
// webhook answers 2xx; any other answer, or no answer within timeout, and
// it is posted again after retry (a webhook that committed an update but
// died before answering gets it twice). Without a webhook set, Push waits.
func (s *Server) Push(ctx context.Context, retry, timeout time.Duration) {
	client := &http.Client{Timeout: timeout}
	for ctx.Err() == nil {
		s.mu.Lock()
		hook, changed := s.webhook, s.changed
		var next *queued
		if hook.URL != "" && len(s.updates) > 0 {
			u := s.updates[0]
			next = &u
		}
		s.mu.Unlock()
		if next == nil {
			select {
			case <-changed:
			case <-ctx.Done():
			case <-s.closed:
				return
			}
			continue
		}
		if s.post(ctx, client, hook, next) {
			s.mu.Lock()
			s.confirmLocked(next.id + 1)
			s.notifyLocked()
			s.mu.Unlock()
			continue
		}
		select {
		case <-time.After(retry):
		case <-ctx.Done():
		}
	}
}

// post posts one update to hook and reports whether it was taken (2xx).
func (s *Server) post(ctx context.Context, client *http.Client, hook Webhook, u *queued) bool {
	body, err := json.Marshal(map[string]any{"update_id": u.id, u.kind: u.body})
	if err != nil {
		return false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	if hook.Secret != "" {
		req.Header.Set(SecretHeader, hook.Secret)
	}
	s.mu.Lock()
	if s.deliveries == nil {
		s.deliveries = map[int]int{}
	}
	s.deliveries[u.id]++
	s.mu.Unlock()
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}
