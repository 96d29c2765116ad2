package bot

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"fieldbot/i18n"
)

// RosterChange is one difference between two rosters: a message for the
// reader (the dry run, the chat's confirmation) and the audit's words.
type RosterChange struct {
	Msg *i18n.Error
	// Audit is the change for the audit log: subject, what, before → after
	// (a phone number is not written out).
	Audit string
}

// Render is the change in p's language, numbers written its way.
func (c RosterChange) Render(p *i18n.Printer) string { return renderNumbers(p, c.Msg) }

// RenderChanges lists changes in p's language, one a line.
func RenderChanges(p *i18n.Printer, changes []RosterChange) string {
	lines := make([]string, len(changes))
	for i, c := range changes {
		lines[i] = c.Render(p)
	}
	return strings.Join(lines, "\n")
}

// DiffRoster lists what changes from old to next: units and members added
// and removed, names, targets, area totals, assignments, roles and the rest,
// each with its value before and after; fields are named by their label in
// form. The versions are not compared.
func DiffRoster(form *Form, old, next *Roster) []RosterChange {
	var out []RosterChange
	add := func(audit, key string, args ...any) {
		out = append(out, RosterChange{Msg: i18n.Errorf(key, args...), Audit: audit})
	}
	for _, u := range next.Units {
		o := old.Unit(u.Code)
		if o == nil {
			add(fmt.Sprintf("unit %s added", u.Code), "roster.change.unit_added", "unit", u.Code, "name", u.Name.In(i18n.VI))
			for _, id := range sortedKeys(u.Targets) {
				add(fmt.Sprintf("unit %s target %s: → %v", u.Code, id, u.Targets[id]), "roster.change.target",
					"unit", u.Code, "field", fieldName(form, id), "before", "—", "after", u.Targets[id])
			}
			continue
		}
		for _, l := range i18n.Langs {
			if o.Name[l] != u.Name[l] {
				add(fmt.Sprintf("unit %s name (%s): %q → %q", u.Code, l, o.Name[l], u.Name[l]), "roster.change.unit_name",
					"unit", u.Code, "before", o.Name[l], "after", u.Name[l])
			}
		}
		if o.Deputy != u.Deputy {
			add(fmt.Sprintf("unit %s deputy: %q → %q", u.Code, o.Deputy, u.Deputy), "roster.change.deputy",
				"unit", u.Code, "before", cmpDash(o.Deputy), "after", cmpDash(u.Deputy))
		}
		out = append(out, diffTargets("unit "+u.Code+" target", o.Targets, u.Targets, func(id string, before, after any) *i18n.Error {
			return i18n.Errorf("roster.change.target", "unit", u.Code, "field", fieldName(form, id), "before", before, "after", after)
		})...)
	}
	for _, o := range old.Units {
		if next.Unit(o.Code) == nil {
			add(fmt.Sprintf("unit %s removed", o.Code), "roster.change.unit_removed", "unit", o.Code, "name", o.Name.In(i18n.VI))
		}
	}
	out = append(out, diffTargets("total", old.Totals, next.Totals, func(id string, before, after any) *i18n.Error {
		return i18n.Errorf("roster.change.total", "field", fieldName(form, id), "before", before, "after", after)
	})...)
	for _, m := range next.Members {
		o := old.Member(m.ID)
		if o == nil {
			add(fmt.Sprintf("member %s added (%s, %s, units %s)", m.ID, m.Name, m.Role, strings.Join(m.Units, " ")),
				"roster.change.member_added", "id", m.ID, "name", m.Name, "role", i18n.Errorf("roster.role."+string(m.Role)), "units", unitList(m.Units))
			continue
		}
		out = append(out, diffMember(o, &m)...)
	}
	for _, o := range old.Members {
		if next.Member(o.ID) == nil {
			add(fmt.Sprintf("member %s removed", o.ID), "roster.change.member_removed", "id", o.ID, "name", o.Name)
		}
	}
	return out
}

// diffTargets compares two target maps field by field.
func diffTargets(audit string, old, next map[string]float64, msg func(id string, before, after any) *i18n.Error) []RosterChange {
	var out []RosterChange
	ids := slices.Sorted(maps.Keys(mergeKeys(old, next)))
	for _, id := range ids {
		b, hadB := old[id]
		a, hasA := next[id]
		if hadB == hasA && b == a {
			continue
		}
		var before, after any = "—", "—"
		if hadB {
			before = b
		}
		if hasA {
			after = a
		}
		out = append(out, RosterChange{Msg: msg(id, before, after), Audit: fmt.Sprintf("%s %s: %v → %v", audit, id, before, after)})
	}
	return out
}

func mergeKeys(a, b map[string]float64) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// diffMember compares one member's entries.
func diffMember(o, m *Member) []RosterChange {
	var out []RosterChange
	field := func(what, before, after string) {
		audit := fmt.Sprintf("member %s %s: %q → %q", m.ID, what, before, after)
		if what == "phone" {
			audit = fmt.Sprintf("member %s phone changed", m.ID)
		}
		out = append(out, RosterChange{Audit: audit, Msg: i18n.Errorf("roster.change.member_field", "id", m.ID,
			"what", i18n.Errorf("roster.what."+what), "before", cmpDash(before), "after", cmpDash(after))})
	}
	if o.Name != m.Name {
		field("name", o.Name, m.Name)
	}
	if o.Phone != m.Phone {
		field("phone", o.Phone, m.Phone)
	}
	for _, l := range i18n.Langs {
		if o.Title[l] != m.Title[l] {
			field("title", o.Title[l], m.Title[l])
		}
	}
	if o.Role != m.Role {
		out = append(out, RosterChange{Audit: fmt.Sprintf("member %s role: %s → %s", m.ID, o.Role, m.Role),
			Msg: i18n.Errorf("roster.change.member_field", "id", m.ID, "what", i18n.Errorf("roster.what.role"),
				"before", i18n.Errorf("roster.role."+string(o.Role)), "after", i18n.Errorf("roster.role."+string(m.Role)))})
	}
	if o.Lang != m.Lang {
		field("lang", string(o.Lang), string(m.Lang))
	}
	var added, removed []string
	for _, u := range m.Units {
		if !o.Assigned(u) {
			added = append(added, u)
		}
	}
	for _, u := range o.Units {
		if !m.Assigned(u) {
			removed = append(removed, u)
		}
	}
	if len(added) > 0 {
		out = append(out, RosterChange{Audit: fmt.Sprintf("member %s assigned %s", m.ID, strings.Join(added, " ")),
			Msg: i18n.Errorf("roster.change.assigned", "id", m.ID, "units", unitList(added))})
	}
	if len(removed) > 0 {
		out = append(out, RosterChange{Audit: fmt.Sprintf("member %s unassigned %s", m.ID, strings.Join(removed, " ")),
			Msg: i18n.Errorf("roster.change.unassigned", "id", m.ID, "units", unitList(removed))})
	}
	if o.Inactive != m.Inactive {
		key, audit := "roster.change.deactivated", "deactivated"
		if !m.Inactive {
			key, audit = "roster.change.reactivated", "reactivated"
		}
		out = append(out, RosterChange{Audit: fmt.Sprintf("member %s %s", m.ID, audit), Msg: i18n.Errorf(key, "id", m.ID, "name", m.Name)})
	}
	return out
}

func unitList(codes []string) string {
	if len(codes) == 0 {
		return "—"
	}
	return strings.Join(codes, ", ")
}

func cmpDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
