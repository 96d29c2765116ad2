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
	return t.nudge(p)
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
	return t.nudge(p)
}

// nudge reminds, now, every member with a unit still to report for p (not
// those on leave; a deputy standing in for them instead). Each gets it once
// a day, keyed by (period, day, member): pressing twice sends nothing more.
func (t *turn) nudge(p Period) error {
	day := t.now.In(t.e.cfg.Area.Location).Format(time.DateOnly)
	job := fmt.Sprintf("nudge/%s/%s", p.Key, day)
	var sent []string
	late := 0
	for i := range t.e.cfg.Members {
		m, away, err := t.e.effective(t.tx, &t.e.cfg.Members[i], t.now)
		if err != nil {
			return err
		}
		if away || !m.Can(ActRemind) {
			continue
		}
		units, n, err := t.e.remindMember(t.tx, m, p, job, "nudge.text", t.now)
		if err != nil {
			return err
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
		t.say(t.p.T("nudge.none", "period", v.periodLabel(p)))
	case len(sent) == 0:
		t.say(t.p.T("nudge.already", "period", v.periodLabel(p)))
	default:
		if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "nudge",
			Detail: fmt.Sprintf("%s %d members", p.Key, len(sent))}); err != nil {
			return fmt.Errorf("bot: audit: %w", err)
		}
		t.say(t.p.T("nudge.done", "period", v.periodLabel(p), "n", len(sent), "members", strings.Join(sent, ", ")))
	}
	return nil
}
