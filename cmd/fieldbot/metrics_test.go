//go:build unix

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/telegram"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// scrape fetches url and parses it with the Prometheus text parser.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("scrape: content type %q, want the text format", ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the text parser refuses /metrics: %v", err)
	}
	return fams
}

// sample is the series of family name whose labels include want (nil: no
// such series).
func sample(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

// value is a counter's or gauge's value (-1: no such series).
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	m := sample(fams, name, labels)
	switch {
	case m == nil:
		return -1
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	return -1
}

// histogram is a histogram's count and sum (count -1: no such series).
func histogram(fams map[string]*dto.MetricFamily, name string, labels map[string]string) (uint64, float64, bool) {
	m := sample(fams, name, labels)
	if m == nil || m.Histogram == nil {
		return 0, 0, false
	}
	return m.Histogram.GetSampleCount(), m.Histogram.GetSampleSum(), true
}

// logLine is one line of the JSON log.
type logLine map[string]any

// jsonLog parses every line of the log as JSON; a line that is not JSON fails.
func jsonLog(t *testing.T, logs string) []logLine {
	t.Helper()
	var out []logLine
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m logLine
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("a log line is not JSON: %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// count is how many lines have msg and every field of want.
func count(lines []logLine, msg string, want map[string]string) int {
	n := 0
next:
	for _, l := range lines {
		if l["msg"] != msg {
			continue
		}
		for k, v := range want {
			if s, _ := l[k].(string); s != v {
				continue next
			}
		}
		n++
	}
	return n
}

// TestMetricsAfterScriptedReport: fieldbot run with a private metrics
// address and JSON logs; a member files a whole report through the fake Bot
// API; /metrics, scraped and parsed with the Prometheus text parser, counts
// every update the member sent, every message the fake received, the
// batches, the start-up jobs and the digest they built, and an empty outbox
// once all is sent; the JSON log has one line per update and per send that
// agree with it, and neither the token nor the member's phone number.
func TestMetricsAfterScriptedReport(t *testing.T) {
	dir := t.TempDir()
	cfgPath, dbPath := filepath.Join(dir, "district.yaml"), filepath.Join(dir, "bot.db")
	if err := os.WriteFile(cfgPath, config.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	const memberID = "hoang-thi-binh"
	member, ok := cfg.Member(memberID)
	if !ok || member.Phone == "" {
		t.Fatalf("the demo member %s has no phone to look for in the logs", memberID)
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const userID = 8810
	err = bot.New(bot.Options{Config: cfg, Store: db}).Bind(context.Background(), telegram.Name, strconv.Itoa(userID), memberID)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	fake := telegramtest.New(serveToken)
	t.Cleanup(fake.Close)
	t.Setenv(tokenEnv, serveToken)
	t.Setenv(apiEnv, fake.Endpoint())
	addr, private := freeAddr(t), freeAddr(t)
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--listen", addr, "--metrics-listen", private, "--log-format", "json")
	stopped := false
	defer func() {
		if !stopped {
			run.stop(t)
		}
	}()

	m := newScriptedMember(cfg, fake, memberID, userID)
	var inputs atomic.Int64
	m.onInput = func() { inputs.Add(1) }
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// The member shares their phone number first (it must not reach the log).
	fake.Contact(m.user, member.Phone, userID)
	inputs.Add(1)
	if err := m.fileOne(ctx); err != nil {
		t.Fatalf("the scripted report: %v\n%s", err, run.stderr)
	}
	if len(m.filed) != 1 {
		t.Fatalf("reports confirmed: %d, want 1", len(m.filed))
	}

	// The metrics settle once the last message is recorded as sent.
	base := "http://" + private
	var fams map[string]*dto.MetricFamily
	want := float64(inputs.Load())
	deadline := time.Now().Add(20 * time.Second)
	calls := func() int {
		return len(fake.Calls("sendMessage")) + len(fake.Calls("editMessageText")) + len(fake.Calls("sendPhoto")) + len(fake.Calls("sendDocument"))
	}
	for {
		fams = scrape(t, base+"/metrics")
		// A send is counted just after its delivery is recorded: wait for
		// the count too, or a scrape in between sees one send too few.
		if value(fams, "fieldbot_outbox_depth", map[string]string{"channel": telegram.Name}) == 0 &&
			value(fams, "fieldbot_updates_total", map[string]string{"channel": telegram.Name, "outcome": "handled"}) == want &&
			value(fams, "fieldbot_sends_total", map[string]string{"channel": telegram.Name, "outcome": "sent"}) == float64(calls()) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics never settled: depth %v, handled %v of %v, sent %v of %d calls",
				value(fams, "fieldbot_outbox_depth", map[string]string{"channel": telegram.Name}),
				value(fams, "fieldbot_updates_total", map[string]string{"channel": telegram.Name, "outcome": "handled"}), want,
				value(fams, "fieldbot_sends_total", map[string]string{"channel": telegram.Name, "outcome": "sent"}), calls())
		}
		time.Sleep(20 * time.Millisecond)
	}
	tg := map[string]string{"channel": telegram.Name}
	delivered := calls()
	// Each of the member's replies is one call (text only); the digest
	// caught up at start goes to readers with no Telegram account here.
	if got := value(fams, "fieldbot_sends_total", map[string]string{"channel": telegram.Name, "outcome": "sent"}); got != float64(delivered) || got == 0 {
		t.Errorf("sends sent = %v; the fake received %d message calls", got, delivered)
	}
	if got := value(fams, "fieldbot_outbox_oldest_age_seconds", tg); got != 0 {
		t.Errorf("oldest age of an empty outbox: %v", got)
	}
	n, sum, ok := histogram(fams, "fieldbot_batch_size", tg)
	if !ok || n == 0 || sum != want {
		t.Errorf("batch size: %d batches holding %v updates, want %v updates", n, sum, want)
	}
	if c, _, ok := histogram(fams, "fieldbot_batch_commit_seconds", tg); !ok || c != n {
		t.Errorf("commit time: %d observations for %d batches", c, n)
	}
	// Every send and every getUpdates answered (the fake records the one
	// still waiting, and the last answered may not be counted yet).
	polls := float64(len(fake.Calls("getUpdates")))
	if got := value(fams, "fieldbot_platform_calls_total", map[string]string{"channel": telegram.Name, "outcome": "ok"}); got < float64(delivered)+polls-2 || got > float64(delivered)+polls {
		t.Errorf("platform calls ok = %v, for %d sends and %v getUpdates calls", got, delivered, polls)
	}
	// At start the scheduler catches up the last digest, which the chair
	// and viewers get: a job run, a build.
	if got := value(fams, "fieldbot_job_runs_total", map[string]string{"job": "digest", "outcome": "ok"}); got != 1 {
		t.Errorf("digest job runs = %v, want 1", got)
	}
	if c, _, ok := histogram(fams, "fieldbot_job_duration_seconds", map[string]string{"job": "digest"}); !ok || c != 1 {
		t.Errorf("digest job durations observed: %d", c)
	}
	if c, s, ok := histogram(fams, "fieldbot_digest_build_seconds", nil); !ok || c != 1 || s <= 0 {
		t.Errorf("digest builds: %d taking %vs, want 1 taking some time", c, s)
	}
	for _, name := range []string{"fieldbot_rate_limited_total", "fieldbot_dead_letters_total"} {
		if f := fams[name]; f != nil && len(f.GetMetric()) > 0 {
			t.Errorf("%s has series though nothing was refused: %v", name, f.GetMetric())
		}
	}
	if fams["go_goroutines"] == nil || fams["process_start_time_seconds"] == nil {
		t.Error("the Go and process collectors are missing")
	}

	// The private address has them; the public one has neither.
	for _, path := range []string{"/metrics", "/readyz"} {
		if got := request(t, http.MethodGet, "http://"+addr+path, "", ""); got.status != http.StatusNotFound {
			t.Errorf("public %s: %d, want 404 (it is on --metrics-listen)", path, got.status)
		}
	}
	if got := request(t, http.MethodGet, base+"/readyz", "", ""); got.status != http.StatusOK || got.body != "ok" {
		t.Errorf("/readyz: %d %q", got.status, got.body)
	}
	if got := request(t, http.MethodGet, base+"/healthz", "", ""); got.status != http.StatusOK {
		t.Errorf("private /healthz: %d", got.status)
	}

	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	stopped = true
	logs := run.stderr.String()
	lines := jsonLog(t, logs)
	if got := count(lines, "update", map[string]string{"channel": telegram.Name, "outcome": "handled"}); float64(got) != want {
		t.Errorf("log lines for handled updates: %d, want %v", got, want)
	}
	if got := count(lines, "update", map[string]string{"kind": "contact"}); got != 1 {
		t.Errorf("log lines for the shared contact: %d, want 1", got)
	}
	sentLines := count(lines, "send", map[string]string{"channel": telegram.Name, "outcome": "sent"})
	if got := value(fams, "fieldbot_sends_total", map[string]string{"channel": telegram.Name, "outcome": "sent"}); float64(sentLines) < got {
		t.Errorf("log lines for sent messages: %d, fewer than the %v counted", sentLines, got)
	}
	digits := strings.Map(func(r rune) rune {
		if r < '0' || r > '9' {
			return -1
		}
		return r
	}, member.Phone)
	for _, secret := range []string{serveToken, "SERVE-test", member.Phone, digits[len(digits)-9:]} {
		if strings.Contains(logs, secret) {
			t.Errorf("%q in the logs:\n%s", secret, logs)
		}
	}
}

// TestObserveOnSharedServer: without --metrics-listen, /readyz and /metrics
// are on the --listen server beside the webhook; an update Telegram posts
// twice is counted once handled and once a duplicate, in the metrics and in
// the text log, one line each.
func TestObserveOnSharedServer(t *testing.T) {
	fake, cfgPath, dbPath, code := serveSetup(t)
	t.Setenv(tokenEnv, serveToken)
	t.Setenv(webhookSecretEnv, "observe-secret_1")
	addr := freeAddr(t)
	hookURL := "http://" + addr + telegramPath
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--listen", addr, "--webhook-url", hookURL)
	waitFake(t, fake, "setWebhook", func() bool { return fake.CurrentWebhook().URL == hookURL })
	body := `{"update_id":41,"message":{"message_id":1,"from":{"id":8806,"is_bot":false,"first_name":"Bình"},"chat":{"id":8806,"type":"private"},"date":1600221600,"text":"/start ` + code + `"}}`
	for range 2 {
		if got := request(t, http.MethodPost, hookURL, "observe-secret_1", body); got.status != http.StatusOK {
			t.Fatalf("update post: %d\n%s", got.status, run.stderr)
		}
	}
	if got := request(t, http.MethodGet, "http://"+addr+"/readyz", "", ""); got.status != http.StatusOK || got.body != "ok" {
		t.Errorf("/readyz: %d %q", got.status, got.body)
	}
	fams := scrape(t, "http://"+addr+"/metrics")
	for outcome, want := range map[string]float64{"handled": 1, "duplicate": 1} {
		if got := value(fams, "fieldbot_updates_total", map[string]string{"channel": telegram.Name, "outcome": outcome}); got != want {
			t.Errorf("updates %s: %v, want %v", outcome, got, want)
		}
	}
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	logs := run.stderr.String()
	for outcome, want := range map[string]int{"handled": 1, "duplicate": 1} {
		line := "msg=update channel=telegram chat=telegram/8806 seq=42 kind=command outcome=" + outcome
		if got := strings.Count(logs, line); got != want {
			t.Errorf("log lines %q: %d, want %d\n%s", line, got, want, logs)
		}
	}
	if strings.Contains(logs, code) {
		t.Errorf("the invite code is in the log:\n%s", logs)
	}
}
