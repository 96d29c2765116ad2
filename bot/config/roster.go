package config

import (
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// unitSet is the decoded units with where each code was written.
type unitSet struct {
	list []bot.Unit
	line map[string]int    // code → line of the code
	path map[string]string // code → "units[3]"
	// sums adds up the targets of every unit entry, a duplicate too, so that
	// one wrong code does not also make the totals look wrong.
	sums map[string]float64
	// bad holds the target keys with a value already reported as wrong, so
	// their area totals are not also reported as not adding up.
	bad map[string]bool
	// deputyAt is the line of each unit's deputy, checked once the roster is known.
	deputyAt map[string]int
}

// units decodes the units; codes must be unique and targets must name target fields.
func (d *decoder) units(n *yaml.Node, form *bot.Form) *unitSet {
	us := &unitSet{line: map[string]int{}, path: map[string]string{}, sums: map[string]float64{}, bad: map[string]bool{}, deputyAt: map[string]int{}}
	list := d.list(n, "units")
	if n != nil && len(list) == 0 && n.Kind == yaml.SequenceNode {
		d.problem(n.Line, "units", "", "config.no_units")
	}
	for i, un := range list {
		path := fmt.Sprintf("units[%d]", i)
		f := d.mapping(un, path, "code", "name", "targets", "deputy")
		d.need(f, "code", "name")
		u := bot.Unit{
			Code: d.ident(f, "code", codePattern),
			Name: d.text(f.get("name"), path+".name", true),
		}
		if f.has("deputy") {
			u.Deputy = d.word(f.get("deputy"), path+".deputy")
		}
		for _, p := range d.pairs(f.get("targets"), path+".targets") {
			v, ok := d.num(p.val, p.path)
			if !ok || !d.target(p, form, v) {
				us.bad[p.key] = true
				continue
			}
			if u.Targets == nil {
				u.Targets = map[string]float64{}
			}
			u.Targets[p.key] = v
			us.sums[p.key] += v
		}
		if u.Code == "" {
			continue
		}
		if at := us.line[u.Code]; at != 0 {
			d.problem(f.at("code"), path+".code", u.Code, "config.dup_unit", "line", at)
			continue
		}
		us.line[u.Code], us.path[u.Code] = f.at("code"), path
		if u.Deputy != "" {
			us.deputyAt[u.Code] = f.at("deputy")
		}
		us.list = append(us.list, u)
	}
	return us
}

// codes lists the unit codes, for suggestions.
func (us *unitSet) codes() []string {
	c := make([]string, len(us.list))
	for i, u := range us.list {
		c[i] = u.Code
	}
	return c
}

// target checks that a unit target or area total belongs to a target field
// and fits it; it reports whether the value is usable.
func (d *decoder) target(p pair, form *bot.Form, v float64) bool {
	fld, _, ok := form.Field(p.key)
	switch {
	case len(form.Fields) == 0: // the form is broken or missing: nothing to check against
	case !ok:
		d.problem(p.line, p.path, "", "config.target_no_field")
	case !fld.Target:
		d.problem(p.line, p.path, "", "config.target_not_target")
	case v < 0:
		d.problem(p.line, p.path, "", "config.target_negative")
	case fld.Type == bot.FieldInteger && v != math.Trunc(v):
		d.problem(p.line, p.path, "", "config.target_whole")
	default:
		return true
	}
	return false
}

// roles are the valid member roles.
var roles = []string{string(bot.RoleMember), string(bot.RoleChair), string(bot.RoleAdmin), string(bot.RoleViewer)}

// members decodes the roster and then checks that every unit has someone to
// report on it. An unassigned unit is an error, not a warning: nobody would
// ever be asked for its figures, and the digest would silently lack it.
func (d *decoder) members(n *yaml.Node, units *unitSet) []bot.Member {
	var members []bot.Member
	list := d.list(n, "members")
	if n != nil && len(list) == 0 && n.Kind == yaml.SequenceNode {
		d.problem(n.Line, "members", "", "config.no_members")
	}
	seen := map[string]int{}
	assigned := map[string]bool{}
	for i, mn := range list {
		path := fmt.Sprintf("members[%d]", i)
		m, f := d.member(mn, path, units)
		for _, u := range m.Units {
			assigned[u] = true
		}
		if m.ID == "" {
			continue
		}
		if at := seen[m.ID]; at != 0 {
			d.problem(f.at("id"), path+".id", m.ID, "config.dup_member", "line", at)
			continue
		}
		seen[m.ID] = f.at("id")
		members = append(members, m)
	}
	if len(list) == 0 {
		return members // no roster at all is reported once, not per unit
	}
	for _, u := range units.list {
		if !assigned[u.Code] {
			d.problem(units.line[u.Code], units.path[u.Code]+".code", u.Code, "config.unit_unassigned")
		}
	}
	return members
}

// member decodes one roster entry. Role defaults to member, lang to vi.
func (d *decoder) member(n *yaml.Node, path string, units *unitSet) (bot.Member, *fields) {
	f := d.mapping(n, path, "id", "name", "title", "phone", "role", "lang", "units", "active")
	d.need(f, "id", "name")
	m := bot.Member{
		ID:    d.ident(f, "id", codePattern),
		Name:  d.word(f.get("name"), path+".name"),
		Title: d.text(f.get("title"), path+".title", true),
		Role:  bot.RoleMember,
		Lang:  i18n.VI,
	}
	if f.has("active") {
		m.Inactive = !d.boolean(f.get("active"), path+".active", true)
	}
	if f.has("phone") {
		m.Phone = d.word(f.get("phone"), path+".phone")
		if m.Phone != "" && !phonePattern.MatchString(m.Phone) {
			d.problem(f.at("phone"), path+".phone", m.Phone, "config.bad_phone")
		}
	}
	if f.has("role") {
		m.Role = bot.Role(d.word(f.get("role"), path+".role"))
		if m.Role != "" && !contains(roles, string(m.Role)) {
			d.problem(f.at("role"), path+".role", string(m.Role), "config.bad_role", "roles", orList{"member", "chair", "admin", "viewer"})
		}
	}
	if f.has("lang") {
		m.Lang = i18n.Lang(d.word(f.get("lang"), path+".lang"))
		if m.Lang != "" && !m.Lang.Valid() {
			d.problem(f.at("lang"), path+".lang", string(m.Lang), "config.bad_lang", "langs", orList(langNames()))
		}
	}
	entries := d.list(f.get("units"), path+".units")
	for j, un := range entries {
		upath := fmt.Sprintf("%s.units[%d]", path, j)
		code := d.word(un, upath)
		switch {
		case code == "" || len(units.list) == 0: // reported already, or no units to check against
		case units.line[code] == 0:
			d.problem(un.Line, upath, code, "config.unknown_unit", "hint", closest(code, units.codes()))
		case m.Assigned(code):
			d.problem(un.Line, upath, code, "config.listed_twice")
		default:
			m.Units = append(m.Units, code)
		}
	}
	switch {
	case m.Role == bot.RoleMember && len(entries) == 0:
		d.problem(f.at("units"), path+".units", "", "config.member_no_units")
	case m.Role == bot.RoleViewer && len(entries) > 0:
		d.problem(f.at("units"), path+".units", "", "config.viewer_units")
	}
	return m, f
}

// totals checks the area totals: each names a target field, and the unit
// targets for that field add up to it (within 1e-6, for float sums).
func (d *decoder) totals(a *bot.Area, ps []pair, units *unitSet, form *bot.Form) {
	for _, p := range ps {
		v, ok := d.num(p.val, p.path)
		if !ok || !d.target(p, form, v) {
			continue
		}
		if a.Targets == nil {
			a.Targets = map[string]float64{}
		}
		a.Targets[p.key] = v
		if sum := units.sums[p.key]; !units.bad[p.key] && math.Abs(sum-v) > 1e-6 {
			d.problem(p.line, p.path, "", "config.totals_mismatch", "sum", format(sum), "total", format(v))
		}
	}
}

// deputies checks each unit's deputy against the roster: a member who may
// report (not a viewer) and is not already assigned to the unit.
func (d *decoder) deputies(c *bot.Config, units *unitSet) {
	byID := map[string]*bot.Member{}
	ids := make([]string, 0, len(c.Members))
	for i := range c.Members {
		byID[c.Members[i].ID] = &c.Members[i]
		ids = append(ids, c.Members[i].ID)
	}
	for i := range c.Units {
		u := &c.Units[i]
		if u.Deputy == "" || len(c.Members) == 0 {
			continue
		}
		path, line := units.path[u.Code]+".deputy", units.deputyAt[u.Code]
		m, ok := byID[u.Deputy]
		switch {
		case !ok:
			d.problem(line, path, u.Deputy, "config.unknown_deputy", "hint", closest(u.Deputy, ids))
		case m.Role == bot.RoleViewer:
			d.problem(line, path, u.Deputy, "config.deputy_viewer")
		case m.Assigned(u.Code):
			d.problem(line, path, u.Deputy, "config.deputy_assigned")
		default:
			continue
		}
		u.Deputy = ""
	}
}
