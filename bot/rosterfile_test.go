package bot_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// jsonRoster is a RosterFileReader for tests: the file is a roster's JSON.
func jsonRoster(_ *bot.Config, name string, data []byte, p *i18n.Printer) (*bot.Roster, error) {
	var r bot.Roster
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, &bot.RosterFileError{Text: "bad " + name}
	}
	return &r, nil
}

// sendFile sends a document from member and returns the replies.
func (h *harness) sendFile(member, name string, data []byte) []bot.Outgoing {
	h.t.Helper()
	return h.handle(bot.Update{Chat: chat(member), UserID: member, Document: &bot.Document{Name: name, Data: data}})
}

// TestRosterFileSentToBot: an admin sends a roster file; the bot answers
// with the dry run and an Apply button, nothing stored; pressing it stores
// the roster in one version. The same file from a member is not read; a
// preview made before the roster changed again cannot be applied.
func TestRosterFileSentToBot(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, cfg)
	h.rosterFile = jsonRoster
	h.restart()
	vi := i18n.For(i18n.VI)
	next := cfg.Roster()
	next.Member("hung").Units = []string{"cao-son", "an-binh"}
	data, _ := json.Marshal(next)

	if out := texts(h.sendFile("lan", "ds.json", data)); !strings.Contains(out, vi.T("unsupported.file")) {
		t.Errorf("a member's file was read:\n%s", out)
	}
	out := texts(h.sendFile("office", "ds.json", data))
	mustContain(t, out, vi.T("roster.change.assigned", "id", "hung", "units", "an-binh"), vi.T("button.apply"))
	if v := h.rosterVersion(); v != 0 {
		t.Fatalf("the preview stored version %d", v)
	}
	mustContain(t, h.press("office", "Áp dụng"), vi.T("roster.saved", "version", 1))
	if !h.storedRoster().Member("hung").Assigned("an-binh") {
		t.Error("Apply did not store the file's roster")
	}
	mustContain(t, h.sendFile("office", "ds.json", []byte("{"))[0].Text, vi.T("roster.file_bad", "file", "ds.json"), "bad ds.json")

	next.Member("hung").Units = []string{"cao-son"}
	data, _ = json.Marshal(next)
	preview := h.sendFile("office", "ds2.json", data)[0]
	h.say("office", "/giao lan cao-son") // the roster moves on: version 2
	if len(preview.Buttons) != 1 {
		t.Fatalf("preview buttons: %+v", preview.Buttons)
	}
	stale := texts(h.handle(bot.Update{Chat: chat("office"), UserID: "office",
		Callback: &bot.Callback{ID: "cbz", Data: preview.Buttons[0].Data, MessageID: "m9"}}))
	mustContain(t, stale, vi.T("roster.file_changed", "version", 2))
	// Typed, as on Zalo and the console: the same answer.
	mustContain(t, h.say("office", preview.Buttons[0].Command), vi.T("roster.file_changed", "version", 2))
	if h.rosterVersion() != 2 {
		t.Error("a stale preview was applied")
	}
}

// TestRosterFileLeavesMemberOut: a file sent to the bot without a member's
// row deactivates that member instead of removing them, the preview says
// so, and Apply stores them deactivated.
func TestRosterFileLeavesMemberOut(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, cfg)
	h.rosterFile = jsonRoster
	h.restart()
	vi := i18n.For(i18n.VI)
	next := cfg.Roster()
	next.Member("lan").Units = []string{"an-binh", "binh-an", "cao-son"}
	next.Members = slices.DeleteFunc(next.Members, func(m bot.Member) bool { return m.ID == "hung" })
	data, _ := json.Marshal(next)
	out := texts(h.sendFile("office", "ds.json", data))
	mustContain(t, out, vi.T("roster.change.deactivated", "id", "hung", "name", "Lê Văn Hùng"), vi.T("roster.import_kept", "ids", "hung"))
	if strings.Contains(out, "− thành viên") {
		t.Fatalf("the preview removes a member:\n%s", out)
	}
	mustContain(t, h.press("office", "Áp dụng"), vi.T("roster.saved", "version", 1))
	if m := h.storedRoster().Member("hung"); m == nil || !m.Inactive || !m.Assigned("cao-son") {
		t.Fatalf("hung after Apply: %+v, want kept, deactivated, with his unit", m)
	}
	// A file without the admin's own row would lock them out: refused at the preview.
	next.Members = slices.DeleteFunc(next.Members, func(m bot.Member) bool { return m.ID == "office" })
	data, _ = json.Marshal(next)
	mustContain(t, texts(h.sendFile("office", "ds3.json", data)), vi.T("roster.self_lockout", "id", "office"))
	if h.rosterVersion() != 1 {
		t.Error("the file without the admin was stored")
	}
}

// TestRosterFileNewCodeSamePhone: a file that gives a member a new code
// (same person, same phone) keeps the old entry deactivated without the
// number, rather than refusing the file for a phone on two members.
func TestRosterFileNewCodeSamePhone(t *testing.T) {
	cfg := testConfig(t)
	cfg.Members[1].Phone = "0912 000 777" // hung
	h := newHarness(t, cfg)
	h.rosterFile = jsonRoster
	h.restart()
	vi := i18n.For(i18n.VI)
	next := cfg.Roster()
	next.Member("hung").ID = "le-van-hung"
	data, _ := json.Marshal(next)
	out := texts(h.sendFile("office", "ds.json", data))
	mustContain(t, out, vi.T("roster.import_kept", "ids", "hung"), vi.T("button.apply"))
	mustContain(t, h.press("office", "Áp dụng"), vi.T("roster.saved", "version", 1))
	r := h.storedRoster()
	if old, nw := r.Member("hung"), r.Member("le-van-hung"); old == nil || !old.Inactive || old.Phone != "" || nw == nil || nw.Phone != "0912 000 777" {
		t.Fatalf("after Apply: old %+v, new %+v", old, nw)
	}
}
