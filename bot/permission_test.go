package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// policy is the permission table written out independently of the code:
// what each role may do, by command or job. The tests hold the engine to it.
var policy = map[bot.Role]map[string]bool{
	bot.RoleMember: {"report": true, "status": true, "remind": true, "web": true, "history": true, "leave": true},
	bot.RoleChair:  {"report": true, "status": true, "statusAll": true, "summary": true, "remind": true, "escalate": true, "digest": true, "web": true, "history": true, "historyAll": true, "review": true, "leave": true, "nudge": true, "rosterList": true},
	bot.RoleAdmin:  {"report": true, "status": true, "statusAll": true, "summary": true, "invite": true, "remind": true, "alert": true, "web": true, "history": true, "historyAll": true, "review": true, "leave": true, "nudge": true, "reopen": true, "export": true, "rosterList": true, "roster": true},
	bot.RoleViewer: {"summary": true, "digest": true, "web": true, "history": true, "historyAll": true},
}

// policyActions maps the policy's words to the permission table's actions.
var policyActions = map[string]bot.Action{
	"report": bot.ActReport, "status": bot.ActStatusOwn, "statusAll": bot.ActStatusAll,
	"summary": bot.ActSummary, "invite": bot.ActInvite, "remind": bot.ActRemind,
	"escalate": bot.ActEscalation, "digest": bot.ActDigest, "alert": bot.ActAlert, "web": bot.ActWeb,
	"rosterList": bot.ActRosterList, "roster": bot.ActRoster,
	"history": bot.ActHistory, "historyAll": bot.ActHistoryAll, "review": bot.ActReview,
	"leave": bot.ActLeave, "nudge": bot.ActNudge, "reopen": bot.ActReopen,
	"export": bot.ActExport,
}

// roleIDs names the one roster member of each role in roleConfig.
var roleIDs = map[bot.Role]string{bot.RoleMember: "m", bot.RoleChair: "c", bot.RoleAdmin: "a", bot.RoleViewer: "v"}

// roleConfig is testConfig with one member per role, every one with a unit
// (the viewer too, so what refuses is the role, not a lack of units), and
// "gone", a member the bot cannot reach.
func roleConfig(t *testing.T) *bot.Config {
	cfg := testConfig(t)
	cfg.Members = []bot.Member{
		{ID: "m", Name: "Thành viên", Role: bot.RoleMember, Lang: i18n.VI, Units: []string{"an-binh"}},
		{ID: "c", Name: "Trưởng ban", Role: bot.RoleChair, Lang: i18n.VI, Units: []string{"binh-an"}},
		{ID: "a", Name: "Thường trực", Role: bot.RoleAdmin, Lang: i18n.VI, Units: []string{"cao-son"}},
		{ID: "v", Name: "Kiểm tra", Role: bot.RoleViewer, Lang: i18n.VI, Units: []string{"cao-son"}},
		{ID: "gone", Name: "Người vắng", Role: bot.RoleMember, Lang: i18n.VI, Units: []string{"an-binh"}},
	}
	cfg.Index()
	return cfg
}

// fakeDigest renders a marker per language, enough to see who got a digest.
var fakeDigest = digestFunc(func(p bot.Period, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	out := map[i18n.Lang]bot.DigestMessage{}
	for _, l := range langs {
		out[l] = bot.DigestMessage{Text: "DIGEST " + p.Key}
	}
	return out, nil
})

// TestPolicyMatchesTable: the table says what the policy says.
func TestPolicyMatchesTable(t *testing.T) {
	if len(policyActions) != len(bot.Actions()) {
		t.Fatalf("policy covers %d actions, the table has %d", len(policyActions), len(bot.Actions()))
	}
	for role, allowed := range policy {
		for name, a := range policyActions {
			if got := role.Can(a); got != allowed[name] {
				t.Errorf("%s.Can(%s) = %v, want %v", role, name, got, allowed[name])
			}
		}
	}
	if bot.Role("").Can(bot.ActStatusOwn) || bot.Role("boss").Can(bot.ActInvite) {
		t.Error("an unknown role may do something")
	}
}

