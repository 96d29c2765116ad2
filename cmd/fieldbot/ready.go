package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"fieldbot/bot"
)

// Readiness timing.
const (
	// readyWindow is how long a channel's calls may fail before the bot is
	// not ready: several long polls (30 s each) or send backoffs.
	readyWindow = 5 * time.Minute
	// dbProbeTimeout bounds the probe's write transaction (it waits for a
	// batch under way).
	dbProbeTimeout = 2 * time.Second
)

// readiness answers /readyz: the database takes a write, and no channel
// has been failing for longer than readyWindow. It is a bot.Observer that
// listens to platform calls (polls, sends) and handled updates (a webhook
// request is the platform reaching the bot).
type readiness struct {
	bot.NopObserver
	clock  bot.Clock
	window time.Duration
	start  time.Time
	write  func(ctx context.Context) error // a write transaction that changes nothing

	mu    sync.Mutex
	calls map[string]*callState
}

// callState is when a channel's calls last went through and last failed.
type callState struct{ ok, failed time.Time }

// newReadiness starts the windows now; write probes the database.
func newReadiness(clock bot.Clock, window time.Duration, write func(ctx context.Context) error) *readiness {
	return &readiness{clock: clock, window: window, start: clock.Now(), write: write, calls: map[string]*callState{}}
}

// track makes channel one whose calls count (the others are ignored).
func (r *readiness) track(channel string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls[channel] == nil {
		r.calls[channel] = &callState{}
	}
}

// PlatformCall notes the outcome of one call of a tracked channel.
func (r *readiness) PlatformCall(channel string, ok bool) {
	now := r.clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.calls[channel]
	switch {
	case c == nil:
	case ok:
		c.ok = now
	default:
		c.failed = now
	}
}

// UpdateHandled notes that the platform reached the bot.
func (r *readiness) UpdateHandled(channel string, o bot.UpdateOutcome) {
	if o != bot.UpdateDeferred {
		r.PlatformCall(channel, true)
	}
}

// problems lists why the bot is not ready, in the channels' order of name;
// none when it is.
func (r *readiness) problems(ctx context.Context) []string {
	var out []string
	if err := r.probeDB(ctx); err != nil {
		out = append(out, "database: not writable: "+err.Error())
	}
	now := r.clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.calls))
	for name := range r.calls {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		c := r.calls[name]
		since := c.ok
		if since.IsZero() {
			since = r.start
		}
		if c.failed.After(c.ok) && now.Sub(since) > r.window {
			what := "last successful call " + now.Sub(c.ok).Round(time.Second).String() + " ago"
			if c.ok.IsZero() {
				what = "no successful call since the start"
			}
			out = append(out, fmt.Sprintf("%s: failing: %s (window %s)", name, what, r.window))
		}
	}
	return out
}

// probeDB runs the write probe within dbProbeTimeout.
func (r *readiness) probeDB(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, dbProbeTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.write(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("no write within %s", dbProbeTimeout)
	}
}

// handler answers 200 "ok", or 503 with one line per problem.
func (r *readiness) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if ps := r.problems(req.Context()); len(ps) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = fmt.Fprintln(w, strings.Join(ps, "\n"))
			return
		}
		_, _ = fmt.Fprint(w, "ok")
	})
}
