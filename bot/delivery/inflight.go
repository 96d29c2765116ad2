package delivery

import (
	"context"
	"sync"
	"time"
)

// inflight is the set of chats whose sends are under way, so that a chat
// whose call hangs is not picked again by the next pass (which would send
// its messages twice) while every other chat goes on. It also lets Run wait
// for the chats still sending when it stops, and wakes Run when one ends.
type inflight struct {
	mu    sync.Mutex
	chats map[string]bool
	late  sync.WaitGroup
	woken chan struct{} // a chat finished late: its next messages may go
}

// take marks key as sending.
func (f *inflight) take(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.chats == nil {
		f.chats = map[string]bool{}
	}
	f.chats[key] = true
}

// snapshot is a copy of the chats sending now.
func (f *inflight) snapshot() map[string]bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]bool, len(f.chats))
	for k := range f.chats {
		out[k] = true
	}
	return out
}

// release marks keys as done.
func (f *inflight) release(keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range keys {
		delete(f.chats, k)
	}
}

// lateRecords runs record for each of n chats that finish after their pass,
// in the background, waking Run after each.
func (f *inflight) lateRecords(n int, record func()) {
	f.late.Add(1)
	go func() {
		defer f.late.Done()
		for range n {
			record()
			f.wake()
		}
	}()
}

// wait waits for the late chats to finish and be recorded.
func (f *inflight) wait() { f.late.Wait() }

// wake tells Run that a late chat finished (a pending wake is enough).
func (f *inflight) wake() {
	select {
	case f.wakeCh() <- struct{}{}:
	default:
	}
}

func (f *inflight) wakeCh() chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.woken == nil {
		f.woken = make(chan struct{}, 1)
	}
	return f.woken
}

// recordLate records the outcomes of a chat that finished after its pass.
func (s *Sender) recordLate(ctx context.Context, ds []delivery) {
	if len(ds) == 0 {
		return
	}
	var r passResult
	if err := s.record(ctx, ds, &r); err != nil {
		s.logger().Error("recording a late delivery failed; it may be sent again", "channel", s.Channel.Name(), "err", err)
	}
}

// waitOrDone is wait that also wakes when a late chat finishes.
func (s *Sender) waitOrDone(ctx context.Context, wake <-chan struct{}, next time.Time) bool {
	var due <-chan time.Time
	if !next.IsZero() {
		t := time.NewTimer(max(next.Sub(s.now()), time.Millisecond))
		defer t.Stop()
		due = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-wake:
	case <-s.busy.wakeCh():
	case <-due:
	}
	return true
}

func (s *Sender) passWindow() time.Duration {
	if s.PassWindow > 0 {
		return s.PassWindow
	}
	return 2 * time.Second
}

func (s *Sender) timeoutWait() time.Duration {
	if s.TimeoutWait > 0 {
		return s.TimeoutWait
	}
	return 2 * time.Minute
}
