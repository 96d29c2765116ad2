//go:build unix

package main

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/telegram"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// The crash-loop test's knobs. Without FIELDBOT_CRASHLOOP it runs a short
// version (crashKillsShort kills) as part of the ordinary suite; with
// FIELDBOT_CRASHLOOP=1 it kills crashKillsFull times. FIELDBOT_CRASHLOOP_KILLS
// sets the number of kills and FIELDBOT_CRASHLOOP_SEED replays a run's kill
// plan (the seed is printed): how each moment is chosen and the delays; the
// exact moments depend on the machine's timing.
const (
	crashLoopEnv    = "FIELDBOT_CRASHLOOP"
	crashKillsEnv   = "FIELDBOT_CRASHLOOP_KILLS"
	crashSeedEnv    = "FIELDBOT_CRASHLOOP_SEED"
	crashKillsShort = 3
	crashKillsFull  = 20
	crashToken      = "424242:CRASH-loop_token"
	// A kill at a random moment lands between these many milliseconds after
	// a start (start-up included: some kills hit the set-up calls).
	crashMinUpMs, crashMaxUpMs = 100, 1500
)

// crashMembers are the roster members the test plays: every member who
// reports on units and reads the bot in Vietnamese.
var crashMembers = []string{"nguyen-van-an", "hoang-thi-binh", "ma-van-cuong", "trieu-thi-dung",
	"luong-van-hai", "nong-thi-hoa", "ly-thi-mai"}

// TestCrashLoop runs the real fieldbot binary (fieldbot run, by long
// polling; with FIELDBOT_CRASHLOOP=1 also by webhook) against the fake Bot
// API while scripted members file whole reports, and SIGKILLs it at random
// moments, restarting it each time. At the end, on
// the bbolt file and the fake's record: every report the bot confirmed on
// the wire is stored, with the member's answers, as the revision the
// confirmation named; no revision was stored without its confirmation; no
// message reached a chat that was neither the answer awaited nor a copy of
// an earlier message (an update handled twice answers twice, differently).
// Copies (wire duplicates) are counted: a send that Telegram took whose
// acknowledgement was not committed before the kill is sent again. Each
// copy must follow a kill.
func TestCrashLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("crash loop: skipped with -short")
	}
	full := os.Getenv(crashLoopEnv) == "1"
	kills := crashKillsShort
	if full {
		kills = crashKillsFull
	}
	if v := os.Getenv(crashKillsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			t.Fatalf("%s=%q: want a number of kills", crashKillsEnv, v)
		}
		kills = n
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(crashSeedEnv); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a number", crashSeedEnv, v)
		}
		seed = n
	}
	t.Logf("crash loop: seed %d (replay the kill plan with %s=%d)", seed, crashSeedEnv, seed)
	t.Run("polling", func(t *testing.T) { crashLoop(t, false, kills, seed) })
	t.Run("webhook", func(t *testing.T) {
		if !full {
			t.Skipf("crash loop in webhook mode: only with %s=1 (the short version polls)", crashLoopEnv)
		}
		crashLoop(t, true, kills, seed+1)
	})
}

// crashLoop is one crash loop, by long polling or by webhook.
func crashLoop(t *testing.T, webhook bool, kills int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))

	rig := newCrashRig(t, webhook)
	stop := make(chan struct{})
	errs := make(chan error, len(rig.members))
	for _, m := range rig.members {
		go func() { errs <- m.run(context.Background(), stop) }()
	}
	started := time.Now()
	modes := map[string]int{}
	for i := range kills {
		c := rig.start(t, i)
		modes[rig.waitKillMoment(rng)]++
		rig.kill(t, c)
	}
	t.Logf("crash loop: kill moments: %d at random, %d just after a member's input, %d just after a send arrived",
		modes[killAnyTime], modes[killAfterInput], modes[killAfterSend])
	finalAt := time.Now()
	final := rig.start(t, kills)
	close(stop) // each member finishes the report under way
	var failed []string
	for range rig.members {
		if err := <-errs; err != nil {
			failed = append(failed, err.Error())
		}
	}
	rig.stop(t, final, finalAt)
	if len(failed) > 0 {
		t.Errorf("scripted members stopped:\n%s\nlast log:\n%s", strings.Join(failed, "\n"), rig.tail(kills))
	}
	for _, m := range rig.members {
		m.drain()
	}
	r := rig.check(t)
	t.Logf("crash loop: %d kills in %v; %d reports confirmed, %d lost; %d messages or revisions from an update handled twice; "+
		"%d wire duplicates (%d of them answer an input that was delivered again); "+
		"%d updates delivered again after a kill (dropped by the stored offset or the inbound dedupe, or handled once if the kill came first)",
		kills, time.Since(started).Round(time.Millisecond), r.confirmed, r.lost, r.twice, len(r.dups), r.ambiguous, r.redelivered)
	for _, d := range r.dups {
		t.Logf("wire duplicate in chat %d: message %d repeats message %d across a kill (sent, kill before the ack committed): %q",
			d.Chat, d.Repeat, d.First, d.Text)
	}
}

