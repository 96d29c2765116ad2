package bot

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"fieldbot/i18n"
)

// The roster commands, by canonical name (see rosterAliases).
const (
	cmdMembers    = "members"
	cmdAddMember  = "addmember"
	cmdAssign     = "assign"
	cmdUnassign   = "unassign"
	cmdDeactivate = "deactivate"
	cmdActivate   = "activate"
	cmdTarget     = "target"
)

// rosterAliases are the roster commands' spellings, folded as in
// commandAliases: Vietnamese, accent-free, English.
var rosterAliases = map[string]string{
	"thanhvien": cmdMembers, "tv": cmdMembers, "members": cmdMembers, "roster": cmdMembers,
	"themtv": cmdAddMember, "themthanhvien": cmdAddMember, "addmember": cmdAddMember,
	"giao": cmdAssign, "phancong": cmdAssign, "assign": cmdAssign,
	"bogiao": cmdUnassign, "unassign": cmdUnassign,
	"ngung": cmdDeactivate, "deactivate": cmdDeactivate,
	"kichhoat": cmdActivate, "activate": cmdActivate,
	"chitieu": cmdTarget, "target": cmdTarget,
}

func init() { maps.Copy(commandAliases, rosterAliases) }

// rosterCommand runs a roster command and reports whether cmd was one.
// Listing is for ActRosterList, changes for ActRoster; each change is one
// edit of the roster in the turn's transaction, or a refusal that names
// the value and changes nothing.
func (t *turn) rosterCommand(cmd, arg string) (bool, error) {
	var edit func(r *Roster) *i18n.Error
	switch cmd {
	case cmdMembers:
		if !t.member.Can(ActRosterList) {
			t.say(t.p.T("roster.admins_only"))
			return true, nil
		}
		return true, t.listMembers()
	case cmdAddMember:
		edit = func(r *Roster) *i18n.Error { return addMember(r, arg) }
	case cmdAssign, cmdUnassign:
		edit = func(r *Roster) *i18n.Error { return assign(r, arg, cmd == cmdAssign) }
	case cmdDeactivate, cmdActivate:
		edit = func(r *Roster) *i18n.Error { return setActive(r, arg, cmd == cmdActivate) }
	case cmdTarget:
		edit = func(r *Roster) *i18n.Error { return t.setTargets(r, arg) }
	default:
		return false, nil
	}
	if !t.member.Can(ActRoster) {
		t.say(t.p.T("roster.admins_only"))
		return true, nil
	}
	return true, t.editRoster(cmd, edit)
}

// editRoster applies edit to a copy of the current roster and stores it
// when the whole roster still passes CheckRoster, telling the admin what
// changed; otherwise it says why, and nothing is stored.
func (t *turn) editRoster(cmd string, edit func(r *Roster) *i18n.Error) error {
	cur, err := CurrentRoster(t.tx, t.e.base)
	if err != nil {
		return err
	}
	next := cur.Clone()
	if msg := edit(next); msg != nil {
		t.say(renderNumbers(t.p, msg) + "\n" + t.p.T("roster.usage."+cmd))
		return nil
	}
	if !t.keepsAdmin(next) {
		return nil
	}
	changes, err := UpdateRoster(t.tx, t.e.base, next, t.member.ID, t.now)
	var refused *RosterError
	switch {
	case errors.As(err, &refused):
		text := t.p.T("roster.refused") + "\n" + refused.Render(t.p)
		if hint := refusalHint(t.p, cmd, refused); hint != "" {
			text += "\n" + hint
		}
		t.say(text)
		return nil
	case err != nil:
		return err
	case len(changes) == 0:
		t.say(t.p.T("roster.no_change"))
		return nil
	}
	t.say(t.p.T("roster.saved", "version", next.Version) + "\n" + RenderChanges(t.p, changes))
	return nil
}

// refusalHint is what to do next when cmd was refused for refused's
// problems: change targets in one message so the total holds; assign units
// (/giao) before reactivating a member who has none. "" when there is none.
func refusalHint(p *i18n.Printer, cmd string, refused *RosterError) string {
	for _, e := range refused.Problems {
		switch {
		case cmd == cmdTarget && e.Key == "roster.totals_mismatch":
			return p.T("roster.totals_hint")
		case cmd == cmdActivate && e.Key == "roster.member_no_units":
			return p.T("roster.activate_hint", e.Args...)
		}
	}
	return ""
}

