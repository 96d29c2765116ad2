package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
)

// batchRun is what one Batch call saw: the bbolt transaction it ran in,
// how many times it ran, and what it returned or how it panicked.
type batchRun struct {
	txs      []int
	err      error
	panicked any
}

// queued waits until n calls wait in db's Batch queue.
func queued(t *testing.T, db *DB, n int) {
	t.Helper()
	for range 2000 {
		db.batch.mu.Lock()
		got := len(db.batch.queue)
		db.batch.mu.Unlock()
		if got == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%d calls never queued", n)
}

// groupAfterLeader runs a first Batch call that holds its transaction until
// the others (fns) are queued behind it, then lets it commit, and returns
// what each of fns saw.
func groupAfterLeader(t *testing.T, db *DB, fns ...func(bot.Tx) error) []*batchRun {
	t.Helper()
	hold, held := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		err := db.Batch(context.Background(), func(tx bot.Tx) error {
			close(held)
			<-hold
			return tx.PutSession(&bot.Session{Chat: bot.ChatRef{Channel: "test", ChatID: "leader"}, Step: "s"})
		})
		if err != nil {
			t.Errorf("leader: %v", err)
		}
	})
	<-held
	runs := make([]*batchRun, len(fns))
	var mu sync.Mutex
	for i, fn := range fns {
		runs[i] = &batchRun{}
		r := runs[i]
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					r.panicked = p
				}
			}()
			r.err = db.Batch(context.Background(), func(tx bot.Tx) error {
				mu.Lock()
				r.txs = append(r.txs, tx.(*txn).btx.ID())
				mu.Unlock()
				return fn(tx)
			})
		})
		queued(t, db, i+1) // in this order
	}
	close(hold)
	wg.Wait()
	return runs
}

// txn is the store's transaction type, named for the tests.
type txn = tx

func putChat(id string) func(bot.Tx) error {
	return func(tx bot.Tx) error {
		return tx.PutSession(&bot.Session{Chat: bot.ChatRef{Channel: "test", ChatID: id}, Step: "s"})
	}
}

func hasChat(t *testing.T, db *DB, id string) bool {
	t.Helper()
	found := false
	view(t, db, func(tx bot.Tx) error {
		_, err := tx.Session(bot.ChatRef{Channel: "test", ChatID: id})
		found = err == nil
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			return err
		}
		return nil
	})
	return found
}

// Calls that queue behind a commit are committed together, in one
// transaction, in the order they came.
func TestBatchCommitsWaitingCallsTogether(t *testing.T) {
	db := openTest(t)
	var fns []func(bot.Tx) error
	for i := range 5 {
		fns = append(fns, putChat(fmt.Sprint(i)))
	}
	runs := groupAfterLeader(t, db, fns...)
	for i, r := range runs {
		if r.err != nil || len(r.txs) != 1 {
			t.Fatalf("call %d: err %v, ran in transactions %v", i, r.err, r.txs)
		}
		if r.txs[0] != runs[0].txs[0] {
			t.Errorf("call %d ran in transaction %d, call 0 in %d: not one group", i, r.txs[0], runs[0].txs[0])
		}
		if !hasChat(t, db, fmt.Sprint(i)) {
			t.Errorf("call %d: not committed", i)
		}
	}
}

// A function that fails in a group takes nothing of its own with it and
// gets its error back; the others run again alone and are committed.
func TestBatchFailureRunsEachAlone(t *testing.T) {
	db := openTest(t)
	bad := errors.New("bad input")
	runs := groupAfterLeader(t, db, putChat("a"), func(tx bot.Tx) error {
		if err := putChat("b")(tx); err != nil {
			return err
		}
		return bad
	}, putChat("c"))
	if !errors.Is(runs[1].err, bad) || runs[1].err != bad {
		t.Errorf("the failing call got %v, want its own error as it is", runs[1].err)
	}
	// a ran in the group, then alone; c, after the failure, only alone.
	for i, id := range []string{"a", "c"} {
		if r := runs[2*i]; r.err != nil || len(r.txs) != 2-i {
			t.Errorf("call %s: err %v, ran %d times, want %d", id, r.err, len(r.txs), 2-i)
		}
		if !hasChat(t, db, id) {
			t.Errorf("call %s: not committed", id)
		}
	}
	if hasChat(t, db, "b") {
		t.Error("the failing call's change was committed")
	}
}

// A panic in a group's function is raised again in its own caller's
// goroutine, as Update would, not in the leader's; the others commit.
func TestBatchPanicStaysWithItsCaller(t *testing.T) {
	db := openTest(t)
	runs := groupAfterLeader(t, db, putChat("a"), func(tx bot.Tx) error { panic("broken form") }, putChat("c"))
	if runs[1].panicked != "broken form" {
		t.Errorf("the panicking call recovered %v, want its own panic", runs[1].panicked)
	}
	for _, i := range []int{0, 2} {
		if runs[i].err != nil || runs[i].panicked != nil {
			t.Errorf("call %d: err %v, panic %v", i, runs[i].err, runs[i].panicked)
		}
	}
	if !hasChat(t, db, "a") || !hasChat(t, db, "c") || !hasChat(t, db, "leader") {
		t.Error("a call that did not panic was not committed")
	}
}

// A Batch call with nothing under way is a transaction of its own, and one
// whose context has ended does not run.
func TestBatchAloneAndCancelled(t *testing.T) {
	db := openTest(t)
	if err := db.Batch(context.Background(), putChat("x")); err != nil || !hasChat(t, db, "x") {
		t.Fatalf("Batch alone: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := db.Batch(ctx, func(bot.Tx) error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("cancelled Batch: err %v, ran %v", err, ran)
	}
}

// A group whose commit fails (the file may not grow: a full disk, as far
// as bbolt can tell) commits nothing, and each caller gets a storage error
// of its own, so the input is not consumed; once the file may grow, the
// same calls commit.
func TestBatchFailedCommitIsAStorageErrorForEach(t *testing.T) {
	db := openTest(t)
	big := func(id string) func(bot.Tx) error {
		return func(tx bot.Tx) error {
			return tx.PutSession(&bot.Session{Chat: bot.ChatRef{Channel: "test", ChatID: id}, Step: "s",
				Quick: strings.Repeat("x", 1<<20)})
		}
	}
	db.bolt.MaxSize = 1 << 20 // a fresh file is smaller; any of the three needs more
	runs := groupAfterLeader(t, db, big("a"), big("b"), big("c"))
	for i, r := range runs {
		if !errors.Is(r.err, bot.ErrStorage) {
			t.Errorf("call %d: %v, want a storage error", i, r.err)
		}
	}
	for _, id := range []string{"a", "b", "c"} {
		if hasChat(t, db, id) {
			t.Errorf("%s committed although its commit failed", id)
		}
	}
	db.bolt.MaxSize = 0
	for _, id := range []string{"a", "b", "c"} {
		if err := db.Batch(context.Background(), big(id)); err != nil || !hasChat(t, db, id) {
			t.Errorf("%s once the file may grow: %v", id, err)
		}
	}
}
