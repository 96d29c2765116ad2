package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"fieldbot/i18n"
)

// exportCommand answers /xuat [FROM [TO]]: for those who may export
// (ActExport), the workbook of every unit's latest report in the periods
// from FROM to TO (one period: FROM alone; none: all the data). The range
// is checked here, against the reports stored, so a bad one is told at
// once; the turn then only records the request, and the workbook is made
// after the turn commits, as /tonghop's digest is (ServeSummaries).
func (t *turn) exportCommand(arg string) error {
	if !t.e.may(t.member, ActExport) {
		text := t.p.T("export.admins_only")
		switch { // what the reader may use instead
		case t.member.Can(ActStatusOwn):
			text += " " + t.p.T("export.hint_status")
		case t.member.Can(ActSummary):
			text += " " + t.p.T("export.hint_summary")
		}
		t.say(text)
		return nil
	}
	if t.e.exporter == nil {
		t.say(t.p.T("error.internal"))
		return nil
	}
	r, ok, err := t.exportRange(arg)
	var msg *i18n.Error
	switch {
	case errors.As(err, &msg):
		t.say(msg.Render(t.p) + "\n" + t.p.T("export.usage", "example", t.exportExample()))
		return nil
	case err != nil:
		return err
	case !ok:
		t.say(t.p.T("export.usage", "example", t.exportExample()))
		return nil
	}
	req := &SummaryRequest{Chat: t.u.Chat, User: t.recipient(), Member: t.member.ID, Lang: t.p.Lang(), At: t.now,
		Export: &ExportAsk{From: r.From.Key, To: r.To.Key}}
	if err := t.tx.RequestSummary(req); err != nil {
		return fmt.Errorf("bot: export: %w", err)
	}
	return nil
}

// exportRange reads /xuat's argument and checks the range against the
// reports stored: ok is false for an argument that names no range, and a
// range that is wrong (backwards, outside the data) is an *i18n.Error.
func (t *turn) exportRange(arg string) (r ExportRange, ok bool, err error) {
	from, to, ok, err := t.exportPeriods(arg)
	if err != nil || !ok {
		return ExportRange{}, ok, err
	}
	r, err = ResolveExportRange(t.e.cfg, t.tx, from, to)
	return r, true, err
}

// exportSeparators may stand between the two periods of a range
// ("tuan 37 - tuan 38", "tuan 37 den tuan 38"), folded.
var exportSeparators = map[string]bool{"": true, "-": true, "–": true, "den": true, "to": true}

// periodKeyLike is an argument written as a period key ("2020-W38",
// "2020-09", or a wrong one such as "2020-39").
var periodKeyLike = regexp.MustCompile(`^\d{4}-[wW]?\d{1,2}$`)

// exportPeriods reads the periods of /xuat's argument in any form the other
// commands take ("tuan 37", "2020-W37", "thang 9/2020"): none (every
// period), one, or two. It returns their keys; ok is false for an argument
// that is not one of these.
func (t *turn) exportPeriods(arg string) (from, to string, ok bool, err error) {
	words := strings.Fields(arg)
	if len(words) <= 2 && !slices.ContainsFunc(words, func(w string) bool { return !periodKeyLike.MatchString(w) }) {
		switch len(words) { // keys: checked against the data by ResolveExportRange
		case 0:
			return "", "", true, nil
		case 1:
			return strings.ToUpper(words[0]), strings.ToUpper(words[0]), true, nil
		}
		return strings.ToUpper(words[0]), strings.ToUpper(words[1]), true, nil
	}
	first, rest, named, err := t.e.cutPeriod(arg, t.now)
	if err != nil || !named {
		return "", "", false, err
	}
	if exportSeparators[strings.TrimSpace(rest)] {
		return first.Key, first.Key, true, nil
	}
	last, rest, named, err := t.e.cutPeriod(rest, t.now)
	if err != nil || !named || !exportSeparators[strings.TrimSpace(rest)] {
		return "", "", false, err
	}
	return first.Key, last.Key, true, nil
}

// exportExample is a range of the configured kind ending with the current
// period, for the usage line.
func (t *turn) exportExample() string {
	p := t.e.periodAt(t.now)
	first := p
	for range 3 {
		first = t.e.cfg.Period.Prev(first)
	}
	return first.Key + " " + p.Key
}

// serveExport answers an /xuat request: the reports are collected in a
// read-only transaction, the workbook written outside any, and the reply
// queued with the request deleted in one more (answerSummary), under the
// request's key. A workbook that fails is answered with an apology; a
// storage failure leaves the request for a later pass.
func (e *Engine) serveExport(ctx context.Context, r *SummaryRequest) (int, error) {
	pr := i18n.For(r.Lang)
	out := &Outgoing{Chat: r.Chat, User: r.User, Key: r.key()}
	att, n, err := e.makeExport(ctx, r)
	switch {
	case err == nil:
		if r.Export.From == r.Export.To {
			out.Text = pr.Plural("export.done_one", n, "period", e.keyLabel(pr, r.Export.From), "n", pr.Int(int64(n)))
		} else {
			out.Text = pr.Plural("export.done", n, "from", e.keyLabel(pr, r.Export.From), "to", e.keyLabel(pr, r.Export.To), "n", pr.Int(int64(n)))
		}
		out.Attach = []Attachment{att}
	case errors.Is(err, ErrStorage) || ctx.Err() != nil:
		return 0, fmt.Errorf("bot: export %s–%s for %s: %w", r.Export.From, r.Export.To, r.Member, err)
	default:
		e.log.Error("export failed: answered with an apology", "member", r.Member, "from", r.Export.From, "to", r.Export.To, "err", err)
		out.Text = pr.T("error.internal")
	}
	return e.answerSummary(ctx, r, pr, out)
}

// makeExport collects and writes the workbook of r, with a panic turned
// into an error, and says how many reports it holds.
func (e *Engine) makeExport(ctx context.Context, r *SummaryRequest) (Attachment, int, error) {
	if e.exporter == nil { // recorded by a run that had one
		return Attachment{}, 0, errors.New("no exporter")
	}
	var (
		data ExportData
		n    int
	)
	err := e.store.View(ctx, func(tx Tx) error {
		return recovered(func() error {
			from, err := e.cfg.Period.ParsePeriod(r.Export.From, e.cfg.Area.Location)
			if err != nil {
				return err
			}
			to, err := e.cfg.Period.ParsePeriod(r.Export.To, e.cfg.Area.Location)
			if err != nil {
				return err
			}
			data, n, err = e.exporter.Collect(tx, ExportRange{From: from, To: to})
			return err
		})
	})
	if err != nil {
		return Attachment{}, 0, fmt.Errorf("collect: %w", err)
	}
	var att Attachment
	if err := recovered(func() error {
		var err error
		att, err = e.exporter.Workbook(data, r.Lang)
		return err
	}); err != nil {
		return Attachment{}, 0, fmt.Errorf("workbook: %w", err)
	}
	return att, n, nil
}

// keyLabel names the period of key for the reader as every other message
// does ("tuần 38 (14/09–20/09/2020)"), or gives the key when it is none.
func (e *Engine) keyLabel(pr *i18n.Printer, key string) string {
	p, err := e.cfg.Period.ParsePeriod(key, e.cfg.Area.Location)
	if err != nil {
		return key
	}
	return view{cfg: e.cfg, p: pr, loc: e.cfg.Area.Location}.periodLabel(p)
}
