package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/i18n"
)

// rosterVersion reads the stored roster's version.
func (h *harness) rosterVersion() uint64 {
	h.t.Helper()
	var v bot.RosterStamp
	if err := h.db.View(context.Background(), func(tx bot.Tx) (err error) { v, err = tx.RosterVersion(); return err }); err != nil {
		h.t.Fatal(err)
	}
	return v.Version
}

// storedRoster reads the stored roster (the configuration's when none).
func (h *harness) storedRoster() *bot.Roster {
	h.t.Helper()
	var r *bot.Roster
	if err := h.db.View(context.Background(), func(tx bot.Tx) (err error) { r, err = bot.CurrentRoster(tx, h.cfg); return err }); err != nil {
		h.t.Fatal(err)
	}
	return r
}

// TestRosterChatAssign: an admin assigns a unit in the chat; the member's
// very next /baocao offers it, and the change is stored as a new version.
// Unassigning the only member of a unit is refused, naming the unit, and
// changes nothing.
func TestRosterChatAssign(t *testing.T) {
	h := newHarness(t, testConfig(t))
	vi := i18n.For(i18n.VI)
	out := h.say("office", "/giao hung an-binh")
	mustContain(t, out, vi.T("roster.saved", "version", 1), "hung", "an-binh")
	mustContain(t, h.say("hung", "/baocao"), "Cao Sơn commune", "An Bình commune")

	out = h.say("office", "/bogiao hung cao-son")
	mustContain(t, out, vi.T("roster.refused"), vi.T("roster.unit_unassigned", "unit", "cao-son"))
	if v := h.rosterVersion(); v != 1 {
		t.Errorf("version after a refused change = %d, want 1", v)
	}
	if m := h.storedRoster().Member("hung"); !m.Assigned("cao-son") {
		t.Errorf("refused /bogiao changed the roster: %v", m.Units)
	}
	mustContain(t, h.say("office", "/bogiao hung an-binh"), vi.T("roster.change.unassigned", "id", "hung", "units", "an-binh"))
	if strings.Contains(h.say("hung", "/huy")+h.say("hung", "/baocao"), "An Bình commune") {
		t.Error("an unassigned unit is still offered")
	}
}

// TestRosterChatBadInput: unknown member and unit codes, a missing
// argument and a duplicate phone are each refused in the admin's language,
// naming the value, and nothing is stored.
func TestRosterChatBadInput(t *testing.T) {
	h := newHarness(t, testConfig(t))
	vi, en := i18n.For(i18n.VI), i18n.For(i18n.EN)
	mustContain(t, h.say("office", "/giao ghost an-binh"), vi.T("roster.unknown_member", "id", "ghost"))
	mustContain(t, h.say("office", "/giao lan nowhere"), vi.T("roster.unknown_unit_arg", "unit", "nowhere"))
	mustContain(t, h.say("office", "/giao"), vi.T("roster.bad_args"), vi.T("roster.usage.assign"))
	mustContain(t, h.say("office", "/chitieu an-binh nothing 3"), vi.T("roster.unknown_field", "field", "nothing"))
	mustContain(t, h.say("office", "/chitieu an-binh households 2,5"), vi.T("roster.target_whole", "unit", "an-binh", "field", "Số hộ thoát nghèo", "value", "2,5"))
	mustContain(t, h.say("office", "/themtv nam; Lý Văn Nam; 0912 000 099; thành viên; cao-son"), vi.T("roster.saved", "version", 1))
	out := h.say("office", "/themtv nam2; Nam Hai; 0912000099; member; cao-son")
	mustContain(t, out, vi.T("roster.dup_phone", "phone", "0912000099", "id", "nam2", "other", "nam"))
	mustContain(t, h.say("office", "/ngonngu en"), "English")
	mustContain(t, h.say("office", "/assign lan nowhere"), en.T("roster.unknown_unit_arg", "unit", "nowhere"))
	if v := h.rosterVersion(); v != 1 {
		t.Errorf("version after refusals = %d, want 1 (the one /themtv)", v)
	}
	if r := h.storedRoster(); r.Member("nam2") != nil || len(r.Members) != 6 {
		t.Errorf("a refused change was stored: %d members", len(r.Members))
	}
}

