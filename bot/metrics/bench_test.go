package metrics_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/metrics"
	"fieldbot/store"
)

// benchEngine is an engine on its own bbolt file with a bound member.
func benchEngine(b *testing.B, opts store.Options, obs bot.Observer, log *slog.Logger) *bot.Engine {
	b.Helper()
	db, err := store.Open(filepath.Join(b.TempDir(), "bot.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cfg := config.Demo()
	eng := bot.New(bot.Options{Config: cfg, Store: db, Logger: log, Observer: obs})
	if err := eng.Bind(context.Background(), "telegram", "1001", cfg.Members[0].ID); err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkHandleObserved is the cost of observation on the engine's real
// path: per op, one "/trangthai" from a bound member handled by
// Engine.Handle on each of two bbolt files, one after the other (each first
// half the time), so both meet the same noise: "baseline" observes nothing and logs only warnings
// (no per-update line); "observed" has the Prometheus adapter and the JSON
// log at Info (one line per update, to io.Discard). It reports each one's
// time per update and their ratio. fsync is on; the nosync case shows the
// CPU cost alone.
func BenchmarkHandleObserved(b *testing.B) {
	for _, c := range []struct {
		name string
		opts store.Options
	}{{"fsync", store.Options{}}, {"nosync", store.Options{NoSync: true}}} {
		b.Run(c.name, func(b *testing.B) {
			base := benchEngine(b, c.opts, nil, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})))
			observed := benchEngine(b, c.opts, metrics.New(nil), slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})))
			ctx := context.Background()
			chat := bot.ChatRef{Channel: "telegram", ChatID: "1001"}
			var tBase, tObs time.Duration
			b.ResetTimer()
			for i := range b.N {
				u := []bot.Update{{Chat: chat, UserID: "1001", Text: "/trangthai", Seq: uint64(i + 1)}}
				first, second, tFirst, tSecond := base, observed, &tBase, &tObs
				if i%2 == 1 { // each goes first half the time: the second may find the CPU's caches warm
					first, second, tFirst, tSecond = observed, base, &tObs, &tBase
				}
				start := time.Now()
				if err := first.Handle(ctx, u); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if err := second.Handle(ctx, u); err != nil {
					b.Fatal(err)
				}
				*tFirst, *tSecond = *tFirst+mid.Sub(start), *tSecond+time.Since(mid)
			}
			b.ReportMetric(float64(tBase.Nanoseconds())/float64(b.N), "baseline-ns/update")
			b.ReportMetric(float64(tObs.Nanoseconds())/float64(b.N), "observed-ns/update")
			b.ReportMetric(float64(tObs)/float64(tBase), "observed/baseline")
		})
	}
}
