package bot

import (
	"errors"
	"fmt"
	"strings"
)

// A correction (a report for a unit and period that already has one) shows
// what it changes: the review marks each changed answer "12 hộ → 13 hộ" and
// says how many changed, and the saved message lists the changes.

// correctionBase is the revision the session corrects, or nil for a first
// report (or a revision no longer stored).
func (t *turn) correctionBase() (*Report, error) {
	s := t.sess
	if s.Base == 0 {
		return nil, nil
	}
	latest, err := t.tx.LatestReport(s.Period, s.Unit)
	switch {
	case err == nil && latest.Seq == s.Base: // the usual case: no one saved meanwhile
		return latest, nil
	case err != nil && !errors.Is(err, ErrNotFound):
		return nil, fmt.Errorf("bot: revision being corrected: %w", err)
	}
	base, err := t.tx.Revision(s.Period, s.Unit, s.Base) // someone saved meanwhile: read the one corrected
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("bot: revision being corrected: %w", err)
	}
	return base, nil
}

// changeCount is the review's line saying how many answers differ from base.
func (t *turn) changeCount(base *Report) string {
	n := len(t.e.cfg.Form.Diff(base.Values, t.sess.Answers))
	return t.p.T("review.changes", "n", n, "seq", base.Seq)
}

// markChange is the review's text for answer fi: shown as it is when it is
// unchanged from base (or there is no base), else the old answer, an arrow
// and shown.
func (t *turn) markChange(fi int, base *Report, shown string) string {
	if base == nil {
		return shown
	}
	f := &t.e.cfg.Form.Fields[fi]
	old, had := base.Values[f.ID]
	cur, has := t.sess.Answers[f.ID]
	if had == has && old == cur {
		return shown
	}
	return t.p.T("review.changed", "old", t.answerText(f, old, had), "new", shown)
}

// answerText writes an answer for a list of changes: the value, or that
// there was none.
func (t *turn) answerText(f *Field, val Value, ok bool) string {
	if !ok {
		return t.p.T("review.skipped")
	}
	return t.view().formatValue(f, val)
}

// changesText lists, for the saved message of a correction, each changed
// answer from prev to next (ids as Form.Diff gives them).
func (t *turn) changesText(prev *Report, next map[string]Value, ids []string) string {
	lines := []string{t.p.T("report.changes", "seq", prev.Seq)}
	for _, id := range ids {
		f, _, ok := t.e.cfg.Form.Field(id)
		if !ok {
			continue
		}
		old, had := prev.Values[id]
		cur, has := next[id]
		lines = append(lines, t.p.T("report.change_line", "field", f.Label.In(t.p.Lang()),
			"old", t.answerText(f, old, had), "new", t.answerText(f, cur, has)))
	}
	return strings.Join(lines, "\n")
}