// TestRosterChatTargets: with a declared total, one unit's target changed
// alone is refused naming the total and the sum; moved between two units in
// one message it is stored; the new target shows in the report at once.
func TestRosterChatTargets(t *testing.T) {
	cfg := testConfig(t)
	cfg.Area.Targets = map[string]float64{"households": 35}
	h := newHarness(t, cfg)
	vi := i18n.For(i18n.VI)
	out := h.say("office", "/chitieu an-binh households 25")
	mustContain(t, out, vi.T("roster.totals_mismatch", "field", "Số hộ thoát nghèo", "sum", "40", "total", "35"), vi.T("roster.totals_hint"))
	if v := h.rosterVersion(); v != 0 {
		t.Errorf("a refused target was stored (version %d)", v)
	}
	out = h.say("office", "/chitieu an-binh households 25; binh-an households 5")
	mustContain(t, out, vi.T("roster.change.target", "unit", "an-binh", "field", "Số hộ thoát nghèo", "before", "20", "after", "25"),
		vi.T("roster.change.target", "unit", "binh-an", "field", "Số hộ thoát nghèo", "before", "10", "after", "5"))
	mustContain(t, h.say("lan", "/baocao 1"), "25 hộ")
}

// TestRosterChatDeactivate: a deactivated member's chat gets nothing and
// no reminder; reactivated, they are answered again. Their units must have
// someone else first.
func TestRosterChatDeactivate(t *testing.T) {
	h := newHarness(t, testConfig(t))
	vi := i18n.For(i18n.VI)
	mustContain(t, h.say("office", "/ngung hung"), vi.T("roster.unit_unassigned", "unit", "cao-son"))
	h.say("office", "/giao lan cao-son")
	mustContain(t, h.say("office", "/ngung hung"), vi.T("roster.change.deactivated", "id", "hung", "name", "Lê Văn Hùng"))
	if out := h.say("hung", "/baocao"); out != "" {
		t.Errorf("a deactivated member was answered:\n%s", out)
	}
	if _, err := h.eng.Remind(context.Background(), 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.flush()
	for _, o := range h.rec.sent {
		if o.Chat.ChatID == "hung" {
			t.Errorf("a deactivated member got %q", o.Text)
		}
	}
	list := h.say("office", "/thanhvien")
	mustContain(t, list, vi.T("roster.inactive"), "hung")
	h.say("office", "/kichhoat hung")
	mustContain(t, h.say("hung", "/trangthai"), "Cao Sơn")
}

// TestRosterChatActivateWithoutUnits: a deactivated member left with no
// unit cannot be reactivated as they are; the refusal and /kichhoat's usage
// say to assign units first (/giao), in the admin's language, and after
// /giao the member comes back.
func TestRosterChatActivateWithoutUnits(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("office", "/giao lan cao-son")
	h.say("office", "/ngung hung")
	h.say("office", "/bogiao hung cao-son")
	for _, c := range []struct{ lang, activate, assign string }{{"vi", "/kichhoat", "/giao"}, {"en", "/activate", "/assign"}} {
		h.say("office", "/ngonngu "+c.lang)
		p := i18n.For(i18n.Lang(c.lang))
		mustContain(t, h.say("office", c.activate+" hung"), p.T("roster.refused"),
			p.T("roster.activate_hint", "id", "hung"), c.assign+" hung ")
		mustContain(t, h.say("office", c.activate), p.T("roster.usage.activate"), c.assign+" ")
	}
	h.say("office", "/ngonngu vi")
	h.say("office", "/giao hung cao-son")
	mustContain(t, h.say("office", "/kichhoat hung"), i18n.For(i18n.VI).T("roster.change.reactivated", "id", "hung", "name", "Lê Văn Hùng"))
}

// TestRosterChatPermissions: only admins change the roster; the chair may
// list it; members and viewers may do neither, and /trogiup agrees.
func TestRosterChatPermissions(t *testing.T) {
	h := newHarness(t, testConfig(t))
	vi := i18n.For(i18n.VI)
	for _, who := range []string{"lan", "chair", "view"} {
		for _, cmd := range []string{"/giao lan cao-son", "/bogiao lan an-binh", "/ngung lan", "/kichhoat lan",
			"/chitieu an-binh households 3", "/themtv x; X"} {
			mustContain(t, h.say(who, cmd), vi.T("roster.admins_only"))
		}
		help := h.say(who, "/trogiup")
		if strings.Contains(help, vi.T("help.roster")) {
			t.Errorf("%s: /trogiup lists the roster changes", who)
		}
		list := h.say(who, "/thanhvien")
		if got, want := strings.Contains(list, "Trần Thị Lan"), who == "chair"; got != want {
			t.Errorf("%s: /thanhvien listed = %v, want %v:\n%s", who, got, want, list)
		}
	}
	if v := h.rosterVersion(); v != 0 {
		t.Errorf("refused commands stored version %d", v)
	}
	mustContain(t, h.say("office", "/trogiup"), vi.T("help.roster"), vi.T("help.roster_list"))
}

// TestRosterChangedElsewhere: a roster change committed by another
// transaction (the command line's import) is seen by the engine's next turn.
func TestRosterChangedElsewhere(t *testing.T) {
	h := newHarness(t, testConfig(t))
	mustContain(t, h.say("hung", "/baocao"), "Question 1/") // one unit: straight to the questions
	h.say("hung", "/huy")
	next := h.cfg.Roster()
	next.Member("hung").Units = append(next.Member("hung").Units, "binh-an")
	err := h.db.Update(context.Background(), func(tx bot.Tx) error {
		_, err := bot.UpdateRoster(tx, h.cfg, next, "", h.now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.say("hung", "/baocao"), "Bình An commune", "Cao Sơn commune")
	if err := h.eng.Bind(context.Background(), console.Name, "x", "nobody"); err == nil {
		t.Error("Bind to a member not on the roster worked")
	}
}

// TestRosterMessagesNameFieldLabels: a change or a refusal names a target
// field by its label in the reader's language, not by its id.
func TestRosterMessagesNameFieldLabels(t *testing.T) {
	cfg := testConfig(t)
	next := cfg.Roster()
	next.Unit("an-binh").Targets["households"] = 21
	got := bot.RenderChanges(i18n.For(i18n.EN), bot.DiffRoster(&cfg.Form, cfg.Roster(), next))
	mustContain(t, got, "Households out of poverty")
	if strings.Contains(got, "households ") {
		t.Errorf("the change names the field by its id: %s", got)
	}
	next.Unit("an-binh").Targets["households"] = -1
	var refused *bot.RosterError
	if err := bot.CheckRoster(&cfg.Form, next); !errors.As(err, &refused) {
		t.Fatalf("a negative target was accepted: %v", err)
	}
	mustContain(t, refused.Render(i18n.For(i18n.VI)), "Số hộ thoát nghèo")
	mustContain(t, refused.Render(i18n.For(i18n.EN)), "Households out of poverty")
}

// TestRosterUnitNamesAndSelfLockout: /giao and /bogiao take a unit's name
// of several words as /baocao reads it; an admin cannot deactivate
// themself (they would get no answer, nobody left to undo it), and
// nothing is stored.
func TestRosterUnitNamesAndSelfLockout(t *testing.T) {
	h := newHarness(t, testConfig(t))
	vi := i18n.For(i18n.VI)
	mustContain(t, h.say("office", "/giao hung Xã An Bình, binh an"), vi.T("roster.change.assigned", "id", "hung", "units", "an-binh, binh-an"))
	mustContain(t, h.say("office", "/bogiao hung Xã Bình An"), vi.T("roster.change.unassigned", "id", "hung", "units", "binh-an"))
	mustContain(t, h.say("office", "/giao hung Xã Không Có"), vi.T("roster.unknown_unit_arg", "unit", "Xã Không Có"))
	v := h.rosterVersion()
	mustContain(t, h.say("office", "/ngung office"), vi.T("roster.self_lockout", "id", "office"))
	if h.rosterVersion() != v || h.storedRoster().Member("office").Inactive {
		t.Error("the admin deactivated themself")
	}
}
