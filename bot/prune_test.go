package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestPruneOutboxAfterRetention: a delivered reminder's key and the job
// record of an escalation stay until OutboxRetention has passed and go then;
// with the key gone, the reminder of that past period is still not sent
// again (its period's deadline passed long before).
func TestPruneOutboxAfterRetention(t *testing.T) {
	h := newHarness(t, testConfig(t))
	ctx := context.Background()
	at := h.now
	sent, err := h.eng.Remind(ctx, 0, at)
	if err != nil || sent == 0 {
		t.Fatalf("Remind = %d, %v; want reminders", sent, err)
	}
	if _, err := h.eng.Escalate(ctx, at); err != nil {
		t.Fatal(err)
	}
	h.flush()
	h.now = at.Add(bot.OutboxRetention - 24*time.Hour)
	if n, err := h.eng.Prune(ctx); err != nil || n != 0 {
		t.Errorf("a day before the retention ends, Prune = %d, %v; want nothing pruned", n, err)
	}
	h.now = at.Add(bot.OutboxRetention + 24*time.Hour)
	n, err := h.eng.Prune(ctx)
	if err != nil || n < sent+1 { // each reminder's key, the escalation's job record (and its keys)
		t.Errorf("after the retention, Prune = %d, %v; want at least %d", n, err, sent+1)
	}
	before := len(h.rec.sent)
	if again, err := h.eng.Remind(ctx, 0, at); err != nil || again != 0 {
		t.Errorf("the old reminder after pruning = %d, %v; want none", again, err)
	}
	h.flush()
	if d := len(h.rec.sent) - before; d != 0 {
		t.Errorf("%d messages sent again after pruning", d)
	}
}

// TestPruneForgetsEndedReopenings: a reopening (/molai) is kept by Prune
// while it lasts and forgotten once it has ended.
func TestPruneForgetsEndedReopenings(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	fillAnBinh(h, true)
	mustContain(t, h.say("lan", "/xacnhan"), "(lần 1")
	h.at(21, 9, 12, 30) // W38 closed at 12:00
	h.say("office", "/molai an-binh tuan 38")
	reopened := func() bool {
		var err error
		if verr := h.db.View(t.Context(), func(tx bot.Tx) error { _, err = tx.Reopening("2020-W38", "an-binh"); return nil }); verr != nil {
			t.Fatal(verr)
		}
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}
	if !reopened() {
		t.Fatal("/molai stored no reopening: the test cannot tell")
	}
	h.at(24, 9, 12, 0) // half an hour before it ends
	if n, err := h.eng.Prune(t.Context()); err != nil || n != 0 || !reopened() {
		t.Errorf("while it lasts, Prune = %d, %v, reopening kept %v; want 0, kept", n, err, reopened())
	}
	h.at(24, 9, 13, 0)
	if n, err := h.eng.Prune(t.Context()); err != nil || n != 1 || reopened() {
		t.Errorf("after it ended, Prune = %d, %v, reopening kept %v; want 1, forgotten", n, err, reopened())
	}
}
