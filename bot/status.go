package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// status answers /trangthai: the member's units this period; for the roles
// that may see every unit's (ActStatusAll), every unit's and who is unreachable.
func (t *turn) status(arg string) error {
	if !t.member.Can(ActStatusOwn) {
		t.say(t.p.T("status.viewer"))
		return nil
	}
	p, v := t.period(), t.view()
	if arg != "" { // "/trangthai tuan 37": an earlier period
		q, _, named, err := t.e.cutPeriod(arg, t.now)
		switch {
		case err != nil:
			t.say(UserMessage(t.p, err))
			return nil
		case named:
			p = q
		}
	}
	deadline := t.e.cfg.Period.Deadline(p).In(t.e.cfg.Area.Location)
	lines := []string{t.p.T("status.title", "period", v.periodLabel(p), "deadline", t.p.DateTime(deadline))}
	for i, code := range t.member.Units {
		line, _, err := v.unitStatus(p.Key, code)
		if err != nil {
			return err
		}
		lines = append(lines, line)
		state, err := t.ownState(p, code, i+1)
		if err != nil {
			return err
		}
		if state != "" {
			lines = append(lines, state)
		}
	}
	if len(t.member.Units) == 0 && !t.member.Can(ActStatusAll) {
		lines = append(lines, t.p.T("report.no_units"))
	}
	if leave, err := t.ownLeave(); err != nil {
		return err
	} else if leave != "" {
		lines = append(lines, "", leave)
	}
	if p.Key == t.period().Key {
		past, err := t.pastMissing()
		if err != nil {
			return err
		}
		lines = append(lines, past...)
		returned, err := t.pastReturned()
		if err != nil {
			return err
		}
		lines = append(lines, returned...)
	}
	if t.member.Can(ActStatusAll) {
		overview, _, err := v.overview(p.Key)
		if err != nil {
			return err
		}
		lines = append(lines, "", overview)
		if t.e.cfg.Review.Approval {
			approved, filed, err := ApprovedCount(t.tx, p.Key)
			if err != nil {
				return err
			}
			if filed > 0 { // "Đã duyệt 0/0" says nothing
				lines = append(lines, t.p.T("status.approved", "approved", t.p.Int(int64(approved)), "filed", t.p.Int(int64(filed))))
			}
		}
		gone, err := t.unreachableLines()
		if err != nil {
			return fmt.Errorf("bot: unreachable members: %w", err)
		}
		if len(gone) > 0 {
			lines = append(append(lines, ""), gone...)
		}
	}
	t.say(strings.Join(lines, "\n"))
	return nil
}

// unitStatus is one unit's line: reported when and how many times, or pending.
func (v view) unitStatus(period, code string) (string, bool, error) {
	r, err := v.tx.LatestReport(period, code)
	if errors.Is(err, ErrNotFound) {
		return v.p.T("status.pending", "unit", v.unitName(code)), false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("bot: unit status: %w", err)
	}
	key := "status.reported"
	if r.Late {
		key = "status.reported_late"
	}
	return v.p.T(key, "unit", v.unitName(code), "time", v.dateTime(r.At), "seq", r.Seq), true, nil
}

// overview counts the units that reported and names those missing with the
// member responsible; it also returns how many are missing.
func (v view) overview(period string) (string, int, error) {
	reports, err := v.tx.PeriodReports(period)
	if err != nil {
		return "", 0, fmt.Errorf("bot: period reports: %w", err)
	}
	done := make(map[string]bool, len(reports))
	for _, r := range reports {
		done[r.Unit] = true
	}
	responsible := map[string][]string{}
	for _, m := range v.cfg.Members {
		name := m.Name
		if v.st != nil && v.e != nil && v.e.onLeave(v.st, m.ID, v.now) {
			name = v.p.T("status.on_leave", "member", m.Name)
		}
		for _, u := range m.Units {
			responsible[u] = append(responsible[u], name)
		}
	}
	var missing []string
	for _, u := range v.cfg.Units {
		if !done[u.Code] {
			members := strings.Join(responsible[u.Code], ", ")
			if d, ok := v.cfg.Member(u.Deputy); ok && v.st != nil && v.e.allAway(v.st, u.Code, v.now) {
				members += v.p.T("status.deputy", "deputy", d.Name)
			}
			missing = append(missing, v.p.T("status.missing_line", "unit", u.Name.In(v.p.Lang()), "members", members))
		}
	}
	lines := []string{v.p.T("status.overview", "done", v.p.Int(int64(len(v.cfg.Units)-len(missing))), "total", v.p.Int(int64(len(v.cfg.Units))))}
	return strings.Join(append(lines, missing...), "\n"), len(missing), nil
}

