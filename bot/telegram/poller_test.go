package telegram

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
)

// recordingHandler keeps the batches it is given; fail makes Handle fail.
type recordingHandler struct {
	mu      sync.Mutex
	batches [][]bot.Update
	fail    int
	store   bot.Store
}

func (h *recordingHandler) Handle(ctx context.Context, ups []bot.Update) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail > 0 {
		h.fail--
		return errors.New("disk full")
	}
	h.batches = append(h.batches, ups)
	var top uint64
	for _, u := range ups {
		top = max(top, u.Seq)
	}
	if top == 0 {
		return nil
	}
	return h.store.Update(ctx, func(tx bot.Tx) error { return tx.SetOffset(Name, top) })
}

func (h *recordingHandler) texts() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, b := range h.batches {
		for _, u := range b {
			out = append(out, u.Text)
		}
	}
	return out
}

// runPoller runs a poller until the returned stop is called.
func runPoller(r *rig, h Handler, tweak func(*Poller)) (stop func()) {
	p := &Poller{API: r.api, Handler: h, Store: r.db, Timeout: time.Second, Log: quiet,
		Backoff: func(int) time.Duration { return time.Millisecond }}
	if tweak != nil {
		tweak(p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = p.Run(ctx) }()
	return func() { cancel(); <-done }
}

func TestPollerBatchesAndResumesFromStoredOffset(t *testing.T) {
	r := newRig(t)
	r.fake.SetNextUpdateID(0) // update_id 0 must not be lost
	u := telegramtest.User{ID: 5001, FirstName: "A"}
	for i := range 5 {
		r.fake.Text(u, strconv.Itoa(i))
	}
	h := &recordingHandler{store: r.db}
	stop := runPoller(r, h, nil)
	r.wait("five updates", func() bool { return len(h.texts()) == 5 })
	stop()
	if len(h.batches) != 1 {
		t.Errorf("%d batches for 5 queued updates, want one (group commit)", len(h.batches))
	}
	if h.batches[0][0].Seq != 1 {
		t.Errorf("update_id 0 got Seq %d", h.batches[0][0].Seq)
	}
	// A new poller on the same store starts after what was committed.
	r.fake.Text(u, "5")
	h2 := &recordingHandler{store: r.db}
	stop = runPoller(r, h2, nil)
	r.wait("the sixth update", func() bool { return len(h2.texts()) > 0 })
	stop()
	if got := h2.texts(); len(got) != 1 || got[0] != "5" {
		t.Errorf("after restart got %q, want only the new update", got)
	}
	first := r.fake.Calls("getUpdates")[0]
	if first.Params["timeout"] != "1" || first.Params["allowed_updates"] != `["message","callback_query"]` {
		t.Errorf("getUpdates params %v", first.Params)
	}
}

func TestPollerRetriesFailures(t *testing.T) {
	r := newRig(t)
	fails := 3
	var mu sync.Mutex
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		mu.Lock()
		defer mu.Unlock()
		if c.Method == "getUpdates" && fails > 0 {
			fails--
			return []*telegramtest.Fault{telegramtest.ServerError(), telegramtest.BadGateway(), telegramtest.TooManyRequests(1)}[fails]
		}
		return nil
	})
	u := telegramtest.User{ID: 5002, FirstName: "B"}
	r.fake.Text(u, "a")
	r.fake.Text(u, "b")
	h := &recordingHandler{store: r.db, fail: 1} // and the database fails once
	stop := runPoller(r, h, nil)
	defer stop()
	r.wait("both updates after the failures", func() bool { return len(h.texts()) == 2 })
	if got := h.texts(); got[0] != "a" || got[1] != "b" {
		t.Errorf("got %q", got)
	}
}

func TestPollerStopsPromptlyWhileLongPolling(t *testing.T) {
	r := newRig(t)
	h := &recordingHandler{store: r.db}
	stop := runPoller(r, h, func(p *Poller) { p.Timeout = 50 * time.Second })
	r.wait("a long poll", func() bool { return len(r.fake.Calls("getUpdates")) > 0 })
	start := time.Now()
	stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopping took %s", d)
	}
}