// keepsAdmin reports whether next leaves the admin making the change an
// active admin; when not, it says so: the change would lock them out of
// the chat (a deactivated member gets no answer), with nobody to undo it.
func (t *turn) keepsAdmin(next *Roster) bool {
	if m := next.Member(t.member.ID); m != nil && !m.Inactive && m.Can(ActRoster) {
		return true
	}
	t.say(t.p.T("roster.refused") + "\n" + t.p.T("roster.self_lockout", "id", t.member.ID))
	return false
}

// listMembers answers /thanhvien: every member with role, units and whether
// they registered, the deactivated ones marked, and how many have not
// registered yet.
func (t *turn) listMembers() error {
	r, err := CurrentRoster(t.tx, t.e.base)
	if err != nil {
		return err
	}
	lines := []string{t.p.T("roster.list_title", "n", t.p.Int(int64(len(r.Members))), "version", r.Version)}
	unregistered := 0
	for _, m := range r.Members {
		ids, err := t.tx.IdentitiesOf(m.ID)
		if err != nil {
			return err
		}
		mark := "roster.registered"
		switch {
		case m.Inactive:
			mark = "roster.inactive"
		case len(ids) == 0:
			mark = "roster.unregistered"
			unregistered++
		}
		lines = append(lines, t.p.T("roster.list_line", "id", m.ID, "name", m.Name, "role", t.p.T("roster.role."+string(m.Role)),
			"units", unitList(m.Units), "mark", t.p.T(mark)))
	}
	lines = append(lines, t.p.T("roster.list_unregistered", "n", t.p.Int(int64(unregistered))), t.p.T("roster.list_help"))
	t.say(strings.Join(lines, "\n"))
	return nil
}

// roleWords are the role names an admin may type, folded.
var roleWords = map[string]Role{
	"member": RoleMember, "thanh vien": RoleMember, "tv": RoleMember,
	"chair": RoleChair, "chu tich": RoleChair, "truong ban": RoleChair, "lanh dao": RoleChair,
	"admin": RoleAdmin, "quan tri": RoleAdmin, "thuong truc": RoleAdmin,
	"viewer": RoleViewer, "xem": RoleViewer, "theo doi": RoleViewer,
}

// addMember reads "/themtv ID; Name; phone; role; units" (phone, role and
// units may be left out: member, no phone).
func addMember(r *Roster, arg string) *i18n.Error {
	parts := strings.Split(arg, ";")
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	id, name, phone, role, units := parts[0], parts[1], parts[2], parts[3], parts[4]
	if id == "" || name == "" || len(parts) > 5 {
		return i18n.Errorf("roster.bad_args")
	}
	if r.Member(id) != nil {
		return i18n.Errorf("roster.member_exists", "id", id)
	}
	m := Member{ID: id, Name: name, Phone: phone, Role: RoleMember, Lang: i18n.VI}
	if role != "" {
		rl, ok := ParseRole(role)
		if !ok {
			return i18n.Errorf("roster.bad_role_word", "role", role)
		}
		m.Role = rl
	}
	codes, err := rosterUnits(r, units)
	if err != nil {
		return err
	}
	m.Units = codes
	r.Members = append(r.Members, m)
	return nil
}

// assign reads "MEMBER UNIT..." and adds the units to the member (or takes
// them away).
func assign(r *Roster, arg string, add bool) *i18n.Error {
	id, rest, _ := strings.Cut(strings.TrimSpace(arg), " ")
	codes, err := rosterUnits(r, rest)
	switch {
	case id == "" || strings.TrimSpace(rest) == "":
		return i18n.Errorf("roster.bad_args")
	case r.Member(id) == nil:
		return i18n.Errorf("roster.unknown_member", "id", id)
	case err != nil:
		return err
	}
	m := r.Member(id)
	for _, code := range codes {
		switch {
		case add && !m.Assigned(code):
			m.Units = append(m.Units, code)
		case !add && m.Assigned(code):
			m.Units = slices.DeleteFunc(m.Units, func(u string) bool { return u == code })
		case !add:
			return i18n.Errorf("roster.not_assigned", "id", m.ID, "unit", code)
		}
	}
	return nil
}

