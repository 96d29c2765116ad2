package bot_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// writeSoon commits a write to h's database, failing the test when it has
// not committed within a few seconds (a writer blocked by a long
// transaction).
func writeSoon(t *testing.T, h *harness, fn func(bot.Tx) error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- h.db.Update(context.Background(), fn) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a write waited 5 s: it is blocked by the digest")
	}
}

// pngOf is a chart renderer that runs hook before it returns "png:<lang>".
func pngOf(hook func(i18n.Lang)) digest.Renderer {
	return digest.Renderer{Ext: "png", Photo: true, Render: func(_ *digest.Digest, l i18n.Lang) ([]byte, error) {
		hook(l)
		return []byte("png:" + string(l)), nil
	}}
}

// digestsTo lists the digests of period p delivered to each chat, by the
// name of their chart.
func digestsTo(h *harness, p bot.Period) map[string][]string {
	charts := map[string]bool{}
	for _, l := range i18n.Langs {
		charts[digest.FileName(p, l, "png")] = true
	}
	out := map[string][]string{}
	for _, m := range h.rec.sent {
		for _, a := range m.Attach {
			if charts[a.Name] {
				out[m.Chat.ChatID] = append(out[m.Chat.ChatID], a.Name)
			}
		}
	}
	return out
}

// TestDigestRenderingBlocksNoWriter: while the digest is being rendered
// (seconds at ten thousand units), another writer commits at once; the
// digest is sent after the render ends.
func TestDigestRenderingBlocksNoWriter(t *testing.T) {
	cfg := testConfig(t)
	rendering, release := make(chan struct{}), make(chan struct{})
	var once, released atomic.Bool
	free := func() {
		if released.CompareAndSwap(false, true) {
			close(release)
		}
	}
	h := newDigestHarness(t, cfg, digest.NewDigester(cfg, pngOf(func(i18n.Lang) {
		if once.CompareAndSwap(false, true) {
			close(rendering)
		}
		<-release
	})))
	t.Cleanup(free) // before the harness closes the database
	p := h.eng.PeriodAt(h.now)
	sent := make(chan error, 1)
	go func() { _, err := h.eng.SendDigest(context.Background(), p); sent <- err }()
	select {
	case <-rendering:
	case err := <-sent:
		t.Fatalf("SendDigest returned before rendering: %v", err)
	}
	writeSoon(t, h, func(tx bot.Tx) error {
		return tx.PutReport(&bot.Report{Period: p.Key, Unit: "an-binh", Member: "lan", Channel: "console", At: h.now,
			Values: map[string]bot.Value{"households": {Num: 7}}})
	})
	free()
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	h.flush()
	got := digestsTo(h, p)
	if len(got["chair"]) != 1 || len(got["view"]) != 1 || len(got) != 2 {
		t.Errorf("digests delivered = %v, want one to the chair and one to the viewer", got)
	}
}

// dyingStore is a store whose process dies before its next write commits:
// the write does not happen and the caller gets an error.
type dyingStore struct{ bot.Store }

var errKilled = errors.New("process killed")

func (dyingStore) Update(context.Context, func(bot.Tx) error) error { return errKilled }

// TestDigestCrashBeforeRecordSendsOnce: the bot dies after the digest was
// built and rendered but before the second transaction committed; the run
// after the restart sends it, once to each reader, and later runs send
// nothing more.
func TestDigestCrashBeforeRecordSendsOnce(t *testing.T) {
	cfg := testConfig(t)
	var renders atomic.Int32
	g := digest.NewDigester(cfg, pngOf(func(i18n.Lang) { renders.Add(1) }))
	h := newDigestHarness(t, cfg, g)
	p := h.eng.PeriodAt(h.now)
	clock := bot.ClockFunc(func() time.Time { return h.now })
	dying := bot.New(bot.Options{Config: cfg, Store: dyingStore{h.db}, Clock: clock, Digester: g,
		Channels: []bot.ChannelInfo{h.rec}})
	if _, err := dying.SendDigest(context.Background(), p); !errors.Is(err, errKilled) {
		t.Fatalf("SendDigest on a dying store: %v, want the failed write", err)
	}
	if renders.Load() == 0 {
		t.Fatal("the digest was not rendered before the second transaction")
	}
	h.restart()
	h.flush()
	if got := digestsTo(h, p); len(got) != 0 {
		t.Fatalf("digests delivered after the crash = %v, want none", got)
	}
	for range 2 {
		if _, err := h.eng.SendDigest(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		h.flush()
	}
	got := digestsTo(h, p)
	if len(got["chair"]) != 1 || len(got["view"]) != 1 || len(got) != 2 {
		t.Errorf("digests delivered = %v, want exactly one to the chair and one to the viewer", got)
	}
}

// TestDigestReaderChangesLanguageWhileRendering: a reader who switches to
// English between the two transactions gets the English digest, rendered
// from the same data, and the run is recorded once.
func TestDigestReaderChangesLanguageWhileRendering(t *testing.T) {
	cfg := testConfig(t)
	var rendered []i18n.Lang
	var h *harness
	h = newDigestHarness(t, cfg, digest.NewDigester(cfg, pngOf(func(l i18n.Lang) {
		if len(rendered) == 0 {
			writeSoon(t, h, func(tx bot.Tx) error { return tx.PutMemberState("chair", bot.MemberState{Lang: i18n.EN}) })
		}
		rendered = append(rendered, l)
	})))
	p := h.eng.PeriodAt(h.now)
	n, err := h.eng.SendDigest(context.Background(), p)
	if err != nil || n != 2 {
		t.Fatalf("SendDigest = %d, %v; want 2 messages", n, err)
	}
	h.flush()
	got := digestsTo(h, p)
	want := map[string]string{"chair": digest.FileName(p, i18n.EN, "png"), "view": digest.FileName(p, i18n.VI, "png")}
	for chat, name := range want {
		if len(got[chat]) != 1 || got[chat][0] != name {
			t.Errorf("%s got %v, want %s", chat, got[chat], name)
		}
	}
	if len(rendered) != 2 || rendered[0] != i18n.VI || rendered[1] != i18n.EN {
		t.Errorf("rendered %v, want vi then en alone", rendered)
	}
}