// How a kill's moment is chosen: a random time after the start (the
// set-up calls included), or a few milliseconds after a member's input was
// queued (the update is being handled and committed: it must not be
// handled again after the restart) or after a sendMessage reached the fake
// (the send is answered and acknowledged: the window of wire duplicates).
// Each is picked at random, a third of the time.
const (
	killAnyTime    = "random"
	killAfterInput = "after-input"
	killAfterSend  = "after-send"
)

// waitKillMoment waits for the moment of the next kill and says how it
// was chosen.
func (r *crashRig) waitKillMoment(rng *rand.Rand) string {
	mode := []string{killAnyTime, killAfterInput, killAfterSend}[rng.IntN(3)]
	delay := time.Duration(crashMinUpMs+rng.IntN(crashMaxUpMs-crashMinUpMs)) * time.Millisecond
	var events <-chan struct{}
	switch mode {
	case killAnyTime:
		time.Sleep(delay)
		return mode
	case killAfterInput:
		events, delay = r.inputs, time.Duration(rng.IntN(30000))*time.Microsecond
	case killAfterSend:
		events, delay = r.sends, time.Duration(rng.IntN(10000))*time.Microsecond
	}
	drain(events)
	select {
	case <-events:
	case <-time.After(5 * time.Second): // nothing happens: kill anyway
	}
	time.Sleep(delay)
	return mode
}

// drain empties an event channel.
func drain(c <-chan struct{}) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

// notify notes an event without blocking.
func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// crashRig is the fake Bot API, the configuration, the database and the
// scripted members, and the fieldbot processes started one after another.
type crashRig struct {
	fake         *telegramtest.Server
	cfg          *bot.Config
	dir          string
	cfgPath, db  string
	members      []*scriptedMember
	kills        []killWindow
	children     int
	args         []string // fieldbot's command line
	childEnviron []string
	webhook      bool
	// inputs and sends tell of each member's input queued and each
	// sendMessage that reached the fake.
	inputs, sends chan struct{}
}

// killWindow is when a SIGKILL was sent: the process died between From and To.
type killWindow struct{ From, To time.Time }

// newCrashRig writes the demo configuration without its scheduled jobs (a
// reminder would be a message no member waits for, and its time depends
// on the day the test runs), binds the members' Telegram accounts in the
// database, and starts the fake.
func newCrashRig(t *testing.T, webhook bool) *crashRig {
	t.Helper()
	dir := t.TempDir()
	r := &crashRig{dir: dir, cfgPath: filepath.Join(dir, "district.yaml"), db: filepath.Join(dir, "bot.db")}
	r.args = []string{"run", "--config", r.cfgPath, "--db", r.db, "-v"}
	yaml := regexp.MustCompile(`(?m)^  (reminders|escalation|digest): .*\n`).ReplaceAll(config.DemoYAML(), nil)
	if err := os.WriteFile(r.cfgPath, yaml, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(r.cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Schedule; len(s.Reminders) > 0 || s.Escalation != "" || s.Digest != "" {
		t.Fatalf("the test's configuration still schedules jobs: %+v", s)
	}
	r.cfg = cfg
	r.fake = telegramtest.New(crashToken)
	t.Cleanup(r.fake.Close)
	r.inputs, r.sends = make(chan struct{}, 1), make(chan struct{}, 1)
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "sendMessage" {
			notify(r.sends)
		}
		return nil
	})
	db, err := store.Open(r.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	eng := bot.New(bot.Options{Config: cfg, Store: db})
	for i, id := range crashMembers {
		m := newScriptedMember(cfg, r.fake, id, int64(6100+i))
		m.onInput = func() { notify(r.inputs) }
		if err := eng.Bind(context.Background(), telegram.Name, strconv.FormatInt(m.user.ID, 10), id); err != nil {
			t.Fatal(err)
		}
		r.members = append(r.members, m)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FIELDBOT_") && !strings.HasPrefix(kv, tokenEnv+"=") {
			r.childEnviron = append(r.childEnviron, kv)
		}
	}
	r.childEnviron = append(r.childEnviron, "FIELDBOT_TEST_MAIN=1", tokenEnv+"="+crashToken, apiEnv+"="+r.fake.Endpoint())
	if webhook {
		// Every run listens on the same address and sets the same webhook;
		// the fake posts the members' updates to it as Telegram does,
		// again and again until one is answered 200.
		addr := freeAddr(t)
		r.args = append(r.args, "--listen", addr, "--webhook-url", "http://"+addr+telegramPath)
		r.childEnviron = append(r.childEnviron, webhookSecretEnv+"=crash-loop_secret")
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); r.fake.Push(ctx, 20*time.Millisecond, 10*time.Second) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	r.webhook = webhook
	return r
}

// start runs fieldbot run as child n, its log in the test's folder.
func (r *crashRig) start(t *testing.T, n int) *exec.Cmd {
	t.Helper()
	log, err := os.Create(r.logPath(n))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(os.Args[0], r.args...)
	cmd.Env = r.childEnviron
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.children++
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// kill SIGKILLs a child, which must still be running.
func (r *crashRig) kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	from := time.Now()
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	r.kills = append(r.kills, killWindow{From: from, To: time.Now()})
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child %d ended before the kill (%v):\n%s", r.children-1, err, r.tail(r.children-1))
	}
}

