package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fieldbot/i18n"
)

// A period's reports are due at its deadline; after it they can still be
// filed and corrected until the period closes (PeriodSpec.Close: by
// default as the period ends). Then the period is locked: a report saved
// can no longer be corrected, unless an admin reopens the unit (/molai),
// and a missing one may still be filed within the late grace
// (PeriodSpec.LateGrace periods back). A report first filed after the
// deadline is marked Late, and so are its corrections.

// access is what may be done with one unit's report for a period.
type access int

const (
	accessOpen     access = iota // before the close: filed or corrected
	accessLate                   // locked, none filed, within the grace: may be filed, late
	accessReopened               // locked, reopened by an admin for one revision
	accessLocked                 // locked
	accessFuture                 // not begun
)

// writable reports whether a report may be saved under a.
func (a access) writable() bool { return a == accessOpen || a == accessLate || a == accessReopened }

// access says what may be done at now with unit's report for p, which has
// a saved revision when reported.
func (e *Engine) access(tx ClosingTx, p Period, unit string, reported bool, now time.Time) (access, error) {
	spec := e.cfg.Period
	switch {
	case now.Before(p.Start):
		return accessFuture, nil
	case now.Before(spec.Close(p)):
		return accessOpen, nil
	}
	r, err := tx.Reopening(p.Key, unit)
	switch {
	case err == nil && now.Before(r.Until):
		return accessReopened, nil
	case err != nil && !errors.Is(err, ErrNotFound):
		return accessLocked, fmt.Errorf("bot: reopening of %s/%s: %w", p.Key, unit, err)
	}
	if !reported && e.withinGrace(p, now) {
		return accessLate, nil
	}
	return accessLocked, nil
}

// withinGrace reports whether p is one of the LateGrace periods before
// now's period.
func (e *Engine) withinGrace(p Period, now time.Time) bool {
	cur := e.periodAt(now)
	oldest := cur
	for range e.cfg.Period.LateGrace {
		oldest = e.cfg.Period.Prev(oldest)
	}
	return p.Key < cur.Key && p.Key >= oldest.Key
}

// isLate reports whether a revision saved at now for p is late: the first
// one after the deadline, or a correction of a late one.
func (e *Engine) isLate(p Period, prev *Report, now time.Time) bool {
	if prev != nil {
		return prev.Late
	}
	return now.After(e.cfg.Period.Deadline(p))
}

// reportPeriod is the period the turn's report is for: the one named in
// the command (/baocao tuan 37), or the current one.
func (t *turn) reportPeriod() Period {
	if t.want != nil {
		return *t.want
	}
	return t.period()
}

// periodArg matches a period named in a command, folded: "tuan 37",
// "week 37/2020", "thang 8", "2020-w37", "2020-08".
var periodArg = regexp.MustCompile(`(?:^|\s)(?:(tuan|week|thang|month)\s*(\d{1,2})(?:\s*/\s*(\d{4}))?|(\d{4})-(w?)(\d{2}))(?:\s|$)`)

// errPeriodArg is a period named in a form that cannot be read.
var errPeriodArg = errors.New("bot: period argument")

// cutPeriod finds a period named in arg; it returns the period, the rest
// of arg (folded) and whether one was named. A week in a monthly
// configuration (or the reverse), a week or month that does not exist, or
// one not begun yet is an *i18n.Error for the member.
func (e *Engine) cutPeriod(arg string, now time.Time) (Period, string, bool, error) {
	folded := i18n.Fold(arg)
	m := periodArg.FindStringSubmatchIndex(folded)
	if m == nil {
		return Period{}, arg, false, nil
	}
	rest := strings.TrimSpace(folded[:m[0]] + " " + folded[m[1]:])
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return folded[m[2*i]:m[2*i+1]]
	}
	weekly := sub(1) == "tuan" || sub(1) == "week" || sub(5) == "w"
	n, _ := strconv.Atoi(sub(2) + sub(6))
	year := sub(3) + sub(4)
	spec, loc := e.cfg.Period, e.cfg.Area.Location
	named := strings.TrimSpace(folded[m[0]:m[1]])
	if weekly != (spec.Kind != Monthly) {
		key := "report.period_weekly"
		if spec.Kind == Monthly {
			key = "report.period_monthly"
		}
		return Period{}, rest, true, i18n.Errorf(key, "period", named)
	}
	cur := e.periodAt(now)
	years := []int{cur.Start.Year(), cur.Start.Year() - 1}
	if y, err := strconv.Atoi(year); err == nil {
		years = []int{y}
	}
	var p Period
	err := errPeriodArg
	for _, y := range years {
		key := fmt.Sprintf("%04d-W%02d", y, n)
		if !weekly {
			key = fmt.Sprintf("%04d-%02d", y, n)
		}
		// Without a year, a period more than half a year ahead is last
		// year's ("tuan 52" in January); a nearer one is simply not begun.
		if p, err = spec.ParsePeriod(key, loc); err == nil && p.Start.Before(now.AddDate(0, 6, 0)) {
			break
		}
	}
	switch {
	case err != nil && !weekly:
		return Period{}, rest, true, i18n.Errorf("report.period_unknown_month", "period", named)
	case err != nil:
		return Period{}, rest, true, i18n.Errorf("report.period_unknown", "period", named)
	case now.Before(p.Start):
		return Period{}, rest, true, i18n.Errorf("report.period_future", "period", named)
	}
	return p, rest, true, nil
}

