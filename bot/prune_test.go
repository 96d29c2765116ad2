package bot_test

import (
	"context"
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
