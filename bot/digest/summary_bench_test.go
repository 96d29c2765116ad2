package digest_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/chart"
	"fieldbot/bot/digest/sheet"
	"fieldbot/i18n"
	"fieldbot/store"
)

// writeTimer is the real store, timing every read-write transaction.
type writeTimer struct {
	*store.DB
	mu   sync.Mutex
	held time.Duration
}

func (w *writeTimer) Update(ctx context.Context, fn func(bot.Tx) error) error {
	start := time.Now()
	err := w.DB.Update(ctx, fn)
	w.mu.Lock()
	w.held += time.Since(start)
	w.mu.Unlock()
	return err
}

// Batch is Update, timed as well (the embedded store's would go around it).
func (w *writeTimer) Batch(ctx context.Context, fn func(bot.Tx) error) error {
	return w.Update(ctx, fn)
}

// BenchmarkSummaryTurn is a chair's /tonghop at 10,000 units × 20 fields
// (two weeks of reports: the digest reads the period and the one before),
// through Engine.Handle with the real digester (text, PNG, XLSX) and no
// worker, so Handle answers it after its commit. write-ms/op is the time
// spent inside read-write transactions (the turn's and the answer's): what
// other writers wait for; ms/op is the whole, build and render included.
// Before, the whole was inside the turn's transaction.
func BenchmarkSummaryTurn(b *testing.B) {
	const units, weeks = 10000, 2
	cfg := bigConfig(units)
	cfg.Members = append(cfg.Members, bot.Member{ID: "chair", Name: "C", Role: bot.RoleChair, Lang: i18n.VI})
	cfg.Index()
	db, last, start := bigStore(b, cfg, weeks)
	now := start.AddDate(0, 0, 7*(weeks-1)).Add(2 * time.Hour)
	if p := cfg.Period.PeriodAt(now, cfg.Area.Location); p.Key != last.Key {
		b.Fatalf("clock in %s, reports in %s", p.Key, last.Key)
	}
	w := &writeTimer{DB: db}
	eng := bot.New(bot.Options{Config: cfg, Store: w, Clock: bot.ClockFunc(func() time.Time { return now }),
		Digester: digest.NewDigester(cfg,
			digest.Renderer{Ext: "png", Photo: true, Render: chart.PNG},
			digest.Renderer{Ext: "xlsx", Render: sheet.XLSX})})
	ctx := context.Background()
	if err := eng.Bind(ctx, console.Name, "chair", "chair"); err != nil {
		b.Fatal(err)
	}
	chat := bot.ChatRef{Channel: console.Name, ChatID: "chair"}
	w.held = 0
	b.ResetTimer()
	for b.Loop() {
		if err := eng.Handle(ctx, []bot.Update{console.Update(chat, "chair", "/tonghop")}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(w.held)/float64(b.N)/1e6, "write-ms/op")
	var out []bot.Outgoing
	if err := db.View(ctx, func(tx bot.Tx) error {
		var err error
		out, err = tx.ChatOutbox(chat, 0)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	if len(out) < b.N || !strings.Contains(out[len(out)-1].Text, last.Key[:4]) || len(out[len(out)-1].Attach) != 2 {
		b.Fatalf("%d replies for %d requests; the last: %d characters, %d files", len(out), b.N, len(out[len(out)-1].Text), len(out[len(out)-1].Attach))
	}
}
