package bot

import (
	"errors"
	"fmt"
	"slices"

	"fieldbot/i18n"
)

// RosterImportTx is what reading a whole roster file against the database
// needs: the roster, and the reports that tell whether a unit has any.
type RosterImportTx interface {
	RosterTx
	ReportTx
}

// ImportRoster is the roster a whole roster file (file) makes of the
// current one (the database's, or base's when it holds none): the file's
// units and members, and every member of the current roster the file
// leaves out, kept deactivated (Inactive) with the units still on the
// roster, since their reports, accounts and history stay theirs. A unit the
// file leaves out is removed when it has no report; one with reports
// refuses the file (a *RosterError naming it): it is to be kept in the
// file, assigned to someone. A phone number written another way than the
// stored one (Excel drops the leading 0) keeps the stored text; a member
// left out loses a number the file gives to someone else. kept lists the
// members the file leaves out that were active, now deactivated. file
// itself is not changed.
func ImportRoster(tx RosterImportTx, base *Config, file *Roster) (next *Roster, kept []string, err error) {
	cur, err := CurrentRoster(tx, base)
	if err != nil {
		return nil, nil, err
	}
	next = file.Clone()
	var ps []*i18n.Error
	for _, u := range cur.Units {
		if next.Unit(u.Code) != nil {
			continue
		}
		_, err := tx.PreviousReport(u.Code, "~") // "~" sorts after every period key
		switch {
		case err == nil:
			ps = append(ps, i18n.Errorf("roster.unit_has_reports", "unit", u.Code, "name", u.Name.In(i18n.VI)))
		case !errors.Is(err, ErrNotFound):
			return nil, nil, fmt.Errorf("bot: import roster: reports of %s: %w", u.Code, err)
		}
	}
	if len(ps) > 0 {
		return nil, nil, &RosterError{Problems: ps}
	}
	phones := map[string]bool{} // the file's numbers
	for _, m := range next.Members {
		if p, ok := NormalizePhone(m.Phone); ok {
			phones[p] = true
		}
	}
	for _, m := range cur.Members {
		if n := next.Member(m.ID); n != nil {
			// the same number written another way (Excel drops the leading 0
			// of 0912000003) is no change: the stored text stays
			if a, ok := NormalizePhone(n.Phone); ok && n.Phone != m.Phone {
				if b, ok := NormalizePhone(m.Phone); ok && a == b {
					n.Phone = m.Phone
				}
			}
			continue
		}
		m = m.clone()
		if !m.Inactive {
			kept = append(kept, m.ID)
		}
		m.Inactive = true
		if p, ok := NormalizePhone(m.Phone); ok && phones[p] {
			m.Phone = "" // the file gives the number to someone else (the same person under a new code)
		}
		m.Units = slices.DeleteFunc(m.Units, func(code string) bool { return next.Unit(code) == nil })
		next.Members = append(next.Members, m)
	}
	return next, kept, nil
}
