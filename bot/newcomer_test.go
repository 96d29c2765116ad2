package bot_test

import (
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/i18n"
)

// fillAnBinhWith answers An Bình's questions like fillAnBinh, with the
// given households and disbursed figures, and returns the review.
func fillAnBinhWith(h *harness, households, disbursed string) string {
	h.t.Helper()
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", households)
	h.say("lan", disbursed)
	for _, in := range []string{"/boqua", "/boqua", "2", "có", "/boqua", "/boqua"} {
		h.say("lan", in)
	}
	return h.say("lan", "/boqua")
}

// TestReviewHintNamesTheButtonShown: the review's hint names the confirm
// button as it reads, with warnings and without, in both languages.
func TestReviewHintNamesTheButtonShown(t *testing.T) {
	h := newHarness(t, testConfig(t))
	vi := i18n.For(i18n.VI)
	warned := fillAnBinhWith(h, "12", "700") // above the plan of 600
	mustContain(t, warned, "⚠ ", "“"+vi.T("button.confirm_warnings")+"”")
	if strings.Contains(warned, "Bấm Xác nhận") {
		t.Errorf("the hint names a button that is not shown:\n%s", warned)
	}
	h.say("lan", "1")
	calm := h.say("lan", "12") // households kept; back to the review
	calm = h.say("lan", "2")
	calm = h.say("lan", "250,5")
	mustContain(t, calm, vi.T("review.hint"), vi.T("button.confirm"))
	if strings.Contains(calm, "⚠") {
		t.Errorf("warning left after the fix:\n%s", calm)
	}
	en := i18n.For(i18n.EN)
	h.say("lan", "/ngonngu en")
	h.say("lan", "2")
	warnedEN := h.say("lan", "800")
	mustContain(t, warnedEN, "“"+en.T("button.confirm_warnings")+"”")
}

// TestLowerRunningTotalWarnedOnce: a corrected running total lower than both
// last week's report and this week's first revision gets one warning.
func TestLowerRunningTotalWarnedOnce(t *testing.T) {
	h := newHarness(t, testConfig(t))
	fillAnBinhWith(h, "12", "250,5")
	h.say("lan", "/xacnhan")
	h.now = h.now.AddDate(0, 0, 7) // week 39
	fillAnBinhWith(h, "12", "250,5")
	h.say("lan", "/xacnhan")
	h.say("lan", "/baocao")
	h.say("lan", "1") // the review of revision 1
	h.say("lan", "1")
	review := h.say("lan", "10")
	if n := strings.Count(review, "Số hộ thoát nghèo: 10 hộ thấp hơn"); n != 1 {
		t.Errorf("%d warnings for one lower figure:\n%s", n, review)
	}
	mustContain(t, review, "thấp hơn số lũy kế đã báo cáo ngày 16/09/2020 (12 hộ)")
	// Lower than the revision only (last week's was lower still): that one.
	h.say("lan", "1")
	h.say("lan", "13")
	h.say("lan", "/xacnhan")
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "1")
	mustContain(t, h.say("lan", "12,0"), "thấp hơn lần báo cáo 2 của kỳ này (13 hộ)")
}

// TestNotANumberOnMoney: words and programmers' notations on a money
// question are refused as not a number, and each refusal gives "Ví dụ"
// once, whether or not the question's help has an example.
func TestNotANumberOnMoney(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12")
	for _, in := range []string{"abc", "NaN", "1e309", "0x1F"} {
		out := h.say("lan", in)
		mustContain(t, out, "“"+in+"” không phải là số")
		if strings.Contains(out, "đơn vị “") {
			t.Errorf("%s refused as a unit:\n%s", in, out)
		}
		if n := strings.Count(strings.ToLower(out), "ví dụ"); n != 1 {
			t.Errorf("%s: “ví dụ” %d times:\n%s", in, n, out)
		}
	}
	out := h.say("lan", "-5") // below the minimum: the type's example line
	mustContain(t, out, "Ví dụ: 350,5 (triệu đồng)")
}

// TestExampleOnceWithHelp: on the demo's questions, whose help has an
// example, a refusal does not add another.
func TestExampleOnceWithHelp(t *testing.T) {
	h := newHarness(t, config.Demo())
	h.say("nguyen-van-an", "/baocao")
	h.say("nguyen-van-an", "2")
	for _, in := range []string{"abc", "-3", "5.98"} {
		out := h.say("nguyen-van-an", in)
		if n := strings.Count(strings.ToLower(out), "ví dụ:"); n != 1 {
			t.Errorf("%s: “Ví dụ:” %d times:\n%s", in, n, out)
		}
	}
}

