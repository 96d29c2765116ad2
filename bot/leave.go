package bot

import (
	"fmt"
	"strings"
	"time"

	"fieldbot/i18n"
)

// maxLeaveDays bounds a leave set with /nghi: longer absences are a roster
// change for the office, not a pause.
const maxLeaveDays = 60

// leaveCommand handles /nghi FROM-TO (a member's leave: reminders pause and
// a unit's deputy may report), /nghi huy (cancel it) and /nghi (show it).
// The office (who may manage the roster: ActInvite) may name another
// member first: /nghi tran-thi-lan 01/10-05/10.
func (t *turn) leaveCommand(arg string) error {
	target := t.member
	if first, rest, _ := strings.Cut(strings.TrimSpace(arg), " "); first != "" {
		if m, ok := t.e.cfg.Member(first); ok && m.ID != t.member.ID {
			if !t.member.Can(ActInvite) {
				t.say(t.p.T("leave.others_admins_only"))
				return nil
			}
			if !m.Can(ActLeave) {
				t.say(t.p.T("leave.not_reporting", "member", m.Name))
				return nil
			}
			target, arg = m, rest
		}
	}
	if !target.Can(ActLeave) {
		text := t.p.T("leave.no_units")
		if t.member.Can(ActInvite) { // the office sets the members' leave
			example := ""
			for _, m := range t.e.cfg.Members {
				if m.Can(ActLeave) {
					example = m.ID
					break
				}
			}
			text += "\n" + t.p.T("leave.others_usage", "example", example)
		}
		t.say(text)
		return nil
	}
	self := target.ID == t.member.ID
	who := func(key string, args ...any) string { // the message, naming the member when it is not the sender
		if self {
			return t.p.T(key, args...)
		}
		return t.p.T(key+"_other", append(args, "member", target.Name)...)
	}
	st, err := t.tx.MemberState(target.ID)
	if err != nil {
		return fmt.Errorf("bot: leave: %w", err)
	}
	loc := t.e.cfg.Area.Location
	switch f := i18n.Fold(strings.TrimSpace(arg)); {
	case f == "":
		if st.Leave == nil || st.Leave.To < t.now.In(loc).Format(time.DateOnly) {
			t.say(t.p.T("leave.usage"))
		} else {
			t.say(who("leave.current", "from", leaveDay(st.Leave.From, loc), "to", leaveDay(st.Leave.To, loc)))
		}
		return nil
	case f == "huy" || f == "cancel":
		if st.Leave == nil {
			t.say(who("leave.none"))
			return nil
		}
		st.Leave = nil
		if err := t.putLeave(target.ID, st, "cancel"); err != nil {
			return err
		}
		t.say(who("leave.cancelled"))
		return t.tellLeave(target, "leave.notice_cancelled")
	}
	from, to, err := parseLeave(arg, t.now, loc)
	if err != nil {
		t.say(UserMessage(t.p, err) + "\n" + t.p.T("leave.usage"))
		return nil
	}
	st.Leave = &Leave{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	if err := t.putLeave(target.ID, st, st.Leave.From+".."+st.Leave.To); err != nil {
		return err
	}
	text := who("leave.set", "from", t.p.Date(from), "to", t.p.Date(to))
	var covered []string
	v := t.view()
	for _, code := range target.Units {
		if d := t.e.deputyOf(code); d != "" && d != target.ID {
			if dm, ok := t.e.cfg.Member(d); ok {
				covered = append(covered, t.p.T("leave.deputy_line", "unit", v.unitName(code), "deputy", dm.Name))
			}
		}
	}
	if len(covered) > 0 {
		text += "\n" + strings.Join(covered, "\n")
	}
	t.say(text)
	return t.tellLeave(target, "leave.notice_set", "from", t.p.Date(from), "to", t.p.Date(to))
}

// tellLeave tells member, when the office changed their leave, what it
// set (nothing when they did it themselves).
func (t *turn) tellLeave(m *Member, key string, args ...any) error {
	if m.ID == t.member.ID {
		return nil
	}
	p := t.e.printer(t.tx, m)
	text := p.T(key, args...)
	_, err := t.e.enqueueTo(t.tx, m, fmt.Sprintf("%s/%d", key, t.now.UnixNano()), t.now, func() *Outgoing { return &Outgoing{Text: text} })
	return err
}

// putLeave stores member's state st and audits the change, by the sender.
func (t *turn) putLeave(member string, st MemberState, detail string) error {
	if err := t.tx.PutMemberState(member, st); err != nil {
		return fmt.Errorf("bot: leave: %w", err)
	}
	if member != t.member.ID {
		detail = member + " " + detail
	}
	if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "leave", Detail: detail}); err != nil {
		return fmt.Errorf("bot: audit: %w", err)
	}
	return nil
}