// pastMissing lists the member's units whose report for an earlier period
// is missing and may still be filed (late), with the command to file it.
func (t *turn) pastMissing() ([]string, error) {
	spec, v := t.e.cfg.Period, t.view()
	var lines []string
	p := t.period()
	for range max(spec.LateGrace, 1) {
		p = spec.Prev(p)
		var names []string
		for _, code := range t.member.Units {
			_, err := t.tx.LatestReport(p.Key, code)
			if err == nil {
				continue
			} else if !errors.Is(err, ErrNotFound) {
				return nil, fmt.Errorf("bot: past status: %w", err)
			}
			a, err := t.e.access(t.tx, p, code, false, t.now)
			if err != nil {
				return nil, err
			}
			if a.writable() {
				names = append(names, v.unitName(code))
			}
		}
		if len(names) > 0 {
			lines = append(lines, t.p.T("status.past_missing", "period", v.periodLabel(p),
				"units", strings.Join(names, ", "), "command", v.periodCommand(p, t.now)))
		}
	}
	if len(lines) > 0 {
		lines = append([]string{""}, lines...)
	}
	return lines, nil
}

// ownState is the review line under the member's n-th unit's status for
// p, with approval on: approved, or returned with its reason and the
// command that corrects it (while the period may still be written);
// empty for a report waiting for review, or none.
func (t *turn) ownState(p Period, code string, n int) (string, error) {
	if !t.e.cfg.Review.Approval {
		return "", nil
	}
	r, err := t.tx.LatestReport(p.Key, code)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("bot: status review: %w", err)
	}
	rec, err := t.reviewRecord(p.Key, code)
	if err != nil {
		return "", err
	}
	switch rec.StateOf(r.Seq) {
	case StateApproved:
		return t.p.T("status.state_approved"), nil
	case StateReturned:
		c, _ := rec.Last()
		cmd, err := t.correctCommand(p, code, n)
		if err != nil || cmd == "" {
			return t.p.T("status.state_returned_locked", "reason", c.Reason), err
		}
		return t.p.T("status.state_returned", "reason", c.Reason, "command", cmd), nil
	}
	return "", nil
}

// correctCommand is the command that opens the member's n-th unit's
// report for p ("/baocao 1", "/baocao tuan 38 1"), or empty when p can no
// longer be written.
func (t *turn) correctCommand(p Period, code string, n int) (string, error) {
	if !t.member.Can(ActReport) {
		return "", nil
	}
	if p.Key == t.period().Key {
		return t.p.T("cmd.report") + " " + strconv.Itoa(n), nil
	}
	a, err := t.e.access(t.tx, p, code, true, t.now)
	if err != nil || !a.writable() {
		return "", err
	}
	return t.view().periodCommand(p, t.now) + " " + strconv.Itoa(n), nil
}

// pastReturned lists the member's units whose report for one of the
// earlier periods still open to them was returned and not corrected yet,
// with the command that corrects it (approval on).
func (t *turn) pastReturned() ([]string, error) {
	if !t.e.cfg.Review.Approval {
		return nil, nil
	}
	spec, v := t.e.cfg.Period, t.view()
	var lines []string
	p := t.period()
	for range max(spec.LateGrace, 1) {
		p = spec.Prev(p)
		for i, code := range t.member.Units {
			r, err := t.tx.LatestReport(p.Key, code)
			if errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return nil, fmt.Errorf("bot: past status: %w", err)
			}
			rec, err := t.reviewRecord(p.Key, code)
			if err != nil {
				return nil, err
			}
			if rec.StateOf(r.Seq) != StateReturned {
				continue
			}
			cmd, err := t.correctCommand(p, code, i+1)
			if err != nil {
				return nil, err
			}
			if cmd != "" {
				c, _ := rec.Last()
				lines = append(lines, t.p.T("status.past_returned", "period", v.periodLabel(p), "unit", v.unitName(code),
					"reason", c.Reason, "command", cmd))
			}
		}
	}
	if len(lines) > 0 {
		lines = append([]string{""}, lines...)
	}
	return lines, nil
}

// ownLeave is the line of the member's leave, current or to come, for
// their status; empty when they have none (or it is over).
func (t *turn) ownLeave() (string, error) {
	if !t.member.Can(ActLeave) {
		return "", nil
	}
	st, err := t.tx.MemberState(t.member.ID)
	if err != nil {
		return "", fmt.Errorf("bot: status leave: %w", err)
	}
	loc := t.e.cfg.Area.Location
	if st.Leave == nil || st.Leave.To < t.now.In(loc).Format(time.DateOnly) {
		return "", nil
	}
	return t.p.T("status.own_leave", "from", leaveDay(st.Leave.From, loc), "to", leaveDay(st.Leave.To, loc)), nil
}
