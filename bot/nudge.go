package bot

import (
	"fmt"
	"strings"
	"time"
)

// nudgePrefix marks the escalation's "Nhắc ngay" button: "N:2020-W38"
// reminds the members late for that period. The permission is checked on
// every press, so a forged period can do no more than the command.
const nudgePrefix = "N:"

// nudgeCommand handles /nhacngay [PERIOD] (default: the last period whose
// deadline passed), the escalation's button typed.
func (t *turn) nudgeCommand(arg string) error {
	if !t.member.Can(ActNudge) {
		t.say(t.p.T("nudge.not_allowed"))
		return nil
	}
	p, _, named, err := t.e.cutPeriod(arg, t.now)
	if err != nil {
		t.say(UserMessage(t.p, err))
		return nil
	}
	if !named {
		p = t.period()
		if !t.now.After(t.e.cfg.Period.Deadline(p)) {
			p = t.e.cfg.Period.Prev(p)
		}
	}
	text, late, err := t.nudge(p)
	if err != nil {
		return err
	}
	if !late && !named && p.Key != t.period().Key {
		// Nobody late for the period that ended: the current one may be meant.
		v := t.view()
		text += "\n" + t.p.T("nudge.current", "period", v.periodLabel(t.period()),
			"command", t.p.T("cmd.nudge")+" "+v.periodArgText(t.period(), t.now))
	}
	t.say(text)
	return nil
}

// nudgeButton handles a press of the escalation's button.
func (t *turn) nudgeButton(key string) error {
	if !t.member.Can(ActNudge) {
		t.say(t.p.T("nudge.not_allowed"))
		return nil
	}
	p, err := t.e.cfg.Period.ParsePeriod(key, t.e.cfg.Area.Location)
	if err != nil || t.now.Before(p.Start) {
		t.say(t.p.T("button.stale"))
		return nil
	}
	text, _, err := t.nudge(p)
	if err == nil {
		t.say(text)
	}
	return err
}

// nudge reminds, now, every member with a unit still to report for p (not
// those on leave; a deputy standing in for them instead). Each gets it once
// a day, keyed by (period, day, member): pressing twice sends nothing more.
// It returns the reply for the sender and whether anyone was late. Before
// p's deadline the reminder says when it is due, not that it is overdue.
func (t *turn) nudge(p Period) (string, bool, error) {
	day := t.now.In(t.e.cfg.Area.Location).Format(time.DateOnly)
	job := fmt.Sprintf("nudge/%s/%s", p.Key, day)
	var sent []string
	late := 0
	key := "nudge.text"
	if !t.now.After(t.e.cfg.Period.Deadline(p)) {
		key = "nudge.text_due"
	}
	for i := range t.e.cfg.Members {
		m, away, err := t.e.effective(t.tx, &t.e.cfg.Members[i], t.now)
		if err != nil {
			return "", false, err
		}
		if away || !m.Can(ActRemind) {
			continue
		}
		units, n, err := t.e.remindMember(t.tx, m, p, job, key, t.now)
		if err != nil {
			return "", false, err
		}
		if len(units) > 0 {
			late++
		}
		if n > 0 {
			sent = append(sent, m.Name)
		}
	}
	v := t.view()
	switch {
	case late == 0:
		locked, err := t.onlyLockedMissing(p)
		if err != nil {
			return "", false, err
		}
		if locked {
			return t.p.T("nudge.locked", "period", v.periodLabel(p)), false, nil
		}
		return t.p.T("nudge.none", "period", v.periodLabel(p)), false, nil
	case len(sent) == 0:
		return t.p.T("nudge.already", "period", v.periodLabel(p)), true, nil
	default:
		if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "nudge",
			Detail: fmt.Sprintf("%s %d members", p.Key, len(sent))}); err != nil {
			return "", false, fmt.Errorf("bot: audit: %w", err)
		}
		return t.p.T("nudge.done", "period", v.periodLabel(p), "n", len(sent), "members", strings.Join(sent, ", ")), true, nil
	}
}

// onlyLockedMissing is whether p has units without a report and none of
// them may be filed any more (locked beyond the late grace, not reopened).
func (t *turn) onlyLockedMissing(p Period) (bool, error) {
	if p.Key == t.period().Key {
		return false, nil
	}
	reports, err := t.tx.PeriodReports(p.Key)
	if err != nil {
		return false, fmt.Errorf("bot: nudge: %w", err)
	}
	done := make(map[string]bool, len(reports))
	for _, r := range reports {
		done[r.Unit] = true
	}
	missing := false
	for _, u := range t.e.cfg.Units {
		if done[u.Code] {
			continue
		}
		missing = true
		a, err := t.e.access(t.tx, p, u.Code, false, t.now)
		if err != nil {
			return false, err
		}
		if a.writable() {
			return false, nil
		}
	}
	return missing, nil
}
