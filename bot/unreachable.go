package bot

import (
	"strings"

	"fieldbot/i18n"
)

// ReasonText says in the reader's language why a message could not be
// delivered; the platform's own words (English, technical) stay in the logs
// and the dead-letter record.
func ReasonText(p *i18n.Printer, reason string) string {
	r := strings.ToLower(reason)
	switch {
	case strings.Contains(r, "blocked"):
		return p.T("unreachable.blocked")
	case strings.Contains(r, "not found"), strings.Contains(r, "deactivated"), strings.Contains(r, "kicked"),
		strings.Contains(r, "peer_id_invalid"):
		return p.T("unreachable.gone")
	case strings.Contains(r, "gave up after"):
		return p.T("unreachable.retries")
	}
	return p.T("unreachable.refused")
}

// unreachableLines lists, for the chair and admins, the members the bot can
// no longer reach.
func (t *turn) unreachableLines() ([]string, error) {
	var out []string
	for _, m := range t.e.cfg.Members {
		st, err := t.tx.MemberState(m.ID)
		if err != nil {
			return nil, err
		}
		if st.Unreachable != "" {
			out = append(out, t.p.T("status.unreachable_line", "member", m.Name, "reason", ReasonText(t.p, st.Unreachable)))
		}
	}
	if len(out) > 0 {
		out = append([]string{t.p.T("status.unreachable")}, out...)
	}
	return out, nil
}