// setActive reads "MEMBER" and deactivates (or reactivates) them.
func setActive(r *Roster, arg string, active bool) *i18n.Error {
	words := splitList(arg)
	if len(words) != 1 {
		return i18n.Errorf("roster.bad_args")
	}
	m := r.Member(words[0])
	if m == nil {
		return i18n.Errorf("roster.unknown_member", "id", words[0])
	}
	m.Inactive = !active
	return nil
}

// setTargets reads "UNIT FIELD VALUE", several separated by ";" or lines,
// so that a target moved from one unit to another keeps the declared total
// in one message. FIELD is a target field's id or quick code; VALUE is read
// the admin's way (1.234,5 in Vietnamese).
func (t *turn) setTargets(r *Roster, arg string) *i18n.Error {
	form := &t.e.cfg.Form
	codes := form.QuickCodes()
	parts := strings.FieldsFunc(arg, func(c rune) bool { return c == ';' || c == '\n' })
	if len(parts) == 0 {
		return i18n.Errorf("roster.bad_args")
	}
	for _, part := range parts {
		words := strings.Fields(part)
		if len(words) < 3 {
			return i18n.Errorf("roster.bad_args")
		}
		code, err := rosterUnit(r, words[0])
		if err != nil {
			return err
		}
		fi := slices.IndexFunc(form.Fields, func(f Field) bool { return f.ID == words[1] })
		if fi < 0 {
			fi = slices.Index(codes, i18n.Fold(words[1]))
		}
		if fi < 0 || !form.Fields[fi].Target {
			return i18n.Errorf("roster.unknown_field", "field", words[1])
		}
		f := &form.Fields[fi]
		text := strings.Join(words[2:], " ")
		v, perr := i18n.ParseNumber(t.p.Lang(), text)
		if perr != nil && f.Type == FieldMoney {
			v, perr = i18n.ParseMoney(t.p.Lang(), text, f.Scale)
		}
		if perr != nil {
			return i18n.Errorf("roster.bad_value", "value", text, "field", f.Label)
		}
		u := r.Unit(code)
		if u.Targets == nil {
			u.Targets = map[string]float64{}
		}
		u.Targets[f.ID] = v
	}
	return nil
}

// rosterUnit finds the unit typed (its code, or its name as /baocao reads
// one) in r.
func rosterUnit(r *Roster, typed string) (string, *i18n.Error) {
	if u := r.Unit(typed); u != nil {
		return u.Code, nil
	}
	want, found := unitKey(typed), ""
	for _, u := range r.Units {
		if unitKey(u.Code) == want || unitKey(u.Name.In(i18n.VI)) == want || unitKey(u.Name.In(i18n.EN)) == want {
			if found != "" {
				return "", i18n.Errorf("roster.unknown_unit_arg", "unit", typed)
			}
			found = u.Code
		}
	}
	if found == "" {
		return "", i18n.Errorf("roster.unknown_unit_arg", "unit", typed)
	}
	return found, nil
}

// rosterUnits reads a list of units, separated by commas or spaces, each
// its code or its name as /baocao reads it ("Xã Bản Thi", "ban thi"): at
// each word the longest run of words naming a unit is taken. An unknown one
// is named with the words that follow it, up to the next comma.
func rosterUnits(r *Roster, s string) ([]string, *i18n.Error) {
	var codes []string
	for _, group := range strings.Split(s, ",") {
		words := strings.Fields(group)
		for i := 0; i < len(words); {
			j := len(words)
			for ; j > i; j-- {
				if code, err := rosterUnit(r, strings.Join(words[i:j], " ")); err == nil {
					codes = append(codes, code)
					break
				}
			}
			if j == i {
				return nil, i18n.Errorf("roster.unknown_unit_arg", "unit", strings.Join(words[i:], " "))
			}
			i = j
		}
	}
	return codes, nil
}

// splitList splits on spaces and commas.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ' ' || c == '\t' || c == '\n' })
}

// ParseRole reads a role as an admin writes it: its code (member, chair,
// admin, viewer) or its name in either language, accents optional.
func ParseRole(s string) (Role, bool) {
	want := strings.Join(strings.Fields(i18n.Fold(s)), " ")
	if r, ok := roleWords[want]; ok {
		return r, true
	}
	for _, r := range []Role{RoleMember, RoleChair, RoleAdmin, RoleViewer} {
		for _, l := range i18n.Langs {
			if i18n.Fold(i18n.For(l).T("roster.role."+string(r))) == want {
				return r, true
			}
		}
	}
	return "", false
}
