package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/store"
)

// manualClock is a clock the test moves.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *manualClock) add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// readyz asks the handler once.
func readyz(h http.Handler) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	return rec.Code, rec.Body.String()
}

// TestReadyzFollowsCallsAndDatabase: /readyz on a real database is 200
// while failures are younger than the window or a call went through since;
// 503 naming the channel once a tracked channel has failed for longer than
// the window since its last success; a handled update (a webhook request)
// counts as a success; an untracked channel is ignored; a database that
// takes no write is 503.
func TestReadyzFollowsCallsAndDatabase(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "bot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := &manualClock{now: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	r := newReadiness(clock, 5*time.Minute, func(ctx context.Context) error {
		return db.Update(ctx, func(bot.Tx) error { return nil })
	})
	r.track("telegram")
	h := r.handler()
	want := func(step string, code int, has string) {
		t.Helper()
		got, body := readyz(h)
		if got != code || !strings.Contains(body, has) {
			t.Errorf("%s: %d %q, want %d with %q", step, got, body, code, has)
		}
	}
	want("at start", 200, "ok")
	clock.add(time.Minute)
	r.PlatformCall("telegram", false)
	want("failing for a minute", 200, "ok")
	clock.add(5 * time.Minute)
	r.PlatformCall("telegram", false)
	want("failing since the start, past the window", 503, "telegram: failing: no successful call since the start")
	r.PlatformCall("telegram", true)
	want("a call went through", 200, "ok")
	clock.add(4 * time.Minute)
	r.PlatformCall("telegram", false)
	want("failing, 4 min after a success", 200, "ok")
	clock.add(2 * time.Minute)
	want("6 min after a success, still failing", 503, "telegram: failing: last successful call 6m0s ago")
	r.UpdateHandled("telegram", bot.UpdateDeferred)
	want("an update the database could not take", 503, "telegram")
	r.UpdateHandled("telegram", bot.UpdateHandled)
	want("a webhook update handled", 200, "ok")
	clock.add(time.Hour)
	want("quiet for an hour, nothing failed", 200, "ok")
	r.PlatformCall("zalo", false)
	clock.add(time.Hour)
	r.PlatformCall("zalo", false)
	want("an untracked channel failing", 200, "ok")

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	want("database closed", 503, "database: not writable")
}
