package telegram

import (
	"encoding/binary"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// benchMembers is how many members chat with the bot at once.
const benchMembers = 50

// BenchmarkEndToEnd: benchMembers members each send an update, wait for the
// reply, and send the next, through the fake Bot API (queued for
// getUpdates), the real tgbotapi client, the engine and a bbolt file with
// fsync on; replies go back through the outbox and the Sender. Latency runs
// from queueing the update at the fake to the reply arriving there. The
// rate limiter is off: Telegram's own limits (30 messages/s) would be all
// this measured.
func BenchmarkEndToEnd(b *testing.B) {
	r := newRigWith(b, store.Options{})
	r.sender.Workers, r.sender.Batch = 8, 100
	replies := map[string]chan time.Time{}
	var users []telegramtest.User
	for i := range benchMembers {
		u := r.user(int64(70001+i), r.cfg.Members[i%len(r.cfg.Members)].ID)
		users = append(users, u)
		replies[strconv.FormatInt(u.ID, 10)] = make(chan time.Time, 4)
	}
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "sendMessage" {
			if ch, ok := replies[c.Chat()]; ok {
				ch <- c.At
			}
		}
		return nil
	})
	r.start()
	defer r.halt()
	per := max(b.N/benchMembers, 1)
	lat := make([][]time.Duration, benchMembers)
	polls := len(r.fake.Calls("getUpdates"))
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for m, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				text := "xin chào"
				if i%2 == 1 {
					text = "/trangthai"
				}
				id := r.fake.Text(u, text)
				at := <-replies[strconv.FormatInt(u.ID, 10)]
				lat[m] = append(lat[m], at.Sub(r.fake.EnqueuedAt(id)))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	total := len(all)
	b.ReportMetric(float64(total)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64(all[total*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[total/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(total)/float64(max(len(r.fake.Calls("getUpdates"))-polls, 1)), "updates/poll")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkBoltCommitSinglePut is the raw bbolt commit rate on the same disk:
// one 8-byte put per read-write transaction, fsync on. Group commit is what
// lets BenchmarkEndToEnd handle more updates per second than this.
func BenchmarkBoltCommitSinglePut(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	name := []byte("offsets")
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(name); return err }); err != nil {
		b.Fatal(err)
	}
	var n uint64
	start := time.Now()
	for b.Loop() {
		n++
		err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(name).Put([]byte("telegram"), binary.BigEndian.AppendUint64(nil, n))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "commits/s")
}
