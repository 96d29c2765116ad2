package zalo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/zalo/zalotest"
	"fieldbot/store"
)

// benchMembers is how many Zalo accounts file reports at once.
const benchMembers = 50

// member answers the bot as a member filing reports would, from the bot's
// last reply: the menu, the second unit (a commune), numbers, a choice, a
// text, skips, and the confirmation; when the unit already has a report this
// period, the review comes first: it corrects the first answer and
// confirms, which stores the next version.
type member struct{ edited bool }

// households is the running count members give, always higher than the
// last (an amendment that changes nothing is not stored).
var households atomic.Int64

func (m *member) answer(reply string) string {
	has := func(s string) bool { return strings.Contains(reply, s) }
	switch {
	case reply == "" || has("Đã lưu báo cáo"):
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

// complete reports whether a reply ends with something to answer (a
// question, the unit menu, the review, the confirmation); "answer the
// current question first" comes as a message of its own before it.
func complete(reply string) bool {
	for _, s := range []string{"Câu ", "Chọn đơn vị", "Kiểm tra lại báo cáo", "Đã lưu báo cáo"} {
		if strings.Contains(reply, s) {
			return true
		}
	}
	return false
}

// inbox is what the fake sent to one chat, as it arrived.
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

// after waits up to wait for a message past the first n and returns its
// time and the text of everything past n.
func (b *inbox) after(n int, wait time.Duration) (time.Time, string, bool) {
	deadline := time.After(wait)
	for {
		b.mu.Lock()
		if len(b.at) > n {
			at, text := b.at[n], strings.Join(b.texts[n:], "\n")
			b.mu.Unlock()
			return at, text, true
		}
		b.mu.Unlock()
		select {
		case <-b.more:
		case <-deadline:
			return time.Time{}, "", false
		}
	}
}

func (b *inbox) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.at)
}

// BenchmarkEndToEnd: benchMembers accounts each file whole reports, one
// message at a time (send, wait for the reply, send the next), posted by
// the fake to the Webhook over HTTP, into the engine and a bbolt file with
// fsync on; the replies go back through the outbox, the Sender and the
// Channel to the fake. Latency runs from posting an event to the first
// message of its reply arriving at the fake. The rate limiter is off (it
// would be all this measured). The webhook commits one delivery at a time
// and the Sender records its deliveries, so this is about two fsyncs per
// update: compare bot/telegram's BenchmarkBoltCommitSinglePut.
func BenchmarkEndToEnd(b *testing.B) {
	r := newRigWith(b, store.Options{})
	r.webhook = true
	r.sender.Workers, r.sender.Batch = 8, 100
	members := benchRoster(r.cfg)
	boxes := map[string]*inbox{}
	var users []zalotest.User
	for i := range benchMembers {
		u := r.fake.NewUser("M" + itoa(int64(i)))
		if err := r.eng.Bind(context.Background(), Name, u.ID, members[i%len(members)]); err != nil {
			b.Fatal(err)
		}
		users = append(users, u)
		boxes[u.ChatID] = &inbox{more: make(chan struct{}, 1)}
	}
	r.fake.Hook(func(c zalotest.Call) *zalotest.Fault {
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
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for m, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			box, who, reply := boxes[u.ChatID], &member{}, ""
			for range per {
				text := who.answer(reply)
				ev := r.fake.TextEvent(u, text)
				n := box.len()
				sent := time.Now()
				if status, err := r.fake.Post(context.Background(), r.hook.URL, r.secret, zalotest.Wrapped, ev); err != nil || status != 200 {
					errs <- fmt.Errorf("post: %d, %v", status, err)
					return
				}
				at, got, ok := box.after(n, 30*time.Second)
				for ok && !complete(got) { // the first of a reply's messages: wait a little for the rest
					_, more, ok2 := box.after(box.len(), 200*time.Millisecond)
					if !ok2 {
						break
					}
					got += "\n" + more
				}
				if !ok {
					errs <- fmt.Errorf("no reply to %q", text)
					return
				}
				lat[m] = append(lat[m], at.Sub(sent))
				if reply = got; strings.Contains(reply, "Đã lưu báo cáo") {
					saved.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatalf("a member got stuck: %v", err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	total := len(all)
	// A whole first report is 12 updates, each later version 5; a
	// confirmation that finds the unit saved meanwhile by another member
	// costs one more, and members share communes: at least half that rate.
	if want := int64(max(benchMembers*(per/24), min(per/12, 1))); saved.Load() < want {
		b.Errorf("%d reports saved, want at least %d", saved.Load(), want)
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64(all[total*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[total/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(saved.Load()), "reports")
	b.ReportMetric(0, "ns/op")
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
