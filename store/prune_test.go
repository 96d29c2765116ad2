package store

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// TestPruneOutboxHonoursRetention: keys of messages no longer pending go
// once older than the retention, not before; a pending message's key stays
// whatever its age; a key without a time goes one retention after the first
// prune; dead letters and job records go by their own time.
func TestPruneOutboxHonoursRetention(t *testing.T) {
	db := openTest(t)
	day := 24 * time.Hour
	keep := 180 * day
	t0 := time.Date(2020, 1, 6, 8, 0, 0, 0, time.UTC)
	keyed := func(k string, at time.Time) *bot.Outgoing {
		o := msg("telegram", "1", k)
		o.Key, o.Created = k, at
		return o
	}
	update(t, db, func(tx bot.Tx) error {
		for _, o := range []*bot.Outgoing{
			keyed("digest/2020-W01/lan", t0),              // delivered: goes after keep
			keyed("remind/2020-W02/0/lan", t0.Add(7*day)), // delivered later: stays longer
			keyed("escalate/2020-W01/lan", t0),            // still pending: stays
			keyed("digest/2020-W00/lan", time.Time{}),     // no time: counted from the first prune
		} {
			enqueue(t, tx, o)
		}
		_, err := tx.JobRan("digest/2020-W01", t0)
		if err == nil {
			_, err = tx.JobRan("digest/2020-W02", t0.Add(7*day))
		}
		return err
	})
	update(t, db, func(tx bot.Tx) error {
		for _, err := range []error{tx.Ack(1), tx.Ack(2), tx.Ack(4),
			tx.DeadLetter(3, bot.ReasonBlocked, "blocked", t0.Add(day))} {
			if err != nil {
				return err
			}
		}
		// the escalation is dead now; a new one with the same key would be
		// refused: put a pending one to keep instead
		enqueue(t, tx, keyed("remind/2020-W03/0/hoa", t0))
		return nil
	})
	prune := func(now time.Time) (n int) {
		update(t, db, func(tx bot.Tx) (err error) {
			var k, j int
			if k, err = tx.PruneOutbox(now, keep); err != nil {
				return err
			}
			j, err = tx.PruneJobs(now.Add(-keep))
			n = k + j
			return err
		})
		return n
	}
	again := func(k string) bool { // enqueued anew: the key was forgotten
		var ok bool
		update(t, db, func(tx bot.Tx) (err error) { ok, err = tx.Enqueue(keyed(k, t0)); return err })
		return ok
	}
	if n := prune(t0.Add(keep - day)); n != 0 {
		t.Errorf("a day before the retention ends, %d records pruned; want 0", n)
	}
	if n := prune(t0.Add(keep + 2*day)); n != 4 { // W01 key, escalation key, its dead letter, the W01 job
		t.Errorf("after the retention, %d records pruned; want 4", n)
	}
	var dead []bot.DeadLetter
	view(t, db, func(tx bot.Tx) (err error) { dead, err = tx.DeadLetters(time.Time{}); return err })
	if len(dead) != 0 {
		t.Errorf("dead letters after the retention: %+v", dead)
	}
	view(t, db, func(tx bot.Tx) error {
		if ran, err := tx.JobRan("digest/2020-W02", t0); err != nil || !ran {
			t.Errorf("the W02 job (inside the retention) = %v, %v; want kept", ran, err)
		}
		return nil
	})
	if again("remind/2020-W02/0/lan") || again("digest/2020-W00/lan") || again("remind/2020-W03/0/hoa") {
		t.Error("a key inside the retention, one without a time, or a pending one's was forgotten")
	}
	if !again("digest/2020-W01/lan") {
		t.Error("the W01 key past the retention was kept")
	}
	if n := prune(t0.Add(keep + 2*day + keep + day)); n < 2 {
		t.Errorf("a retention after the first prune, %d pruned; want the W02 key and the stamped key", n)
	}
	if !again("digest/2020-W00/lan") {
		t.Error("the key without a time was never pruned")
	}
	if again("remind/2020-W03/0/hoa") {
		t.Error("the key of a pending message was pruned")
	}
}

// TestPruneReopeningsAfterUntil: a reopening stays until its Until has
// passed and goes then, the others with it only when theirs has; a damaged
// record is kept for `check` to name.
func TestPruneReopeningsAfterUntil(t *testing.T) {
	db := openTest(t)
	day := 24 * time.Hour
	t0 := time.Date(2020, 9, 21, 12, 30, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		for _, r := range []bot.Reopening{
			{Period: "2020-W38", Unit: "ban-thi", By: "office", At: t0, Until: t0.Add(3 * day)},
			{Period: "2020-W38", Unit: "xuan-lac", By: "office", At: t0.Add(7 * day), Until: t0.Add(10 * day)},
		} {
			if err := tx.PutReopening(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err := db.bolt.Update(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketReopened).Put(key("2020-W37", "dong-lac"), []byte("damaged"))
	}); err != nil {
		t.Fatal(err)
	}
	prune := func(now time.Time) (n int) {
		update(t, db, func(tx bot.Tx) (err error) { n, err = tx.PruneReopenings(now); return err })
		return n
	}
	kept := func(unit string) bool {
		var err error
		view(t, db, func(tx bot.Tx) error { _, err = tx.Reopening("2020-W38", unit); return nil })
		return err == nil
	}
	if n := prune(t0.Add(3*day - time.Minute)); n != 0 || !kept("ban-thi") {
		t.Errorf("a minute before the first ends, %d pruned (ban-thi kept %v); want 0", n, kept("ban-thi"))
	}
	if n := prune(t0.Add(3*day + time.Minute)); n != 1 || kept("ban-thi") || !kept("xuan-lac") {
		t.Errorf("after the first ends, %d pruned, ban-thi kept %v, xuan-lac kept %v; want 1, false, true", n, kept("ban-thi"), kept("xuan-lac"))
	}
	if n := prune(t0.Add(365 * day)); n != 1 || kept("xuan-lac") {
		t.Errorf("a year on, %d pruned (xuan-lac kept %v); want 1, the damaged record kept", n, kept("xuan-lac"))
	}
	var raw []byte
	if err := db.bolt.View(func(btx *bolt.Tx) error {
		raw = btx.Bucket(bucketReopened).Get(key("2020-W37", "dong-lac"))
		return nil
	}); err != nil || raw == nil {
		t.Errorf("the damaged record was pruned (%v)", err)
	}
}
