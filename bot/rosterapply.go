package bot

import (
	"errors"
	"fmt"
	"time"
)

// RosterAuditTx is what a change of the roster needs: the roster and the
// audit log, in one transaction.
type RosterAuditTx interface {
	RosterTx
	AuditTx
}

// PlanRoster is the dry run of UpdateRoster: the changes from the current
// roster (the database's, or base's when it holds none) to next, or the
// *RosterError that would refuse next. Nothing is stored.
func PlanRoster(tx RosterTx, base *Config, next *Roster) ([]RosterChange, error) {
	if err := CheckRoster(&base.Form, next); err != nil {
		return nil, err
	}
	cur, err := CurrentRoster(tx, base)
	if err != nil {
		return nil, err
	}
	return DiffRoster(&base.Form, cur, next), nil
}

// UpdateRoster makes next the roster, in tx, when CheckRoster accepts it
// against base's form (a *RosterError otherwise, and nothing stored): the
// next version, and one audit entry per change (by: the member, or "" for
// the command line, at now). No change stores nothing. It returns the
// changes.
func UpdateRoster(tx RosterAuditTx, base *Config, next *Roster, by string, now time.Time) ([]RosterChange, error) {
	changes, err := PlanRoster(tx, base, next)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	if err := tx.PutRoster(next); err != nil {
		return nil, fmt.Errorf("bot: save roster: %w", err)
	}
	for _, c := range changes {
		detail := fmt.Sprintf("v%d: %s", next.Version, c.Audit)
		if err := tx.Audit(AuditEntry{At: now, Member: by, Action: "roster", Detail: detail}); err != nil {
			return nil, fmt.Errorf("bot: audit roster change: %w", err)
		}
	}
	return changes, nil
}

// SeedRoster stores base's roster as the first version when the database
// has none (seeded true). When it has one, that one stays the truth and
// SeedRoster returns how base's (the YAML's) differs from it, to be told.
func SeedRoster(tx RosterAuditTx, base *Config, now time.Time) (seeded bool, differs []RosterChange, err error) {
	cur, err := tx.Roster()
	switch {
	case err == nil:
		return false, DiffRoster(&base.Form, cur, base.Roster()), nil
	case !errors.Is(err, ErrNotFound):
		return false, nil, fmt.Errorf("bot: read roster: %w", err)
	}
	r := base.Roster()
	if err := tx.PutRoster(r); err != nil {
		return false, nil, fmt.Errorf("bot: seed roster: %w", err)
	}
	detail := fmt.Sprintf("v%d: seeded from the configuration: %d units, %d members", r.Version, len(r.Units), len(r.Members))
	if err := tx.Audit(AuditEntry{At: now, Action: "roster", Detail: detail}); err != nil {
		return false, nil, fmt.Errorf("bot: audit roster seed: %w", err)
	}
	return true, nil, nil
}