// periodCommand is the command that opens p's report: "/baocao tuan 37".
func (v view) periodCommand(p Period, now time.Time) string {
	arg := v.periodArgText(p, now)
	return v.p.T("cmd.report") + " " + arg
}

// periodArgText names p as a command argument: "tuan 37", "week 37/2019".
func (v view) periodArgText(p Period, now time.Time) string {
	var s string
	cur := v.cfg.Period.PeriodAt(now, v.loc)
	y, w := p.Start.ISOWeek()
	cy, _ := cur.Start.ISOWeek()
	if v.cfg.Period.Kind == Monthly {
		y, w, cy = p.Start.Year(), int(p.Start.Month()), cur.Start.Year()
		s = v.p.T("period.arg_month", "n", w)
	} else {
		s = v.p.T("period.arg_week", "n", w)
	}
	if cy != y {
		s += "/" + strconv.Itoa(y)
	}
	return s
}

// pastOffers are the buttons of the unit list for the earlier periods the
// member may still report on: before their close, or with a missing
// report within the late grace, or reopened.
func (t *turn) pastOffers() ([]Button, error) {
	spec, v := t.e.cfg.Period, t.view()
	back := max(spec.LateGrace, 1)
	var bs []Button
	p := t.period()
	for range back {
		p = spec.Prev(p)
		open := false
		for _, code := range t.member.Units {
			_, err := t.tx.LatestReport(p.Key, code)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return nil, fmt.Errorf("bot: past reports: %w", err)
			}
			a, err := t.e.access(t.tx, p, code, err == nil, t.now)
			if err != nil {
				return nil, err
			}
			if a.writable() {
				open = true
				break
			}
		}
		if open {
			bs = append(bs, Button{Command: v.periodCommand(p, t.now),
				Label: t.p.T("button.past_period", "period", v.periodShort(p)), Data: t.sess.payload(periodCode + p.Key)})
		}
	}
	return bs, nil
}

// periodCode starts a unit list's button payload that moves the list to
// another period ("P2020-W37", after the nonce).
const periodCode = "P"

// choosePeriod handles a past period's button on the unit list.
func (t *turn) choosePeriod(key string) error {
	p, err := t.e.cfg.Period.ParsePeriod(key, t.e.cfg.Area.Location)
	if err != nil || !t.now.After(p.End) {
		t.say(t.p.T("button.stale"))
		t.reask()
		return nil
	}
	t.want, t.sess = &p, nil
	return t.startReport()
}

// periodShort names a period briefly, for a button: "tuần 37", "tháng 08/2020".
func (v view) periodShort(p Period) string {
	if v.cfg.Period.Kind == Monthly {
		return v.p.T("period.month", "month", p.Start.Format("01/2006"))
	}
	_, w := p.Start.ISOWeek()
	return v.p.T("period.week_short", "week", w)
}

// unitAccess is what the member may do now with the session's period's
// report of code.
func (t *turn) unitAccess(code string) (access, bool, error) {
	p, err := t.e.cfg.Period.ParsePeriod(t.sess.Period, t.e.cfg.Area.Location)
	if err != nil {
		return accessLocked, false, err
	}
	_, err = t.tx.LatestReport(p.Key, code)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return accessLocked, false, fmt.Errorf("bot: unit status: %w", err)
	}
	reported := err == nil
	a, err := t.e.access(t.tx, p, code, reported, t.now)
	return a, reported, err
}

// reportLockedText says that unit's report for p is locked, and what can be done.
func (t *turn) reportLockedText(p Period, unit string, reported bool) string {
	v := t.view()
	if !reported {
		return t.p.T("report.too_late", "unit", v.unitName(unit), "period", v.periodLabel(p))
	}
	return t.p.T("report.locked", "unit", v.unitName(unit), "period", v.periodLabel(p),
		"close", v.dateTime(t.e.cfg.Period.Close(p)))
}

// periodNote is the line under a past period's unit list: until when its
// reports may be corrected, and that a report filed now is late; late is
// false for a unit whose report was filed on time (its correction is not
// late).
func (t *turn) periodNote(p Period, late bool) string {
	v := t.view()
	var lines []string
	if t.now.Before(t.e.cfg.Period.Close(p)) {
		lines = append(lines, t.p.T("report.open_until", "close", v.dateTime(t.e.cfg.Period.Close(p))))
	}
	if late && t.now.After(t.e.cfg.Period.Deadline(p)) {
		lines = append(lines, t.p.T("report.late_note"))
	}
	return strings.Join(lines, "\n")
}

// sayPeriod names the earlier period a report opened without a unit list
// is for, with its note (until when, late).
func (t *turn) sayPeriod(p Period, unit string) {
	v := t.view()
	text := t.p.T("report.for_period", "period", v.periodLabel(p), "unit", v.unitName(unit))
	// A correction is late only when the unit's first report was.
	r, err := t.tx.LatestReport(p.Key, unit)
	late := err != nil || r.Late
	if note := t.periodNote(p, late); note != "" {
		text += "\n" + note
	}
	t.say(text)
}
