package bot

import (
	"errors"
	"fmt"
	"strings"
)

// status answers /trangthai: the member's units this period; for the roles
// that may see every unit's (ActStatusAll), every unit's and who is unreachable.
func (t *turn) status() error {
	if !t.member.Can(ActStatusOwn) {
		t.say(t.p.T("status.viewer"))
		return nil
	}
	p, v := t.period(), t.view()
	deadline := t.e.cfg.Period.Deadline(p).In(t.e.cfg.Area.Location)
	lines := []string{t.p.T("status.title", "period", v.periodLabel(p), "deadline", t.p.DateTime(deadline))}
	for _, code := range t.member.Units {
		line, _, err := v.unitStatus(p.Key, code)
		if err != nil {
			return err
		}
		lines = append(lines, line)
	}
	if len(t.member.Units) == 0 && !t.member.Can(ActStatusAll) {
		lines = append(lines, t.p.T("report.no_units"))
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
			lines = append(lines, t.p.T("status.approved", "approved", approved, "filed", filed))
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
	return v.p.T("status.reported", "unit", v.unitName(code), "time", v.dateTime(r.At), "seq", r.Seq), true, nil
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
		for _, u := range m.Units {
			responsible[u] = append(responsible[u], m.Name)
		}
	}
	var missing []string
	for _, u := range v.cfg.Units {
		if !done[u.Code] {
			missing = append(missing, v.p.T("status.missing_line", "unit", u.Name.In(v.p.Lang()), "members", strings.Join(responsible[u.Code], ", ")))
		}
	}
	lines := []string{v.p.T("status.overview", "done", len(v.cfg.Units)-len(missing), "total", len(v.cfg.Units))}
	return strings.Join(append(lines, missing...), "\n"), len(missing), nil
}
