package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fieldbot/i18n"
)

// SummaryRequest is a /tonghop recorded by the turn that read it, in the
// turn's transaction, and answered after that transaction commits (see
// Engine.ServeSummaries): building and rendering the digest then holds no
// write transaction.
type SummaryRequest struct {
	ID     uint64    `json:"-"` // set by the store; the reply's key is made of it
	Chat   ChatRef   `json:"chat"`
	User   string    `json:"user,omitempty"` // the account the reply is for
	Member string    `json:"member"`
	Lang   i18n.Lang `json:"lang"`
	At     time.Time `json:"at"` // when it was asked: its period
	// Export, when set, makes this an /xuat: the reply is the export
	// workbook of these periods instead of the digest.
	Export *ExportAsk `json:"export,omitempty"`
}

// ExportAsk is the range of an /xuat request, as period keys.
type ExportAsk struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// key is the outbox key of the request's reply: the same however often a
// crash makes the request be served again.
func (r *SummaryRequest) key() string { return "summary/" + strconv.FormatUint(r.ID, 10) }

// DefaultSummaryNotice is how long a /tonghop may take before the member is
// told it is on its way (Options.SummaryNotice).
const DefaultSummaryNotice = time.Second

// summaryRetry is how often the worker (StartSummaries) looks for requests left waiting
// (a storage failure) when nothing wakes it.
const summaryRetry = time.Minute

// summaries is the engine's state for serving /tonghop requests.
type summaries struct {
	mu     sync.Mutex    // one pass at a time
	worker atomic.Int32  // workers started (StartSummaries): Handle only wakes them
	wake   chan struct{} // buffered 1
	notice time.Duration // <0: never
}

// committed is called after Handle committed updates: the requests they
// recorded are served by the worker when one runs (woken here), otherwise
// at once, after the commit, before Handle returns (tests, the console).
func (e *Engine) committed(ctx context.Context) {
	if e.digester == nil && e.exporter == nil {
		return
	}
	if e.sum.worker.Load() > 0 {
		select {
		case e.sum.wake <- struct{}{}:
		default:
		}
		return
	}
	if _, err := e.ServeSummaries(ctx, nil); err != nil && ctx.Err() == nil {
		e.log.Error("answering /tonghop", "err", err)
	}
}

// StartSummaries starts the worker that answers /tonghop requests until
// ctx ends: those left by an earlier run at once, then each batch's as
// Handle commits it (it wakes the worker instead of answering itself), and
// every summaryRetry those a storage failure kept waiting. sent is called
// after messages were queued. The returned function waits for the worker to
// end.
//
// The worker counts from the moment StartSummaries returns, not from when
// its goroutine first runs: a /tonghop handled in between would otherwise
// be rendered by the Handle that recorded it, holding up that channel's
// intake for the whole render, with no notice.
func (e *Engine) StartSummaries(ctx context.Context, sent func()) (wait func()) {
	e.sum.worker.Add(1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer e.sum.worker.Add(-1)
		e.runSummaries(ctx, sent)
	}()
	return func() { <-done }
}

// runSummaries is the worker's loop (StartSummaries).
func (e *Engine) runSummaries(ctx context.Context, sent func()) {
	tick := time.NewTicker(summaryRetry)
	defer tick.Stop()
	for {
		n, err := e.ServeSummaries(ctx, sent)
		if err != nil && ctx.Err() == nil {
			e.log.Error("answering /tonghop", "err", err)
		}
		if n > 0 && sent != nil {
			sent()
		}
		select {
		case <-ctx.Done():
			return
		case <-e.sum.wake:
		case <-tick.C:
		}
	}
}

