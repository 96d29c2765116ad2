package delivery_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/store"
)

// countingChannel accepts every message at once and counts them.
type countingChannel struct{ n atomic.Int64 }

func (c *countingChannel) Name() string                              { return "telegram" }
func (c *countingChannel) Caps() bot.Caps                            { return bot.Caps{} }
func (c *countingChannel) InviteLink(string) string                  { return "" }
func (c *countingChannel) Send(context.Context, *bot.Outgoing) error { c.n.Add(1); return nil }

// BenchmarkOutboxPass drains an outbox of 1,000 and of 10,000 queued
// messages (4 per chat) through the real Sender (default batch, one commit
// per pass; fsync on and off) on a real bbolt file, with a fake channel that takes
// everything. ns/msg is the cost per delivered message: with passes that
// read only what they send it does not grow with the queue. With fsync on,
// the disk's flush per commit (one per pass of 32) dominates and is noisy.
func BenchmarkOutboxPass(b *testing.B) {
	for _, sync := range []bool{true, false} {
		for _, queued := range []int{1000, 10000} {
			b.Run(fmt.Sprintf("fsync=%v/queued=%d", sync, queued), func(b *testing.B) { benchPass(b, queued, !sync) })
		}
	}
}

// benchPass is one case of BenchmarkOutboxPass; noSync turns fsync off, to
// show the CPU cost without the disk's.
func benchPass(b *testing.B, queued int, noSync bool) {
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ch := &countingChannel{}
	s := &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: ch,
		Clock: bot.ClockFunc(func() time.Time { return t0 })}
	text := strings.Repeat("Nhắc báo cáo tuần 38. ", 10)
	sent := 0
	for b.Loop() {
		b.StopTimer()
		err := db.Update(context.Background(), func(tx bot.Tx) error {
			for i := range queued {
				out := &bot.Outgoing{Chat: tg(fmt.Sprint(i % (queued / 4))), Text: text, Created: t0}
				if _, err := tx.Enqueue(out); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := s.Flush(context.Background())
		if err != nil || n != queued {
			b.Fatalf("Flush = %d, %v; want %d", n, err, queued)
		}
		sent += n
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sent), "ns/msg")
	b.ReportMetric(0, "ns/op")
}
