package telegram

import (
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// benchMembers is how many members file reports at once.
const benchMembers = 50

// inbox is what the fake was asked to send to one chat, as it arrived.
type inbox struct {
	mu    sync.Mutex
	at    []time.Time
	texts []string
	more  chan struct{}
}

func (b *inbox) add(at time.Time, text string) {
	b.mu.Lock()
	b.at, b.texts = append(b.at, at), append(b.texts, text)
	b.mu.Unlock()
	select {
	case b.more <- struct{}{}:
	default:
	}
}

func (b *inbox) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.at)
}

// reply waits up to wait for the reply to an update sent when the inbox
// held n messages: the messages past n up to one that asks something (a
// question, the unit menu, the review) or says the report is saved. It
// returns when the first of them arrived and all their texts.
func (b *inbox) reply(n int, wait time.Duration) (time.Time, string, bool) {
	deadline := time.After(wait)
	for {
		b.mu.Lock()
		for i := n; i < len(b.at); i++ {
			if complete(b.texts[i]) {
				at, text := b.at[n], strings.Join(b.texts[n:i+1], "\n")
				b.mu.Unlock()
				return at, text, true
			}
		}
		b.mu.Unlock()
		select {
		case <-b.more:
		case <-deadline:
			return time.Time{}, "", false
		}
	}
}

// complete reports whether a message ends a reply: it asks something or
// says the report is saved.
func complete(text string) bool {
	for _, s := range []string{"Câu ", "Chọn đơn vị", "Kiểm tra lại báo cáo", "Đã lưu báo cáo", "Không có thay đổi"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// BenchmarkEndToEnd: benchMembers members each file whole reports, one
// typed message at a time (send, wait for the reply, send the next): the
// unit menu, nine answers, the review and the confirmation, which writes a
// revision; a unit already reported this period gets its review first, one
// answer corrected and confirmed again (the next revision). The updates go
// through the fake Bot API (queued for getUpdates), the real tgbotapi
// client, the engine and a bbolt file with fsync on; the replies go back
// through the outbox, the Sender and the Channel to the fake over HTTP.
// Latency runs from queueing an update at the fake to its reply arriving
// there. The rate limiter is off: Telegram's own limits (30 messages/s)
// would be all this measured. Compare BenchmarkBoltCommitSinglePut.
func BenchmarkEndToEnd(b *testing.B) {
	r := newRigWith(b, store.Options{})
	members := benchRoster(r.cfg)
	r.reopen() // the engine reads the roster with the bench members
	r.sender.Workers, r.sender.Batch = 8, 100
	boxes := map[string]*inbox{}
	var users []telegramtest.User
	for i := range benchMembers {
		u := r.user(int64(70001+i), members[i])
		users = append(users, u)
		boxes[strconv.FormatInt(u.ID, 10)] = &inbox{more: make(chan struct{}, 1)}
	}
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if box, ok := boxes[c.Chat()]; ok && c.Method == "sendMessage" {
			box.add(c.At, c.Params["text"])
		}
		return nil
	})
	r.start()
	defer r.halt()
	per := max(b.N/benchMembers, 1)
	lat := make([][]time.Duration, benchMembers)
	var saved atomic.Int64
	errs := make(chan error, benchMembers)
	polls := len(r.fake.Calls("getUpdates"))
	cpu0 := cpuTime()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for m, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			box, who, last := boxes[strconv.FormatInt(u.ID, 10)], &reporter{}, ""
			for range per {
				text := who.answer(last)
				n := box.len()
				id := r.fake.Text(u, text)
				at, got, ok := box.reply(n, 30*time.Second)
				if !ok {
					errs <- fmt.Errorf("no reply to %q after %q; got %q", text, last, box.texts[n:])
					return
				}
				lat[m] = append(lat[m], at.Sub(r.fake.EnqueuedAt(id)))
				if last = got; strings.Contains(last, "Đã lưu báo cáo") {
					saved.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	cpu := cpuTime() - cpu0
	close(errs)
	for err := range errs {
		b.Fatalf("a member got stuck: %v", err)
	}
	// A whole first report is 12 updates, each later version 5; a
	// confirmation that finds the unit saved meanwhile by another member
	// costs one more, and members share communes: at least half that rate.
	if want := int64(max(benchMembers*(per/24), min(per/12, 1))); saved.Load() < want {
		b.Errorf("%d reports saved, want at least %d", saved.Load(), want)
	}
	if n := r.revisions(); n != int(saved.Load()) {
		b.Errorf("%d revisions stored, %d confirmed", n, saved.Load())
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	total := len(all)
	b.ReportMetric(float64(total)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64(all[total*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[total/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(saved.Load()), "reports")
	b.ReportMetric(float64(total)/float64(max(len(r.fake.Calls("getUpdates"))-polls, 1)), "updates/poll")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(total), "cpu-µs/update")
	}
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

// reporter answers the bot as a member filing reports would, from the bot's
// last reply: the menu, the second unit (a commune), numbers, a choice, a
// text, skips, and the confirmation; when the unit already has a report this
// period, the review comes first: it corrects the first answer and confirms,
// which stores the next revision.
type reporter struct{ edited bool }

// households is the running count members give, always higher than the
// last (an amendment that changes nothing is not stored).
var households atomic.Int64

func (m *reporter) answer(last string) string {
	has := func(s string) bool { return strings.Contains(last, s) }
	switch {
	case last == "" || has("Đã lưu báo cáo") || has("Không có thay đổi"):
		m.edited = false
		return "/baocao"
	case has("Chọn đơn vị"):
		return "2"
	case has("Kiểm tra lại báo cáo") && has("Đơn vị đã có báo cáo") && !m.edited:
		m.edited = true
		return "1"
	case has("Kiểm tra lại báo cáo"):
		return "xác nhận"
	case has("Đánh giá chung"):
		return "1"
	case has("Khó khăn"):
		return "Mưa kéo dài"
	case has("Đề xuất") || has("Ảnh công trình"):
		return "bỏ qua"
	case has("Số hộ thoát nghèo"):
		return strconv.FormatInt(households.Add(1), 10)
	case has("triệu đồng"):
		return "350,5"
	case has("Câu "):
		return "2" // a count
	}
	return "/baocao" // anything else: start (again)
}

// benchRoster adds benchMembers members to cfg, each following two
// communes (units with Program 135 targets: nine questions), and returns
// their ids.
func benchRoster(cfg *bot.Config) []string {
	var communes []string
	for _, u := range cfg.Units {
		if u.Targets["p135_infra_works"] > 0 {
			communes = append(communes, u.Code)
		}
	}
	var ids []string
	for i := range benchMembers {
		id := fmt.Sprintf("bench-%02d", i)
		cfg.Members = append(cfg.Members, bot.Member{ID: id, Name: "Thành viên " + id, Phone: fmt.Sprintf("0919 000 %03d", i),
			Role: bot.RoleMember, Lang: "vi", Units: []string{communes[(2*i)%len(communes)], communes[(2*i+1)%len(communes)]}})
		ids = append(ids, id)
	}
	cfg.Index()
	return ids
}

// revisions counts the report revisions stored this period.
func (r *rig) revisions() int {
	r.t.Helper()
	n := 0
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		for _, u := range r.cfg.Units {
			revs, err := tx.Revisions("2020-W38", u.Code)
			if err != nil {
				return err
			}
			n += len(revs)
		}
		return nil
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

// reopen closes the database and builds the engine, channel and sender on
// it again, as open does (the loops are not running).
func (r *rig) reopen() {
	r.t.Helper()
	if err := r.db.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.open()
}
