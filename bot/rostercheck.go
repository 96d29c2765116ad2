package bot

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"fieldbot/i18n"
)

// RosterError is a roster that cannot be stored: every problem found, each
// naming the unit, member, field or value, in the reader's language.
type RosterError struct {
	Problems []*i18n.Error
}

func (e *RosterError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return "bot: roster: " + strings.Join(parts, "; ")
}

// Render lists the problems in p's language, one a line.
func (e *RosterError) Render(p *i18n.Printer) string {
	lines := make([]string, len(e.Problems))
	for i, pr := range e.Problems {
		lines[i] = renderNumbers(p, pr)
	}
	return strings.Join(lines, "\n")
}

// renderNumbers renders e with its float64 arguments written p's way.
func renderNumbers(p *i18n.Printer, e *i18n.Error) string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		switch v := a.(type) {
		case float64:
			a = p.Auto(v)
		case *i18n.Error:
			a = renderNumbers(p, v)
		case i18n.Text: // a field's label
			a = v.In(p.Lang())
		}
		args[i] = a
	}
	return p.T(e.Key, args...)
}

// rosterCode is what unit codes and member IDs may be: they are database keys.
var rosterCode = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckRoster checks r against form the way the configuration's roster is
// checked: codes and IDs well formed and unique, assignments to known units,
// every member (not a viewer) with units and every unit with an active
// member, targets on target fields, whole for whole-number fields, the
// unit targets adding up to each declared total, no phone number on two
// members, known roles and languages. It returns a *RosterError, or nil.
func CheckRoster(form *Form, r *Roster) error {
	var ps []*i18n.Error
	add := func(key string, args ...any) { ps = append(ps, i18n.Errorf(key, args...)) }
	units := map[string]bool{}
	sums := map[string]float64{}
	for _, u := range r.Units {
		switch {
		case !rosterCode.MatchString(u.Code):
			add("roster.bad_code", "code", u.Code)
			continue
		case units[u.Code]:
			add("roster.dup_unit", "code", u.Code)
			continue
		}
		units[u.Code] = true
		if u.Name.In(i18n.VI) == "" {
			add("roster.unit_no_name", "unit", u.Code)
		}
		for _, id := range sortedKeys(u.Targets) {
			if !checkTarget(form, id, u.Targets[id], u.Code, add) {
				continue
			}
			sums[id] += u.Targets[id]
		}
	}
	seen := map[string]bool{}
	phones := map[string]string{}
	covered := map[string]bool{}
	for _, m := range r.Members {
		switch {
		case !rosterCode.MatchString(m.ID):
			add("roster.bad_code", "code", m.ID)
			continue
		case seen[m.ID]:
			add("roster.dup_member", "id", m.ID)
			continue
		}
		seen[m.ID] = true
		if strings.TrimSpace(m.Name) == "" {
			add("roster.member_no_name", "id", m.ID)
		}
		if !slices.Contains([]Role{RoleMember, RoleChair, RoleAdmin, RoleViewer}, m.Role) {
			add("roster.bad_role", "id", m.ID, "role", string(m.Role))
		}
		if !m.Lang.Valid() {
			add("roster.bad_lang", "id", m.ID, "lang", string(m.Lang))
		}
		if m.Phone != "" {
			p, ok := NormalizePhone(m.Phone)
			switch {
			case !ok:
				add("roster.bad_phone", "id", m.ID, "phone", m.Phone)
			case phones[p] != "":
				add("roster.dup_phone", "phone", m.Phone, "id", m.ID, "other", phones[p])
			default:
				phones[p] = m.ID
			}
		}
		for i, code := range m.Units {
			switch {
			case !units[code]:
				add("roster.unknown_unit", "id", m.ID, "unit", code)
			case slices.Contains(m.Units[:i], code):
				add("roster.listed_twice", "id", m.ID, "unit", code)
			case !m.Inactive:
				covered[code] = true
			}
		}
		switch {
		case m.Role == RoleMember && len(m.Units) == 0 && !m.Inactive:
			add("roster.member_no_units", "id", m.ID)
		case m.Role == RoleViewer && len(m.Units) > 0:
			add("roster.viewer_units", "id", m.ID)
		}
	}
	for _, u := range r.Units {
		if units[u.Code] && !covered[u.Code] {
			add("roster.unit_unassigned", "unit", u.Code)
		}
		if u.Deputy == "" {
			continue
		}
		switch d := r.Member(u.Deputy); {
		case d == nil:
			add("roster.unknown_deputy", "unit", u.Code, "id", u.Deputy)
		case d.Role == RoleViewer:
			add("roster.deputy_viewer", "unit", u.Code, "id", u.Deputy)
		case d.Assigned(u.Code):
			add("roster.deputy_assigned", "unit", u.Code, "id", u.Deputy)
		}
	}
	for _, id := range sortedKeys(r.Totals) {
		if !checkTarget(form, id, r.Totals[id], "", add) {
			continue
		}
		if sum := sums[id]; math.Abs(sum-r.Totals[id]) > 1e-6 {
			add("roster.totals_mismatch", "field", fieldName(form, id), "sum", sum, "total", r.Totals[id])
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return &RosterError{Problems: ps}
}

// checkTarget checks one target (unit "" for an area total) and reports
// whether it is usable.
func checkTarget(form *Form, id string, v float64, unit string, add func(string, ...any)) bool {
	f, _, ok := form.Field(id)
	where := unit
	if where == "" {
		where = "—"
	}
	switch {
	case len(form.Fields) == 0:
		return true
	case !ok || !f.Target:
		add("roster.target_no_field", "unit", where, "field", id)
	case v < 0 || math.IsNaN(v) || math.IsInf(v, 0):
		add("roster.target_negative", "unit", where, "field", fieldName(form, id), "value", v)
	case f.Type == FieldInteger && v != math.Trunc(v):
		add("roster.target_whole", "unit", where, "field", fieldName(form, id), "value", v)
	default:
		return true
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// fieldName is how a message names the form's field id: its label, in the
// reader's language when rendered (renderNumbers); the id itself when the
// form has no such field or it has no label.
func fieldName(form *Form, id string) any {
	if form == nil {
		return id
	}
	if f, _, ok := form.Field(id); ok && len(f.Label) > 0 {
		return f.Label
	}
	return id
}
