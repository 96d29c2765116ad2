package bot_test

import (
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// closingConfig is testConfig with a close on the Monday after each week
// at 12:00, a late grace of two weeks, and Hùng as An Bình's deputy.
func closingConfig(t *testing.T) *bot.Config {
	cfg := testConfig(t)
	cfg.Period.CloseOffset = 12 * time.Hour
	cfg.Period.LateGrace = 2
	cfg.Units[0].Deputy = "hung"
	cfg.Index()
	return cfg
}

// at sets the harness clock to day/month 2020 hh:mm in the area's zone.
func (h *harness) at(day, month, hour, minute int) {
	h.now = time.Date(2020, time.Month(month), day, hour, minute, 0, 0, h.cfg.Area.Location)
}

// revisionsOf is every revision of unit's report for period.
func (h *harness) revisionsOf(period, unit string) []bot.Report {
	h.t.Helper()
	var out []bot.Report
	if err := h.db.View(h.t.Context(), func(tx bot.Tx) error {
		var err error
		out, err = tx.Revisions(period, unit)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// correctAnBinh opens An Bình's report (a correction) from the unit list
// shown and changes the households to n; it returns the reply to confirm.
func correctAnBinh(h *harness, n string) string {
	h.t.Helper()
	h.say("lan", "1") // An Bình: its review
	h.say("lan", "1") // the households question
	h.say("lan", n)
	return h.say("lan", "/xacnhan")
}

// TestCorrectUntilCloseThenLocked walks a week: the report filed on
// Wednesday is corrected on Monday morning before the close (not late);
// after the close a correction is refused with a clear message and
// nothing is saved; an admin reopens the unit for one revision, audited,
// the member is told and corrects once; then it is locked again.
func TestCorrectUntilCloseThenLocked(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	fillAnBinh(h, true)
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình (lần 1")

	h.at(21, 9, 10, 0) // Monday of week 39, before W38 closes at 12:00
	list := h.say("lan", "/baocao")
	mustContain(t, list, "tuần 39", "[/baocao tuan 38 📅 Kỳ trước: tuần 38]")
	h.say("lan", "/baocao tuan 38")
	if out := correctAnBinh(h, "13"); !strings.Contains(out, "(lần 2") || strings.Contains(out, "nộp muộn") {
		t.Errorf("a correction before the close:\n%s", out)
	}

	h.at(21, 9, 12, 30) // after the close: Bình An's missing report may still be filed, late
	out := h.say("lan", "/baocao tuan 38")
	mustContain(t, out, "🔒 Xã An Bình", "⏳ Xã Bình An")
	out = h.say("lan", "1")
	mustContain(t, out, "Báo cáo tuần 38 (14/09–20/09/2020) của Xã An Bình đã khóa từ 21/09/2020 12:00")
	if revs := h.revisionsOf("2020-W38", "an-binh"); len(revs) != 2 {
		t.Fatalf("revisions after a refused correction = %d", len(revs))
	}
	h.say("lan", "/huy")

	mustContain(t, h.say("lan", "/molai an-binh tuan 38"), "Chỉ cơ quan thường trực")
	mustContain(t, h.say("office", "/molai xa an binh"),
		"Đã mở lại báo cáo tuần 38 (14/09–20/09/2020) của Xã An Bình: gửi được một lần nữa, đến 24/09/2020 12:30")
	mustContain(t, texts(h.rec.sent), "Cơ quan thường trực đã mở lại báo cáo tuần 38", "Gõ /baocao tuan 38 để báo cáo.")
	h.say("lan", "/baocao tuan 38")
	mustContain(t, correctAnBinh(h, "14"), "(lần 3")
	revs := h.revisionsOf("2020-W38", "an-binh")
	if len(revs) != 3 || revs[2].Values["households"].Num != 14 || revs[2].Late {
		t.Fatalf("revisions after the reopening = %+v", revs)
	}
	h.say("lan", "/baocao tuan 38")
	mustContain(t, h.say("lan", "1"), "đã khóa từ") // once: locked again
	var audit []bot.AuditEntry
	if err := h.db.View(t.Context(), func(tx bot.Tx) error {
		var err error
		audit, err = auditLog(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range audit {
		if a.Action == "reopen" && a.Member == "office" && strings.HasPrefix(a.Detail, "2020-W38/an-binh until") {
			found = true
		}
	}
	if !found {
		t.Errorf("the reopening is not audited: %+v", audit)
	}
	mustContain(t, h.say("office", "/molai an-binh tuan 39"), "vẫn còn sửa được đến 28/09/2020 12:00")
	mustContain(t, h.say("office", "/molai khong-co"), "khong-co")
}

// TestLateFiling: a missing report is filed for a past week within the
// grace, chosen by command or from the unit list's button; it is marked late
// in the store, on saving and in the status; beyond the grace it is refused.
func TestLateFiling(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(30, 9, 9, 0) // Wednesday of week 40: weeks 38 and 39 are within the grace
	st := h.say("lan", "/trangthai")
	mustContain(t, st, "⏳ tuần 39 (21/09–27/09/2020): Xã An Bình, Xã Bình An chưa báo cáo, còn báo cáo bổ sung được: /baocao tuan 39",
		"⏳ tuần 38 (14/09–20/09/2020)")
	list := h.say("lan", "/baocao")
	mustContain(t, list, "📅 Kỳ trước: tuần 39", "📅 Kỳ trước: tuần 38")
	out := h.press("lan", "tuần 38")
	mustContain(t, out, "Báo cáo tuần 38", "báo cáo gửi bây giờ được ghi là nộp muộn", "⏳ Xã An Bình")
	mustContain(t, h.say("lan", "1"), "Câu 1/9 · Xã An Bình")
	review := fillAnBinh(h, false)
	mustContain(t, review, "Đây là báo cáo của kỳ trước")
	saved := h.say("lan", "/xacnhan")
	mustContain(t, saved, "Đã lưu báo cáo của Xã An Bình (lần 1", "Báo cáo tuần 38 (14/09–20/09/2020) được ghi là nộp muộn.")
	revs := h.revisionsOf("2020-W38", "an-binh")
	if len(revs) != 1 || !revs[0].Late {
		t.Fatalf("late revisions = %+v", revs)
	}
	mustContain(t, h.say("lan", "/trangthai tuan 38"), "✅ Xã An Bình — đã báo cáo lúc 30/09/2020 09:00 (lần 1, nộp muộn)", "⏳ Xã Bình An")
	if revs := h.revisionsOf("2020-W40", "an-binh"); len(revs) != 0 {
		t.Errorf("the late report went to the current week: %+v", revs)
	}

	// A unit and a week named together open that unit's report for the week.
	mustContain(t, h.say("lan", "/baocao xa binh an tuan 38"), "Báo cáo tuần 38 (14/09–20/09/2020) của Xã Bình An.", "· Xã Bình An")
	h.say("lan", "/huy")

	// A late report, once filed, is locked like any other: not corrected.
	h.say("lan", "/baocao tuan 38")
	mustContain(t, h.say("lan", "1"), "đã khóa từ 21/09/2020 12:00")
	h.say("lan", "/huy")

	// Beyond the grace (week 37 from week 40): refused, nothing saved.
	out = h.say("lan", "/baocao tuan 37")
	mustContain(t, out, "Các báo cáo tuần 37 (07/09–13/09/2020) của anh/chị đã khóa")
	mustContain(t, h.say("hung", "/report week 37"), "Cao Sơn commune has no week 37", "the time for late reports is over")
	if revs := h.revisionsOf("2020-W37", "an-binh"); len(revs) != 0 {
		t.Errorf("a report beyond the grace was saved: %+v", revs)
	}
	mustContain(t, h.say("lan", "/baocao tuan 41"), "chưa bắt đầu")
	mustContain(t, h.say("lan", "/baocao thang 8"), "hệ thống báo cáo theo tuần")
	mustContain(t, h.say("lan", "/baocao tuan 60"), "Không có kỳ báo cáo “tuan 60”")
}

// TestDefaultConfigLocksAtPeriodEnd: without close or grace the behaviour is
// today's: a past week cannot be opened, and a report filed after the
// deadline but within its week is marked late.
func TestDefaultConfigLocksAtPeriodEnd(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.at(18, 9, 18, 0) // Friday after the 17:00 deadline
	fillAnBinh(h, true)
	mustContain(t, h.say("lan", "/xacnhan"), "được ghi là nộp muộn")
	h.at(22, 9, 9, 0)
	mustContain(t, h.say("lan", "/baocao tuan 38"), "đã khóa")
	if out := h.say("lan", "/baocao"); strings.Contains(out, "Kỳ trước") {
		t.Errorf("an earlier week offered without a grace:\n%s", out)
	}
}

// auditLog reads the audit log through the store's checker view.
func auditLog(tx bot.Tx) ([]bot.AuditEntry, error) {
	type auditor interface {
		AuditLog() ([]bot.AuditEntry, error)
	}
	if a, ok := tx.(auditor); ok {
		return a.AuditLog()
	}
	return nil, nil
}

// remindAt runs reminder slot at h.now and returns what each chat got.
func remindAt(h *harness, slot int) map[string]string {
	h.t.Helper()
	before := len(h.rec.sent)
	if _, err := h.eng.Remind(h.t.Context(), slot, h.now); err != nil {
		h.t.Fatal(err)
	}
	h.flush()
	got := map[string]string{}
	for _, o := range h.rec.sent[before:] {
		got[o.Chat.ChatID] += texts([]bot.Outgoing{o})
	}
	return got
}

// TestLeavePausesRemindersAndShowsInStatus: /nghi sets a leave; the
// reminders on those days skip the member, the chair's status shows
// "nghỉ phép", and the deputy gets the unit's reminder and may report on it
// then, and not once the leave is cancelled. Bad ranges change nothing.
func TestLeavePausesRemindersAndShowsInStatus(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	for in, want := range map[string]string{
		"/nghi 20/09-18/09":       "Ngày kết thúc 18/09/2020 trước ngày bắt đầu 20/09/2020.",
		"/nghi 32/09-01/10":       "Không đọc được ngày “32/09”",
		"/nghi 01/09-05/09/2020":  "Lịch nghỉ đã kết thúc (05/09/2020) trước hôm nay.",
		"/nghi 16/09-30/12":       "tối đa 60 ngày",
		"/nghi mai":               "Không đọc được ngày “mai”",
		"/nghi huy":               "không có lịch nghỉ phép nào",
		"/nghi":                   "Gõ /nghi và ngày nghỉ",
		"/nghi 17/09/2020-2/2/21": "Không đọc được ngày",
	} {
		mustContain(t, h.say("lan", in), want)
	}
	if out := h.say("hung", "/report"); strings.Contains(out, "An Bình") {
		t.Errorf("the deputy may report while the member is not on leave:\n%s", out)
	}
	h.say("hung", "/cancel")
	set := h.say("lan", "/nghi 17/09 - 19/09")
	mustContain(t, set, "Đã ghi nghỉ phép từ 17/09/2020 đến 19/09/2020", "• Xã An Bình: Lê Văn Hùng báo cáo thay.")
	mustContain(t, h.say("lan", "/nghi"), "từ 17/09/2020 đến 19/09/2020")

	got := remindAt(h, 0) // Wednesday: not on leave yet
	mustContain(t, got["lan"], "Trần Thị Lan")
	if strings.Contains(got["hung"], "An Bình") {
		t.Errorf("the deputy reminded of An Bình before the leave:\n%s", got["hung"])
	}
	h.at(17, 9, 8, 0) // Thursday: on leave
	got = remindAt(h, 1)
	if got["lan"] != "" {
		t.Errorf("a member on leave reminded:\n%s", got["lan"])
	}
	mustContain(t, got["hung"], "An Bình commune", "Cao Sơn commune")
	mustContain(t, h.say("chair", "/trangthai"), "⏳ Xã An Bình — phụ trách: Trần Thị Lan (nghỉ phép); báo cáo thay: Lê Văn Hùng",
		"⏳ Xã Bình An — phụ trách: Trần Thị Lan (nghỉ phép)")

	// The deputy reports on An Bình: it is in his list, second after his own unit.
	list := h.say("hung", "/report")
	mustContain(t, list, "1. ⏳ Cao Sơn commune", "2. ⏳ An Bình commune")
	h.say("hung", "2")
	for _, in := range []string{"12", "250.5", "/skip", "/skip", "2", "yes", "/skip", "/skip"} {
		h.say("hung", in)
	}
	h.say("hung", "/skip")
	mustContain(t, h.say("hung", "/confirm"), "Saved the report for An Bình commune")
	if revs := h.revisions("an-binh"); len(revs) != 1 || revs[0].Member != "hung" {
		t.Fatalf("the deputy's report = %+v", revs)
	}

	mustContain(t, h.say("lan", "/nghi huy"), "Đã hủy lịch nghỉ phép")
	if out := h.say("hung", "/report"); strings.Contains(out, "An Bình") {
		t.Errorf("the deputy may still report after the leave was cancelled:\n%s", out)
	}
	got = remindAt(h, 2)
	mustContain(t, got["lan"], "Xã Bình An")
}

// TestNudgeRemindsTheLateOnce: the escalation carries "Nhắc ngay"; pressing
// it reminds the late members (not those on leave), once however often it
// is pressed; /nhacngay typed does the same; members may not nudge.
func TestNudgeRemindsTheLateOnce(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.say("hung", "/leave 18/09")
	h.at(18, 9, 17, 5)
	if _, err := h.eng.Escalate(t.Context(), h.now); err != nil {
		t.Fatal(err)
	}
	h.flush()
	esc := h.last("chair")
	mustContain(t, texts([]bot.Outgoing{esc}), "[/nhacngay tuan 38 🔔 Nhắc ngay]", "Lê Văn Hùng (nghỉ phép)")
	before := len(h.rec.sent)
	out := h.press("chair", "Nhắc ngay")
	mustContain(t, out, "Đã nhắc 1 thành viên chưa báo cáo tuần 38 (14/09–20/09/2020): Trần Thị Lan.")
	count := func() (lan, hung int) {
		for _, o := range h.rec.sent[before:] {
			switch o.Chat.ChatID {
			case "lan":
				lan++
			case "hung":
				hung++
			}
		}
		return
	}
	if lan, hung := count(); lan != 1 || hung != 0 {
		t.Errorf("after one press: lan %d, hung %d messages", lan, hung)
	}
	mustContain(t, texts([]bot.Outgoing{h.last("lan")}), "đã quá hạn nộp báo cáo tuần 38", "[/baocao 1 📝 Xã An Bình]")
	h.rec.sent = append(h.rec.sent, esc) // the escalation again on top, to press it twice
	mustContain(t, h.press("chair", "Nhắc ngay"), "không gửi lại")
	mustContain(t, h.say("chair", "/nhacngay"), "không gửi lại")
	if lan, _ := count(); lan != 1 {
		t.Errorf("after three presses: lan got %d messages", lan)
	}
	mustContain(t, h.say("lan", "/nhacngay"), "Chỉ lãnh đạo")

	// On Monday the week is over: the nudge's buttons name it.
	h.at(21, 9, 9, 0)
	h.say("chair", "/nhacngay tuan 38")
	rem := h.last("lan")
	mustContain(t, texts([]bot.Outgoing{rem}), "[/baocao tuan 38 1 📝 Xã An Bình]")
	mustContain(t, h.press("lan", "Xã An Bình"), "Câu 1/9 · Xã An Bình")
	fillAnBinh(h, false)
	h.say("lan", "/xacnhan")
	if revs := h.revisionsOf("2020-W38", "an-binh"); len(revs) != 1 || !revs[0].Late {
		t.Errorf("the nudged report = %+v", revs)
	}
}

// TestDraftKeptUntilClose: a review left on Sunday morning is still there
// on Monday before the close, more than a day later, and is saved to its
// own week (late: after Friday's deadline), not moved to the new one.
func TestDraftKeptUntilClose(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(20, 9, 10, 0)
	fillAnBinh(h, true)
	h.at(21, 9, 11, 30)
	saved := h.say("lan", "/xacnhan")
	mustContain(t, saved, "Đã lưu báo cáo của Xã An Bình (lần 1", "được ghi là nộp muộn")
	if revs := h.revisionsOf("2020-W38", "an-binh"); len(revs) != 1 || !revs[0].Late {
		t.Errorf("week 38 revisions = %+v", revs)
	}
	if revs := h.revisionsOf("2020-W39", "an-binh"); len(revs) != 0 {
		t.Errorf("the draft was moved to week 39: %+v", revs)
	}
}

// TestOneUnitMemberIsOfferedTheLateWeek: a member with one unit, who goes
// straight to its first question otherwise, sees the unit list when an
// earlier week may still be filed, with that week's button; pressing it
// names the week and opens its first question.
func TestOneUnitMemberIsOfferedTheLateWeek(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	list := h.say("hung", "/report")
	mustContain(t, list, "1. ⏳ Cao Sơn commune", "[/report week 37 📅 Earlier: week 37]", "[/report week 36 📅 Earlier: week 36]")
	out := h.press("hung", "week 37")
	mustContain(t, out, "The week 37 (07/09–13/09/2020) report of Cao Sơn commune.", "a report sent now is marked late",
		"Question 1/9 · Cao Sơn commune")
	h.say("hung", "/cancel")
	h.say("hung", "/report week 37") // typed, the same
	mustContain(t, h.last("hung").Text, "Question 1/9 · Cao Sơn commune")
}

// TestOfficeSetsAnotherMembersLeave: an admin may set and cancel another
// member's leave, who is told; a member may not set someone else's.
func TestOfficeSetsAnotherMembersLeave(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	mustContain(t, h.say("hung", "/leave lan 17/09-18/09"), "Only the standing office")
	mustContain(t, h.say("office", "/nghi lan 17/09-18/09"), "Đã ghi nghỉ phép cho Trần Thị Lan từ 17/09/2020 đến 18/09/2020",
		"• Xã An Bình: Lê Văn Hùng báo cáo thay.")
	mustContain(t, h.last("lan").Text, "Cơ quan thường trực đã ghi nghỉ phép cho anh/chị từ 17/09/2020 đến 18/09/2020")
	mustContain(t, h.say("lan", "/nghi"), "Anh/chị đang báo nghỉ phép từ 17/09/2020 đến 18/09/2020")
	mustContain(t, h.say("office", "/nghi view 17/09"), "Đoàn kiểm tra không phụ trách đơn vị nào")
	mustContain(t, h.say("office", "/nghi lan huy"), "Đã hủy lịch nghỉ phép của Trần Thị Lan")
	mustContain(t, h.last("lan").Text, "Cơ quan thường trực đã hủy lịch nghỉ phép")
	mustContain(t, h.say("lan", "/nghi"), "Gõ /nghi và ngày nghỉ")
}

// TestReturnOfALockedReportReopensIt: with approval on, a report returned
// after its week locked is reopened for the correction (audited); the
// member's notice has the button for that week, and the correction is
// saved to it, once.
func TestReturnOfALockedReportReopensIt(t *testing.T) {
	cfg := closingConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	fillAnBinh(h, true)
	h.say("lan", "/xacnhan")
	h.at(22, 9, 9, 0) // Tuesday of week 39: week 38 locked since Monday 12:00
	h.say("chair", "/xem an-binh 2020-W38")
	h.press("chair", "Trả lại")
	before := len(h.rec.sent)
	mustContain(t, h.say("chair", "Số hộ chưa khớp"), "Đã trả lại báo cáo của Xã An Bình")
	mustContain(t, texts(h.rec.sent[before:]), "Lý do: Số hộ chưa khớp", "[/baocao tuan 38 1 ✏ Sửa báo cáo Xã An Bình]")
	if !auditHas(t, h, "reopen", "2020-W38/an-binh until 2020-09-25T02:00:00Z (returned)") {
		t.Error("the reopening for the return is not audited")
	}
	mustContain(t, h.press("lan", "Sửa báo cáo"), "Báo cáo tuần 38 (14/09–20/09/2020) của Xã An Bình.", "Kiểm tra lại báo cáo")
	h.say("lan", "1")
	h.say("lan", "11")
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình (lần 2")
	if revs := h.revisionsOf("2020-W38", "an-binh"); len(revs) != 2 || revs[1].Values["households"].Num != 11 {
		t.Fatalf("week 38 after the correction = %+v", revs)
	}
	h.say("lan", "/baocao tuan 38")
	mustContain(t, h.say("lan", "1"), "đã khóa từ") // the reopening is used up
}