// leaveDay writes a stored leave day (YYYY-MM-DD) as dd/mm/yyyy.
func leaveDay(day string, loc *time.Location) string {
	d, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return day
	}
	return d.Format("02/01/2006")
}

// leaveSeps split a leave's two dates; "-" alone also does when the dates
// are written with "/" or "." (a "-" may be a date's own mark: 01-10-2020).
var leaveSeps = []string{" đến ", " den ", " to ", "–", "—", " - "}

// parseLeave reads "01/10-05/10", "01/10/2020 - 05/10/2020" or one day
// "01/10" in loc. A date without its year is in this year, or the next one
// when the leave would otherwise be over already; an end before the start
// or before today, or a leave longer than maxLeaveDays, is refused.
func parseLeave(arg string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	s := strings.TrimSpace(arg)
	parts := []string{s}
	for _, sep := range leaveSeps {
		if a, b, ok := strings.Cut(s, sep); ok {
			parts = []string{a, b}
			break
		}
	}
	if len(parts) == 1 && strings.ContainsAny(s, "/.") && strings.Count(s, "-") == 1 {
		a, b, _ := strings.Cut(s, "-")
		parts = []string{a, b}
	}
	today := now.In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	days := make([]time.Time, len(parts))
	yearless := make([]bool, len(parts))
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if strings.Count(part, "/")+strings.Count(part, ".") == 1 || strings.Count(part, "-") == 1 {
			part += part[strings.IndexAny(part, "/.-"):][:1] + fmt.Sprint(today.Year())
			yearless[i] = true
		}
		d, err := i18n.ParseDate(part, loc)
		if err != nil {
			return time.Time{}, time.Time{}, i18n.Errorf("leave.bad_date", "date", strings.TrimSpace(parts[i]))
		}
		days[i] = d
	}
	from, to := days[0], days[len(days)-1]
	last := len(days) - 1
	if next := to.AddDate(1, 0, 0); yearless[last] && to.Before(from) && next.Sub(from) < maxLeaveDays*24*time.Hour {
		to = next // 28/12-03/01: into the next year (20/09-18/09 is backwards)
	}
	if yearless[0] && yearless[last] && to.Before(today) { // 02/01-05/01 typed in December
		from, to = from.AddDate(1, 0, 0), to.AddDate(1, 0, 0)
	}
	switch {
	case to.Before(from):
		return from, to, i18n.Errorf("leave.backwards", "from", from.Format("02/01/2006"), "to", to.Format("02/01/2006"))
	case to.Before(today):
		return from, to, i18n.Errorf("leave.past", "to", to.Format("02/01/2006"))
	case to.Sub(from) >= maxLeaveDays*24*time.Hour:
		return from, to, i18n.Errorf("leave.too_long", "max", maxLeaveDays)
	}
	return from, to, nil
}

// effective is m as the bot treats them on the day of at: with the units
// whose deputy m is while every member assigned to them is on leave
// (reported on and reminded of by m then). It also says whether m is on
// leave that day.
func (e *Engine) effective(tx MemberTx, m *Member, at time.Time) (*Member, bool, error) {
	away := e.onLeave(tx, m.ID, at)
	var extra []string
	for _, code := range e.cfg.DeputyUnits(m.ID) {
		if !m.Assigned(code) && e.allAway(tx, code, at) {
			extra = append(extra, code)
		}
	}
	if len(extra) == 0 {
		return m, away, nil
	}
	cp := *m
	cp.Units = append(append([]string(nil), m.Units...), extra...)
	return &cp, away, nil
}

// allAway reports whether every member assigned to unit (at least one) is
// on leave on the day of at.
func (e *Engine) allAway(tx MemberTx, unit string, at time.Time) bool {
	n := 0
	for i := range e.cfg.Members {
		m := &e.cfg.Members[i]
		if !m.Assigned(unit) {
			continue
		}
		if !e.onLeave(tx, m.ID, at) {
			return false
		}
		n++
	}
	return n > 0
}

// onLeave reports whether member is on leave on the day of at. A state
// that cannot be read counts as no leave (logged): the member is reminded
// as before rather than silenced.
func (e *Engine) onLeave(tx MemberTx, member string, at time.Time) bool {
	st, err := tx.MemberState(member)
	if err != nil {
		e.log.Error("a member state that cannot be read is taken as no leave", "member", member, "err", err)
		return false
	}
	return st.Leave.On(at, e.cfg.Area.Location)
}
