package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/bot/metrics"
	"fieldbot/bot/telegram"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

const token = "123456:METRICS-test_token"

var t0 = time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)

// scrape serves m, fetches it and parses it with the Prometheus text parser.
func scrape(t *testing.T, m *metrics.Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the text parser refuses the answer: %v", err)
	}
	return fams
}

// value is the counter or gauge of family name with exactly labels (-1: none).
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
next:
	for _, m := range fams[name].GetMetric() {
		if len(m.GetLabel())*2 != len(labels) {
			continue
		}
		for i, l := range m.GetLabel() { // the text format sorts labels by name
			if l.GetName() != labels[2*i] || l.GetValue() != labels[2*i+1] {
				continue next
			}
		}
		if m.Counter != nil {
			return m.Counter.GetValue()
		}
		return m.Gauge.GetValue()
	}
	return -1
}

// TestSendOutcomesScraped: a Sender with the metrics as its observer sends
// through the real Telegram client to the fake Bot API, which delivers one
// chat's message, rate-limits one, refuses one for good (blocked) and fails
// one with a 500 (its next message waits behind it); the scrape counts each
// outcome, the 429, the dead letter with its cause, the platform calls, and
// the three messages left in the outbox with the age of the oldest.
func TestSendOutcomesScraped(t *testing.T) {
	fake := telegramtest.New(token)
	t.Cleanup(fake.Close)
	ctx := context.Background()
	api, err := telegram.Dial(ctx, token, fake.Endpoint(), fake.Client())
	if err != nil {
		t.Fatal(err)
	}
	faults := map[string]*telegramtest.Fault{"102": telegramtest.TooManyRequests(30), "103": telegramtest.Blocked(),
		"104": telegramtest.ServerError()}
	fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "sendMessage" {
			return faults[c.Chat()]
		}
		return nil
	})
	db, err := store.Open(filepath.Join(t.TempDir(), "bot.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var mu sync.Mutex
	now := t0
	clock := bot.ClockFunc(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	err = db.Update(ctx, func(tx bot.Tx) error {
		for i, chat := range []string{"101", "102", "103", "104", "104"} {
			out := &bot.Outgoing{Chat: bot.ChatRef{Channel: telegram.Name, ChatID: chat}, User: chat, Text: "Nhắc báo cáo tuần",
				Created: t0.Add(time.Duration(i) * time.Minute)}
			if _, err := tx.Enqueue(out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New(func(ctx context.Context) ([]metrics.OutboxStat, error) {
		n, oldest, err := delivery.Depth(ctx, delivery.OutboxOf(db), telegram.Name)
		if err != nil {
			return nil, err
		}
		s := metrics.OutboxStat{Channel: telegram.Name, Depth: n}
		if !oldest.IsZero() {
			s.OldestAge = clock.Now().Sub(oldest)
		}
		return []metrics.OutboxStat{s}, nil
	})
	s := &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: telegram.NewChannel(api, nil), Clock: clock, Observer: m,
		Workers: 4, Backoff: func(int) time.Duration { return time.Minute }}
	before := scrape(t, m)
	if got := value(before, "fieldbot_outbox_depth", "channel", telegram.Name); got != 5 {
		t.Errorf("outbox depth before sending: %v, want 5", got)
	}
	sent, err := s.Flush(ctx)
	if err != nil || sent != 1 {
		t.Fatalf("flush: %d sent, %v", sent, err)
	}
	mu.Lock()
	now = t0.Add(10 * time.Minute)
	mu.Unlock()
	var dead []bot.DeadLetter
	if err := db.View(ctx, func(tx bot.Tx) error { dead, err = tx.DeadLetters(time.Time{}); return err }); err != nil || len(dead) != 1 {
		t.Fatalf("dead letters: %v, %v", dead, err)
	}

	fams := scrape(t, m)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"fieldbot_sends_total", []string{"channel", telegram.Name, "outcome", "sent"}, 1},
		{"fieldbot_sends_total", []string{"channel", telegram.Name, "outcome", "rate_limited"}, 1},
		{"fieldbot_sends_total", []string{"channel", telegram.Name, "outcome", "dead_letter"}, 1},
		{"fieldbot_sends_total", []string{"channel", telegram.Name, "outcome", "retry"}, 1},
		{"fieldbot_rate_limited_total", []string{"channel", telegram.Name}, 1},
		{"fieldbot_dead_letters_total", []string{"cause", string(dead[0].Cause), "channel", telegram.Name}, 1},
		{"fieldbot_platform_calls_total", []string{"channel", telegram.Name, "outcome", "ok"}, 1},
		{"fieldbot_platform_calls_total", []string{"channel", telegram.Name, "outcome", "error"}, 3},
		// 102 (rate-limited) and 104's two (a 500, and the one held behind
		// it) wait; the oldest, 102's, was queued at t0+1m.
		{"fieldbot_outbox_depth", []string{"channel", telegram.Name}, 3},
		{"fieldbot_outbox_oldest_age_seconds", []string{"channel", telegram.Name}, (9 * time.Minute).Seconds()},
	} {
		if got := value(fams, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if dead[0].Cause != bot.ReasonBlocked {
		t.Errorf("the dead letter's cause: %q, want blocked", dead[0].Cause)
	}
}

// TestJobsAndBatchesScraped: job runs, batches and digest builds reported
// through bot.Observer come out as the series the README names.
func TestJobsAndBatchesScraped(t *testing.T) {
	m := metrics.New(nil)
	var obs bot.Observer = m
	obs.JobRan("reminder", true, 20*time.Millisecond)
	obs.JobRan("reminder", false, 10*time.Millisecond)
	obs.BatchCommitted("zalo", 3, 5*time.Millisecond)
	obs.BatchCommitted("zalo", 1, 5*time.Millisecond)
	obs.DigestBuilt(1500 * time.Millisecond)
	obs.UpdateHandled("zalo", bot.UpdateDuplicate)
	fams := scrape(t, m)
	if got := value(fams, "fieldbot_job_runs_total", "job", "reminder", "outcome", "ok"); got != 1 {
		t.Errorf("reminder ok runs: %v", got)
	}
	if got := value(fams, "fieldbot_job_runs_total", "job", "reminder", "outcome", "error"); got != 1 {
		t.Errorf("reminder failed runs: %v", got)
	}
	if got := value(fams, "fieldbot_updates_total", "channel", "zalo", "outcome", "duplicate"); got != 1 {
		t.Errorf("duplicate updates: %v", got)
	}
	h := fams["fieldbot_batch_size"].GetMetric()[0].GetHistogram()
	if h.GetSampleCount() != 2 || h.GetSampleSum() != 4 {
		t.Errorf("batch size: %d batches, %v updates; want 2, 4", h.GetSampleCount(), h.GetSampleSum())
	}
	d := fams["fieldbot_digest_build_seconds"].GetMetric()[0].GetHistogram()
	if d.GetSampleCount() != 1 || d.GetSampleSum() != 1.5 {
		t.Errorf("digest build: %d builds, %vs", d.GetSampleCount(), d.GetSampleSum())
	}
	j := fams["fieldbot_job_duration_seconds"].GetMetric()[0].GetHistogram()
	if j.GetSampleCount() != 2 {
		t.Errorf("job durations: %d", j.GetSampleCount())
	}
	if _, ok := fams["fieldbot_outbox_depth"]; ok {
		t.Error("an outbox series without an outbox source")
	}
}