// stop ends the last child as an operator would (SIGTERM), once it is
// polling or has set its webhook (a signal before main listens for it is no
// clean stop): it must exit 0.
func (r *crashRig) stop(t *testing.T, cmd *exec.Cmd, since time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ready := "getUpdates" // polling
	if r.webhook {
		ready = "setWebhook"
	}
	err := r.fake.Wait(ctx, func() bool {
		calls := r.fake.Calls(ready)
		return len(calls) > 0 && calls[len(calls)-1].At.After(since)
	})
	if err != nil {
		t.Fatalf("the last run never called %s:\n%s", ready, r.tail(r.children-1))
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the last run did not stop cleanly: %v\n%s", err, r.tail(r.children-1))
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the last run did not stop on SIGTERM:\n%s", r.tail(r.children-1))
	}
}

func (r *crashRig) logPath(n int) string { return filepath.Join(r.dir, fmt.Sprintf("run-%02d.log", n)) }

// tail is the end of child n's log.
func (r *crashRig) tail(n int) string {
	b, _ := os.ReadFile(r.logPath(n))
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-25):], "\n")
}

// crashResult is what check counted.
type crashResult struct {
	confirmed, lost, twice, redelivered int
	dups                                []wireDup
	// ambiguous counts the copies whose input was delivered again: had the
	// bot handled it twice with the same answer, the copy would look alike.
	ambiguous int
}

// check compares the database and the fake's record with what the members
// saw, and reports every loss, double handling and unexplained copy.
func (r *crashRig) check(t *testing.T) crashResult {
	t.Helper()
	var res crashResult
	db, err := store.Open(r.db, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("reopening the database: %v", err)
	}
	defer db.Close()
	perUnit := map[[2]string][]filed{} // period, unit → confirmed reports in order
	for _, m := range r.members {
		for _, f := range m.filed {
			k := [2]string{f.Period, f.Unit}
			perUnit[k] = append(perUnit[k], f)
			res.confirmed++
		}
	}
	if res.confirmed == 0 {
		t.Error("no report was confirmed: the test exercised nothing")
	}
	err = db.View(context.Background(), func(tx bot.Tx) error {
		for k, fs := range perUnit {
			revs, err := tx.Revisions(k[0], k[1])
			if err != nil {
				return err
			}
			bySeq := map[uint64]bot.Report{}
			for _, rev := range revs {
				bySeq[rev.Seq] = rev
			}
			for _, f := range fs {
				rev, ok := bySeq[f.Seq]
				switch {
				case !ok:
					res.lost++
					t.Errorf("lost: %s %s revision %d was confirmed on the wire but is not stored", f.Period, f.Unit, f.Seq)
				case !maps.Equal(rev.Values, f.Values):
					res.lost++
					t.Errorf("lost: %s %s revision %d holds %v, not the answers confirmed %v",
						f.Period, f.Unit, f.Seq, rev.Values, f.Values)
				}
			}
			if len(revs) != len(fs) {
				res.twice += max(0, len(revs)-len(fs))
				t.Errorf("%s %s: %d revisions stored for %d reports confirmed", k[0], k[1], len(revs), len(fs))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the reports: %v", err)
	}
	for _, m := range r.members {
		for _, o := range m.odd {
			res.twice++
			t.Errorf("chat %d, message %d, while waiting for %s: unexpected %q (an update handled twice?)", o.Chat, o.Index, o.Waiting, o.Text)
		}
		r.checkDups(t, m)
		res.dups = append(res.dups, m.dups...)
	}
	deliveries := r.fake.Deliveries()
	for _, n := range deliveries {
		if n > 1 {
			res.redelivered++
		}
	}
	for _, d := range res.dups {
		if deliveries[d.Input] > 1 {
			res.ambiguous++
		}
	}
	return res
}

// checkDups checks that every copy a member read was sent again after a
// kill: its first send arrived at the fake before the process died, the
// copy after.
func (r *crashRig) checkDups(t *testing.T, m *scriptedMember) {
	t.Helper()
	chat := strconv.FormatInt(m.user.ID, 10)
	var sent []telegramtest.Call
	for _, c := range r.fake.Calls("sendMessage") {
		if c.Chat() == chat && c.Status == 200 {
			sent = append(sent, c)
		}
	}
	if msgs := r.fake.Messages(m.user.ID); len(sent) != len(msgs) {
		t.Errorf("chat %s: %d sendMessage calls answered for %d messages kept", chat, len(sent), len(msgs))
		return
	}
	for _, d := range m.dups {
		first, again := sent[d.First].At, sent[d.Repeat].At
		killed := false
		for _, k := range r.kills {
			if first.Before(k.To) && again.After(k.From) {
				killed = true
			}
		}
		if !killed {
			t.Errorf("chat %s: message %d repeats message %d with no kill between them: %q", chat, d.Repeat, d.First, d.Text)
		}
	}
}
