package bot

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// tellFiler sends the member who filed r what became of it: approved, or
// returned with the reason and a button that opens the correction (the
// report flow on that unit, pre-filled with the stored answers). It reports
// whether a message was enqueued (false: the member has no chat, or left
// the roster). The message is keyed by the report and the number of the
// state change (change), so each change is told once.
func (e *Engine) tellFiler(tx Tx, r *Report, change int, state ReportState, reason string, by *Member, now time.Time) (bool, error) {
	m, ok := e.cfg.Member(r.Member)
	if !ok {
		return false, nil
	}
	v := e.view(tx, e.printer(tx, m))
	per, err := e.cfg.Period.ParsePeriod(r.Period, e.cfg.Area.Location)
	if err != nil {
		return false, fmt.Errorf("bot: review notice: %w", err)
	}
	var text string
	var bs []Button
	switch state {
	case StateApproved:
		text = v.p.T("review.notice_approved", "unit", v.unitName(r.Unit), "period", v.periodLabel(per), "seq", r.Seq, "by", by.Name)
	case StateReturned:
		text = v.p.T("review.notice_returned", "unit", v.unitName(r.Unit), "period", v.periodLabel(per), "seq", r.Seq,
			"by", by.Name, "reason", reason)
		n := 0
		for i, c := range m.Units {
			if c == r.Unit {
				n = i + 1
			}
		}
		cur := e.cfg.Period.PeriodAt(now, e.cfg.Area.Location)
		if n > 0 && cur.Key == r.Period && m.Can(ActReport) {
			// The reminder's button: the member's n-th unit, this period,
			// opens on the review screen with the stored answers.
			text += "\n" + v.p.T("review.notice_correct", "command", v.p.T("cmd.report")+" "+strconv.Itoa(n))
			bs = append(bs, Button{Command: v.p.T("cmd.report") + " " + strconv.Itoa(n),
				Label: v.p.T("review.button_correct", "unit", v.unitName(r.Unit)), Data: remindPrefix + strconv.Itoa(n)})
		} else if n > 0 && m.Can(ActReport) {
			// An earlier period, open (before its close) or reopened for the
			// return: the button names it.
			a, err := e.access(tx, per, r.Unit, true, now)
			if err != nil {
				return false, err
			}
			if a.writable() {
				cmd := v.periodCommand(per, now) + " " + strconv.Itoa(n)
				text += "\n" + v.p.T("review.notice_correct", "command", cmd)
				bs = append(bs, Button{Command: cmd, Label: v.p.T("review.button_correct", "unit", v.unitName(r.Unit)),
					Data: remindPrefix + strconv.Itoa(n) + periodSep + per.Key})
			}
		}
	default:
		return false, nil
	}
	job := fmt.Sprintf("review/%s/%s/%d", r.Period, r.Unit, change)
	sent, err := e.enqueueTo(tx, m, job, now, func() *Outgoing { return &Outgoing{Text: text, Buttons: bs} })
	return sent > 0, err
}

// tellReviewer tells whoever returned a report that its correction r came
// in (approval on, and the last state change a return of an earlier
// revision), so the loop of return and correct closes; it is keyed by the
// revision, so it is sent once.
func (e *Engine) tellReviewer(tx Tx, r *Report, now time.Time) error {
	if !e.cfg.Review.Approval {
		return nil
	}
	rec, err := tx.Review(r.Period, r.Unit)
	if errors.Is(err, ErrNotFound) {
		return nil
	} else if err != nil {
		return fmt.Errorf("bot: review state: %w", err)
	}
	c, ok := rec.Last()
	if !ok || c.State != StateReturned || c.Seq >= r.Seq {
		return nil
	}
	m, ok := e.cfg.Member(c.By)
	if !ok || !m.Can(ActReview) {
		return nil
	}
	v := e.view(tx, e.printer(tx, m))
	who := r.Member
	if f, ok := e.cfg.Member(r.Member); ok {
		who = f.Name
	}
	text := v.p.T("review.notice_corrected", "unit", v.unitName(r.Unit), "member", who, "seq", r.Seq,
		"command", v.p.T("cmd.review")+" "+r.Unit+" "+r.Period)
	_, err = e.enqueueTo(tx, m, fmt.Sprintf("review/%s/%s/corrected/%d", r.Period, r.Unit, r.Seq), now,
		func() *Outgoing { return &Outgoing{Text: text} })
	return err
}
