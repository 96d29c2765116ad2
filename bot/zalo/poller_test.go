package zalo

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot/zalo/zalotest"
)

// runPoller runs a poller on api until the returned stop is called.
func runPoller(api *API, h Handler, tweak func(*Poller)) (stop func()) {
	p := &Poller{API: api, Handler: h, Timeout: time.Second, Log: quiet,
		Backoff: func(int) time.Duration { return time.Millisecond }}
	if tweak != nil {
		tweak(p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = p.Run(ctx) }()
	return func() { cancel(); <-done }
}

func wait(t *testing.T, fake *zalotest.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func TestPollerHandsUpdatesOverAndDownloadsPhotos(t *testing.T) {
	fake, api := newAPI(t)
	photos := photoServer(t)
	u := fake.NewUser("An")
	fake.Text(u, "a")
	fake.Enqueue(fake.ImageEvent(u, photos.URL+"/chart.png", "ảnh"))
	fake.Enqueue(fake.TextEvent(fake.Bot(), "echo")) // the bot's own: not handed over
	fake.Enqueue(fake.VoiceEvent(u))
	var woken atomic.Int32
	h := &recorder{}
	stop := runPoller(api, h, func(p *Poller) { p.Wake = func() { woken.Add(1) } })
	wait(t, fake, "three updates", func() bool { return len(h.got()) == 3 })
	stop()
	got := h.got()
	if got[0].Text != "a" || !bytes.Equal(got[1].PhotoData, pngBytes) || got[2].Unsupported != "voice" {
		t.Errorf("got %+v", got)
	}
	if woken.Load() != 3 {
		t.Errorf("woken %d times, want 3", woken.Load())
	}
	if c := fake.Calls("getUpdates")[0]; c.Params["timeout"] != "1" {
		t.Errorf("getUpdates params %v", c.Params)
	}
}

// TestPollerKeepsWhatHandleRefused: there is no offset, so an update the
// engine failed to commit exists only in the poller's memory; it is retried
// (nothing else is polled meanwhile) until it commits, and nothing is lost.
func TestPollerKeepsWhatHandleRefused(t *testing.T) {
	fake, api := newAPI(t)
	u := fake.NewUser("An")
	fake.Fail("getUpdates", 2, zalotest.BadGateway()) // and the platform fails too
	fake.Text(u, "first")
	fake.Text(u, "second")
	h := &recorder{fail: 3}
	stop := runPoller(api, h, nil)
	defer stop()
	wait(t, fake, "both updates", func() bool { return len(h.got()) == 2 })
	if got := h.got(); got[0].Text != "first" || got[1].Text != "second" {
		t.Errorf("got %q, %q", got[0].Text, got[1].Text)
	}
	if fake.Pending() != 0 {
		t.Errorf("%d updates left on the platform", fake.Pending())
	}
}

func TestPollerStopsPromptly(t *testing.T) {
	fake, api := newAPI(t)
	stop := runPoller(api, &recorder{}, func(p *Poller) { p.Timeout = 50 * time.Second })
	wait(t, fake, "a long poll", func() bool { return len(fake.Calls("getUpdates")) > 0 })
	start := time.Now()
	stop()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopping during a long poll took %s", d)
	}
	// And while retrying a failing Handle with a long backoff.
	u := fake.NewUser("An")
	fake.Text(u, "x")
	h := &recorder{fail: 1 << 30}
	stop = runPoller(api, h, func(p *Poller) { p.Backoff = func(int) time.Duration { return time.Hour } })
	wait(t, fake, "the update taken", func() bool { return fake.Pending() == 0 })
	time.Sleep(20 * time.Millisecond)
	start = time.Now()
	stop()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopping during backoff took %s", d)
	}
}