// ServeSummaries answers every recorded /tonghop request and returns how
// many replies it queued. Each is built in a read-only transaction and
// rendered outside any; a second transaction deletes the request and
// queues the reply under the request's key, so a crash in between answers
// it once, at the next pass. A request whose digest fails (an error or a
// panic) is answered with an apology; a storage failure leaves it for a
// later pass and is returned. With sent set, a member whose reply takes
// longer than Options.SummaryNotice is told it is coming, and sent is
// called after that notice is queued.
func (e *Engine) ServeSummaries(ctx context.Context, sent func()) (int, error) {
	if e.digester == nil && e.exporter == nil {
		return 0, nil
	}
	e.sum.mu.Lock()
	defer e.sum.mu.Unlock()
	var reqs []SummaryRequest
	var damaged error
	if err := e.store.View(ctx, func(tx Tx) error {
		reqs, damaged = tx.SummaryRequests()
		if len(reqs) == 0 {
			return damaged
		}
		return nil
	}); err != nil {
		return 0, fmt.Errorf("bot: summary requests: %w", err)
	}
	if damaged != nil { // the others are answered all the same
		e.log.Error("a /tonghop request that cannot be read is left unanswered", "err", damaged)
	}
	n := 0
	for i := range reqs {
		k, err := e.serveSummary(ctx, &reqs[i], sent)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// serveSummary answers one request.
func (e *Engine) serveSummary(ctx context.Context, r *SummaryRequest, sent func()) (int, error) {
	if r.Export != nil {
		return e.serveExport(ctx, r)
	}
	p := e.periodAt(r.At)
	pr := i18n.For(r.Lang)
	out := &Outgoing{Chat: r.Chat, User: r.User, Key: r.key()}
	if e.digester == nil { // recorded by a run that had one
		out.Text = pr.T("error.internal")
		return e.answerSummary(ctx, r, pr, out)
	}
	msg, err := e.makeSummary(ctx, r, p, sent)
	switch {
	case err == nil:
		out.Text, out.Attach = pr.T("summary.so_far")+"\n\n"+msg.Text, msg.Attach
	case errors.Is(err, ErrStorage) || ctx.Err() != nil:
		return 0, fmt.Errorf("bot: summary %s for %s: %w", p.Key, r.Member, err)
	default:
		e.log.Error("summary failed: answered with an apology", "member", r.Member, "period", p.Key, "err", err)
		out.Text = pr.T("error.internal")
	}
	return e.answerSummary(ctx, r, pr, out)
}

// makeSummary builds the digest in a read-only transaction and renders it
// outside any, with a panic turned into an error. With sent set, a render
// still running after the notice delay tells the member it is coming.
func (e *Engine) makeSummary(ctx context.Context, r *SummaryRequest, p Period, sent func()) (DigestMessage, error) {
	start := e.clock.Now()
	var data DigestData
	err := e.store.View(ctx, func(tx Tx) error {
		return recovered(func() error {
			var err error
			data, err = e.digester.Build(tx, p, e.clock.Now())
			return err
		})
	})
	if err != nil {
		return DigestMessage{}, fmt.Errorf("build: %w", err)
	}
	var msg DigestMessage
	done := make(chan error, 1)
	go func() {
		done <- recovered(func() error {
			msgs, err := e.digester.Render(data, []i18n.Lang{r.Lang})
			if err != nil {
				return err
			}
			m, ok := msgs[r.Lang]
			if !ok {
				return fmt.Errorf("no %s version", r.Lang)
			}
			msg = m
			return nil
		})
	}()
	var wait <-chan time.Time
	if sent != nil && e.sum.notice >= 0 {
		t := time.NewTimer(e.sum.notice)
		defer t.Stop()
		wait = t.C
	}
	select {
	case err = <-done:
	case <-wait:
		e.summaryNotice(ctx, r, sent)
		err = <-done
	}
	if err != nil {
		return DigestMessage{}, fmt.Errorf("render: %w", err)
	}
	e.obs.DigestBuilt(e.clock.Now().Sub(start))
	return msg, nil
}

// summaryNotice queues "on its way" for a request still waiting, under a
// key of its own (so a request served again after a crash says it once).
func (e *Engine) summaryNotice(ctx context.Context, r *SummaryRequest, sent func()) {
	pr := i18n.For(r.Lang)
	added := false
	err := e.store.Update(ctx, func(tx Tx) error {
		added = false
		reqs, damaged := tx.SummaryRequests() // a damaged other request is no matter here
		for _, q := range reqs {
			if q.ID == r.ID {
				var err error
				added, err = tx.Enqueue(&Outgoing{Chat: r.Chat, User: r.User, Key: r.key() + "/wait",
					Text: pr.T("summary.working"), Created: e.clock.Now()})
				return err
			}
		}
		if len(reqs) == 0 {
			return damaged
		}
		return nil // answered meanwhile
	})
	if err != nil {
		e.log.Warn("cannot tell a member the summary is coming", "member", r.Member, "err", err)
		return
	}
	if added {
		sent()
	}
}

// answerSummary deletes the request and queues its reply in one
// transaction; a request already gone was answered by another pass.
func (e *Engine) answerSummary(ctx context.Context, r *SummaryRequest, pr *i18n.Printer, out *Outgoing) (int, error) {
	n := 0
	err := e.store.Update(ctx, func(tx Tx) error {
		n = 0
		there, err := tx.DeleteSummaryRequest(r.ID)
		if err != nil || !there {
			return err
		}
		o := *out
		o.Created = e.clock.Now()
		o.Attach = append([]Attachment(nil), out.Attach...)
		if err := e.shapeFiles(tx, &o, pr, r.Chat.Channel+"/"+r.User, o.Created); err != nil {
			return err
		}
		added, err := tx.Enqueue(&o)
		if added {
			n = 1
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("bot: answer summary %d: %w", r.ID, err)
	}
	return n, nil
}

// recovered runs fn with a panic turned into an error.
func recovered(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return fn()
}
