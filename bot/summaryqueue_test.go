package bot_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/i18n"
)

// gatedDigest is a digester whose Render waits for release: a render that
// takes as long as a test wants. started is closed when a render begins.
type gatedDigest struct {
	once    sync.Once
	relOnce sync.Once
	started chan struct{}
	release chan struct{}
}

// newGatedHarness is a harness whose digester is a gatedDigest, opened at
// the end of the test before the database closes (a render left waiting
// would hold the database open).
func newGatedHarness(t *testing.T) (*harness, *gatedDigest) {
	g := &gatedDigest{started: make(chan struct{}), release: make(chan struct{})}
	h := newDigestHarness(t, testConfig(t), g)
	t.Cleanup(g.open)
	return h, g
}

// open lets every render waiting, and every later one, go on.
func (g *gatedDigest) open() { g.relOnce.Do(func() { close(g.release) }) }

func (g *gatedDigest) Build(_ bot.Tx, p bot.Period, _ time.Time) (bot.DigestData, error) {
	return p, nil
}

func (g *gatedDigest) Render(d bot.DigestData, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	g.once.Do(func() { close(g.started) })
	<-g.release
	return digestText(d.(bot.Period), langs)
}

// digestText is the test digest: "DIGEST <period>".
func digestText(p bot.Period, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	out := map[i18n.Lang]bot.DigestMessage{}
	for _, l := range langs {
		out[l] = bot.DigestMessage{Text: "DIGEST " + p.Key + " " + string(l)}
	}
	return out, nil
}

// within fails the test unless fn returns within d.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still waiting after %v", what, d)
	}
}

// waitSent flushes the outbox until a message to member contains want, and
// returns everything sent to member by then.
func (h *harness) waitSent(member, want string) []bot.Outgoing {
	h.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		h.flush()
		if got := h.sentTo(member); strings.Contains(texts(got), want) {
			return got
		}
	}
	h.t.Fatalf("nothing with %q sent to %s:\n%s", want, member, texts(h.sentTo(member)))
	return nil
}

// sentTo is every message sent to member so far.
func (h *harness) sentTo(member string) []bot.Outgoing {
	h.rec.mu.Lock()
	defer h.rec.mu.Unlock()
	var out []bot.Outgoing
	for _, o := range h.rec.sent {
		if o.Chat.ChatID == member {
			out = append(out, o)
		}
	}
	return out
}

// pendingSummaries reads the requests the store holds.
func (h *harness) pendingSummaries() []bot.SummaryRequest {
	h.t.Helper()
	var reqs []bot.SummaryRequest
	if err := h.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		reqs, err = tx.SummaryRequests()
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return reqs
}

// TestSummaryRendersOutsideTheWriteTransaction: while a /tonghop is being
// rendered (the renderer waits on a channel), another member's update
// commits and is answered; the chair is told the summary is coming, then
// gets it once, after the notice.
func TestSummaryRendersOutsideTheWriteTransaction(t *testing.T) {
	h, g := newGatedHarness(t)
	h.notice = 10 * time.Millisecond
	h.restart()
	ctx, cancel := context.WithCancel(context.Background())
	var wakes atomic.Int32 // the senders woken: for the notice, then the reply
	wait := h.eng.StartSummaries(ctx, func() { wakes.Add(1) })
	defer wait()
	defer cancel()
	defer g.open() // a failure must not leave the worker waiting

	go func() { _ = h.eng.Handle(ctx, []bot.Update{console.Update(chat("chair"), "chair", "/tonghop")}) }()
	select {
	case <-g.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the summary was never rendered")
	}
	// The render is under way: another writer must not wait for it.
	within(t, 5*time.Second, "a member's update while /tonghop renders", func() {
		if err := h.eng.Handle(ctx, []bot.Update{console.Update(chat("lan"), "lan", "/trangthai")}); err != nil {
			t.Error(err)
		}
	})
	h.flush()
	mustContain(t, texts(h.sentTo("lan")), "Tình hình báo cáo")
	mustContain(t, texts(h.waitSent("chair", "Đang tổng hợp")), "Đang tổng hợp")
	if got := texts(h.sentTo("chair")); strings.Contains(got, "DIGEST") {
		t.Fatalf("the digest was sent before its render ended:\n%s", got)
	}

	g.open()
	got := h.waitSent("chair", "DIGEST 2020-W38 vi")
	if n := strings.Count(texts(got), "DIGEST"); n != 1 {
		t.Errorf("the summary was sent %d times:\n%s", n, texts(got))
	}
	if !strings.Contains(got[len(got)-1].Text, "DIGEST 2020-W38 vi") || !strings.HasPrefix(got[len(got)-1].Text, i18n.For(i18n.VI).T("summary.so_far")) {
		t.Errorf("the last message is not the summary: %q", got[len(got)-1].Text)
	}
	if reqs := h.pendingSummaries(); len(reqs) != 0 {
		t.Errorf("requests left after the reply: %+v", reqs)
	}
	cancel()
	wait()
	if n := wakes.Load(); n != 2 {
		t.Errorf("the senders were woken %d times, want 2 (the notice, the reply)", n)
	}
}