// TestPermissionCommands runs every command as every role through the
// engine and checks it is answered, or refused, as the policy says.
func TestPermissionCommands(t *testing.T) {
	vi := i18n.For(i18n.VI)
	for role, id := range roleIDs {
		t.Run(string(role), func(t *testing.T) {
			h := newDigestHarness(t, roleConfig(t), fakeDigest)
			err := h.db.Update(t.Context(), func(tx bot.Tx) error {
				return tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "9", Member: "gone", Unreachable: bot.ReasonBlocked})
			})
			if err != nil {
				t.Fatal(err)
			}
			may := policy[role]
			expect := func(cmd, what string, allowed bool, out, sign string) {
				t.Helper()
				if got := strings.Contains(out, sign); got != allowed {
					t.Errorf("%s: %s allowed = %v, want %v; reply:\n%s", cmd, what, got, allowed, out)
				}
			}
			mustContain(t, h.say(id, "/huy"), vi.T("cancel.nothing"))
			mustContain(t, h.say(id, "/ngonngu"), vi.T("lang.choose"))

			help := h.say(id, "/trogiup")
			mustContain(t, help, vi.T("help.cancel"), vi.T("help.lang"), vi.T("help.help"))
			for name, key := range map[string]string{"report": "help.report", "status": "help.status",
				"summary": "help.summary", "invite": "help.invite", "leave": "help.leave", "nudge": "help.nudge", "reopen": "help.reopen", "export": "help.export",
				"rosterList": "help.roster_list", "roster": "help.roster"} {
				expect("/trogiup", "lists "+name, may[name], help, vi.T(key))
			}

			st := h.say(id, "/trangthai")
			expect("/trangthai", "status", may["status"], st, vi.T("status.title", "period", "tuần 38 (14/09–20/09/2020)", "deadline", "18/09/2020 17:00"))
			expect("/trangthai", "refusal", !may["status"], st, vi.T("status.viewer"))
			expect("/trangthai", "every unit", may["statusAll"], st, vi.T("status.overview", "done", 0, "total", 3))
			expect("/trangthai", "unreachable list", may["statusAll"], st, vi.T("status.unreachable"))

			sum := h.say(id, "/tonghop")
			expect("/tonghop", "digest", may["summary"], sum, "DIGEST 2020-W38")
			expect("/tonghop", "refusal", !may["summary"], sum, vi.T("summary.leaders_only"))

			list := h.say(id, "/thanhvien")
			expect("/thanhvien", "roster list", may["rosterList"], list, vi.T("roster.list_title", "n", 5, "version", 0))
			expect("/thanhvien", "refusal", !may["rosterList"], list, vi.T("roster.admins_only"))
			// roleConfig's viewer has a unit, which CheckRoster refuses:
			// an admin's change is answered with that, never "admins only".
			assign := h.say(id, "/giao m cao-son")
			expect("/giao", "roster change", may["roster"], assign, vi.T("roster.refused"))
			expect("/giao", "refusal", !may["roster"], assign, vi.T("roster.admins_only"))

			inv := h.say(id, "/moi")
			expect("/moi", "unregistered list", may["invite"], inv, vi.T("invite.usage"))
			expect("/moi", "refusal", !may["invite"], inv, vi.T("invite.admins_only"))

			leave := h.say(id, "/nghi")
			expect("/nghi", "usage", may["leave"], leave, vi.T("leave.usage"))
			expect("/nghi", "refusal", !may["leave"], leave, vi.T("leave.no_units"))

			nudge := h.say(id, "/nhacngay tuan 38") // week 37 is locked: nobody may file it
			expect("/nhacngay", "reminders", may["nudge"], nudge, "Đã nhắc")
			expect("/nhacngay", "refusal", !may["nudge"], nudge, vi.T("nudge.not_allowed"))

			reopen := h.say(id, "/molai an-binh")
			expect("/molai", "reopened", may["reopen"], reopen, "Đã mở lại báo cáo tuần 37")
			expect("/molai", "refusal", !may["reopen"], reopen, vi.T("reopen.not_allowed"))

			exp := h.say(id, "/xuat")
			expect("/xuat", "refusal", !may["export"], exp, vi.T("export.admins_only"))

			rep := h.say(id, "/baocao")
			// Every role here has one unit: its report opens at once, no list to choose from.
			expect("/baocao", "first question", may["report"], rep, "Câu 1/")
			expect("/baocao", "refusal", !may["report"], rep, vi.T("report.no_units"))
		})
	}
}

// TestPermissionJobs runs each scheduled job and checks who receives it.
func TestPermissionJobs(t *testing.T) {
	jobs := map[string]func(h *harness) (int, error){
		"remind":   func(h *harness) (int, error) { return h.eng.Remind(context.Background(), 0, h.now) },
		"escalate": func(h *harness) (int, error) { return h.eng.Escalate(context.Background(), h.now) },
		"digest":   func(h *harness) (int, error) { return h.eng.SendDigest(context.Background(), h.eng.PeriodAt(h.now)) },
		"alert": func(h *harness) (int, error) {
			return h.eng.StorageRecovered(context.Background(), h.now.Add(-time.Hour), h.now)
		},
	}
	for job, run := range jobs {
		t.Run(job, func(t *testing.T) {
			h := newDigestHarness(t, roleConfig(t), fakeDigest)
			if _, err := run(h); err != nil {
				t.Fatal(err)
			}
			h.flush()
			got := map[string]bool{}
			for _, o := range h.rec.sent {
				got[o.Chat.ChatID] = true
			}
			for role, id := range roleIDs {
				if got[id] != policy[role][job] {
					t.Errorf("%s: %s (%s) received = %v, want %v", job, id, role, got[id], policy[role][job])
				}
			}
		})
	}
}
