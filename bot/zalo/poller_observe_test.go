package zalo

import (
	"sync"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/zalo/zalotest"
)

// callCounter counts the platform calls it is told of.
type callCounter struct {
	bot.NopObserver
	mu        sync.Mutex
	ok, fails map[string]int
}

func (c *callCounter) PlatformCall(channel string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok {
		c.ok[channel]++
	} else {
		c.fails[channel]++
	}
}

// TestPollerReportsEachPoll: every getUpdates the poller makes is reported
// to its observer, failed (two 502s from the fake) or gone through, under
// the channel's name; a poll cut off by the stop is not.
func TestPollerReportsEachPoll(t *testing.T) {
	fake, api := newAPI(t)
	u := fake.NewUser("An")
	fake.Fail("getUpdates", 2, zalotest.BadGateway())
	fake.Text(u, "a")
	h := &recorder{}
	obs := &callCounter{ok: map[string]int{}, fails: map[string]int{}}
	stop := runPoller(api, h, func(p *Poller) { p.Observer = obs })
	wait(t, fake, "the update", func() bool { return len(h.got()) == 1 })
	stop()
	obs.mu.Lock()
	defer obs.mu.Unlock()
	polls := len(fake.Calls("getUpdates"))
	if obs.fails[Name] != 2 || obs.ok[Name] < 1 {
		t.Errorf("reported %d failed and %d ok polls, want 2 failed and at least 1 ok", obs.fails[Name], obs.ok[Name])
	}
	if n := obs.ok[Name] + obs.fails[Name]; n != polls && n != polls-1 {
		t.Errorf("reported %d polls of the %d made", n, polls)
	}
}
