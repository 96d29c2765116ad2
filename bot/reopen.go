package bot

import (
	"fmt"
	"time"
)

// reopenFor is how long a reopening lasts when its revision is not saved.
const reopenFor = 3 * 24 * time.Hour

// reopenCommand handles /molai UNIT [PERIOD]: an admin lets one unit's
// report for a locked period (default: the last one) be saved once more,
// within reopenFor. It is audited, and the unit's members are told.
func (t *turn) reopenCommand(arg string) error {
	if !t.member.Can(ActReopen) {
		t.say(t.p.T("reopen.not_allowed"))
		return nil
	}
	last := t.e.cfg.Period.Prev(t.period())
	usage := t.p.T("reopen.usage", "example", t.p.T("cmd.reopen")+" "+t.historyUnitExample()+" "+t.view().periodArgText(last, t.now))
	unit, p, named, err := t.unitPeriodArg(arg)
	if err != nil {
		t.say(UserMessage(t.p, err))
		return nil
	}
	if !named {
		p = last
	}
	if unit == "" {
		t.say(usage)
		return nil
	}
	code := t.e.cfg.unitByKey(unit)
	if code == "" {
		t.say(t.p.T("history.unit_unknown", "unit", unit) + "\n" + usage)
		return nil
	}
	v, close := t.view(), t.e.cfg.Period.Close(p)
	if t.now.Before(close) {
		t.say(t.p.T("reopen.still_open", "unit", v.unitName(code), "period", v.periodLabel(p), "close", v.dateTime(close)))
		return nil
	}
	r := Reopening{Period: p.Key, Unit: code, By: t.member.ID, At: t.now, Until: t.now.Add(reopenFor)}
	if err := t.tx.PutReopening(r); err != nil {
		return fmt.Errorf("bot: reopen: %w", err)
	}
	if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "reopen",
		Detail: fmt.Sprintf("%s/%s until %s", p.Key, code, r.Until.UTC().Format(time.RFC3339))}); err != nil {
		return fmt.Errorf("bot: audit: %w", err)
	}
	told := 0
	for i := range t.e.cfg.Members {
		m := &t.e.cfg.Members[i]
		if !m.Assigned(code) && t.e.deputyOf(code) != m.ID || !m.Role.Can(ActReport) {
			continue
		}
		mv := t.e.view(t.tx, t.e.printer(t.tx, m))
		text := mv.p.T("reopen.notice", "unit", mv.unitName(code), "period", mv.periodLabel(p),
			"until", mv.dateTime(r.Until), "command", mv.periodCommand(p, t.now))
		n, err := t.e.enqueueTo(t.tx, m, fmt.Sprintf("reopen/%s/%s/%d", p.Key, code, t.now.Unix()), t.now,
			func() *Outgoing { return &Outgoing{Text: text} })
		if err != nil {
			return err
		}
		told += n
	}
	t.say(t.p.T("reopen.done", "unit", v.unitName(code), "period", v.periodLabel(p), "until", v.dateTime(r.Until), "told", told))
	return nil
}

// deputyOf is the deputy of unit ("" for none).
func (e *Engine) deputyOf(unit string) string {
	if u, ok := e.cfg.Unit(unit); ok {
		return u.Deputy
	}
	return ""
}

// reopenForReturn reopens unit's report for period, when it is locked, so
// that the member can correct the report being returned (a return of a
// report nobody may correct would lead nowhere); audited as a reopening
// by the reviewer. An open period needs nothing.
func (t *turn) reopenForReturn(period, unit string) error {
	p, err := t.e.cfg.Period.ParsePeriod(period, t.e.cfg.Area.Location)
	if err != nil {
		return fmt.Errorf("bot: reopen for return: %w", err)
	}
	if a, err := t.e.access(t.tx, p, unit, true, t.now); err != nil || a != accessLocked {
		return err
	}
	r := Reopening{Period: p.Key, Unit: unit, By: t.member.ID, At: t.now, Until: t.now.Add(reopenFor)}
	if err := t.tx.PutReopening(r); err != nil {
		return fmt.Errorf("bot: reopen for return: %w", err)
	}
	if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "reopen",
		Detail: fmt.Sprintf("%s/%s until %s (returned)", p.Key, unit, r.Until.UTC().Format(time.RFC3339))}); err != nil {
		return fmt.Errorf("bot: audit: %w", err)
	}
	return nil
}