// TestForgedReminderPayloadAsksAgain: a reminder payload that names no unit
// number, pressed mid-report, is stale and the open question is asked again.
func TestForgedReminderPayloadAsksAgain(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	out := texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan",
		Callback: &bot.Callback{ID: "forged", Data: "R:abc", MessageID: "m1"}}))
	mustContain(t, out, i18n.For(i18n.VI).T("button.stale"), "Câu 1/9 · Xã An Bình")
}

// TestEscalationReadsOnce: the escalation names the period and the deadline
// without two brackets in a row.
func TestEscalationReadsOnce(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.now = time.Date(2020, 9, 18, 17, 30, 0, 0, h.cfg.Area.Location)
	if _, err := h.eng.Escalate(t.Context(), h.now); err != nil {
		t.Fatal(err)
	}
	h.flush()
	out := texts(h.rec.sent)
	mustContain(t, out, "Đã quá hạn nộp báo cáo tuần 38 (14/09–20/09/2020): hạn chót là 18/09/2020 17:00.")
	if strings.Contains(out, ") (") {
		t.Errorf("two brackets in a row:\n%s", out)
	}
}

// TestInviteForRegisteredMember: /moi for a registered member says where
// they are registered and what the new code does; for one who is not, it
// makes the code without that note.
func TestInviteForRegisteredMember(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, cfg) // binds every member on the console
	cfg.Members = append(cfg.Members, bot.Member{ID: "moi", Name: "Người Mới", Role: bot.RoleMember, Lang: i18n.VI})
	cfg.Index() // a member added after: not registered
	out := h.say("office", "/moi lan")
	mustContain(t, out, "Trần Thị Lan đã đăng ký (trên bảng điều khiển)", "chỉ để thêm một tài khoản nữa", "Mã mời cho Trần Thị Lan")
	out = h.say("office", "/moi moi")
	mustContain(t, out, "Mã mời cho Người Mới")
	if strings.Contains(out, "đã đăng ký") {
		t.Errorf("an unregistered member called registered:\n%s", out)
	}
}

// TestReminderMidReportIsTypeable: a reminder arriving mid-report shows its
// buttons as commands the console can type ("/baocao 2"), not as numbers
// that would answer the open question; typing one keeps the report under
// way and asks its question again; with no report open it starts that unit.
func TestReminderMidReportIsTypeable(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	before := len(h.rec.sent)
	if _, err := h.eng.Remind(t.Context(), 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.flush()
	reminder := texts(h.rec.sent[before:])
	mustContain(t, reminder, "[/baocao 1 ▶ Tiếp tục Xã An Bình] [/baocao 2 📝 Xã Bình An]")
	mustContain(t, h.say("lan", "/baocao 2"), "đang báo cáo dở cho Xã An Bình", "Câu 1/9 · Xã An Bình")
	h.say("lan", "/huy")
	mustContain(t, h.say("lan", "/baocao 2"), "Câu 1/10 · Xã Bình An")
}

// TestNothingBeforeTheUnitList: back (or skip, or confirm) at the unit list
// says it is the first step, not "choose a number".
func TestNothingBeforeTheUnitList(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	for _, in := range []string{"/quaylai", "/boqua", "/xacnhan"} {
		out := h.say("lan", in)
		mustContain(t, out, "Đây là bước đầu tiên", "Chọn đơn vị")
		if strings.Contains(out, "Vui lòng chọn một số") {
			t.Errorf("%s at the unit list:\n%s", in, out)
		}
	}
}

// TestMissingPhotoFileIsNotAPhoto: on the console, /anh with a path where
// there is no file records nothing and says so; the photo question says how
// to attach one there.
func TestMissingPhotoFileIsNotAPhoto(t *testing.T) {
	h := newHarness(t, testConfig(t))
	fillAnBinh(h, true)
	h.say("lan", "9") // the photo question, from the review
	out := h.say("lan", "/anh khong-co.jpg")
	mustContain(t, out, "Không mở được tệp ảnh", "Câu 9/9", "gõ /anh rồi đường dẫn")
	out = h.say("lan", "/giunguyen")
	mustContain(t, out, "chưa có câu trả lời để giữ nguyên")
	review := h.say("lan", "/boqua")
	if !strings.Contains(review, "Ảnh công trình: (không có)") {
		t.Errorf("a missing file recorded as a photo:\n%s", review)
	}
}