// TestSummaryCrashBeforeTheReply: the process dies after the turn recorded
// the /tonghop and before the reply was queued (the render was under way);
// after the restart the chair gets exactly one reply, however often the
// requests are served again.
func TestSummaryCrashBeforeTheReply(t *testing.T) {
	h, g := newGatedHarness(t)
	h.notice = -1
	h.restart()
	ctx, cancel := context.WithCancel(context.Background())
	wait := h.eng.StartSummaries(ctx, func() {})

	u := console.Update(chat("chair"), "chair", "/tonghop")
	u.Seq = 7
	within(t, 5*time.Second, "the turn of /tonghop", func() {
		if err := h.eng.Handle(ctx, []bot.Update{u}); err != nil {
			t.Error(err)
		}
	})
	select {
	case <-g.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the summary was never rendered")
	}
	// The crash: the database closes with the render under way.
	cancel()
	h.digester = digestFunc(digestText)
	h.restart()
	if reqs := h.pendingSummaries(); len(reqs) != 1 || reqs[0].Member != "chair" {
		t.Fatalf("requests after the crash: %+v", reqs)
	}
	h.flush()
	if got := texts(h.sentTo("chair")); strings.Contains(got, "DIGEST") {
		t.Fatalf("a reply before the restart served the request:\n%s", got)
	}
	g.open() // the old process's render ends: its database is gone
	wait()

	// At start the worker serves what was left; the update itself is not
	// handled again.
	ctx2, cancel2 := context.WithCancel(context.Background())
	wait2 := h.eng.StartSummaries(ctx2, func() {})
	h.waitSent("chair", "DIGEST 2020-W38 vi")
	cancel2()
	wait2()
	if err := h.eng.Handle(context.Background(), []bot.Update{u}); err != nil {
		t.Fatal(err)
	}
	h.restart()
	if _, err := h.eng.ServeSummaries(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	h.flush()
	got := texts(h.sentTo("chair"))
	if n := strings.Count(got, "DIGEST"); n != 1 {
		t.Errorf("%d replies after the crash and restarts, want 1:\n%s", n, got)
	}
	if reqs := h.pendingSummaries(); len(reqs) != 0 {
		t.Errorf("requests left: %+v", reqs)
	}
}

// TestSummaryServedTwiceAtOnce: two passes over the same request (the
// worker and Handle's own, or two processes' catch-up) reply once.
func TestSummaryServedTwiceAtOnce(t *testing.T) {
	h, g := newGatedHarness(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Go(func() { // no worker: Handle serves the request after its commit
		if err := h.eng.Handle(ctx, []bot.Update{console.Update(chat("view"), "view", "/tonghop")}); err != nil {
			t.Error(err)
		}
	})
	<-g.started
	// A second engine on the same file (another pass) serves it too.
	other := bot.New(bot.Options{Config: h.cfg, Store: h.db, Clock: bot.ClockFunc(func() time.Time { return h.now }),
		Digester: digestFunc(digestText), Channels: []bot.ChannelInfo{h.rec}})
	if n, err := other.ServeSummaries(ctx, nil); err != nil || n != 1 {
		t.Fatalf("second pass: %d replies, %v", n, err)
	}
	g.open()
	wg.Wait()
	h.flush()
	if got := texts(h.sentTo("view")); strings.Count(got, "DIGEST") != 1 {
		t.Errorf("want one reply:\n%s", got)
	}
}
