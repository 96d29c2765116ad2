package bot_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// fillAnBinh answers every question for An Bình, skipping the optional ones
// where it can, and stops at the review; start opens the report first.
func fillAnBinh(h *harness, start bool) string {
	h.t.Helper()
	if start {
		h.say("lan", "/baocao")
		h.say("lan", "1")
	}
	h.say("lan", "12")            // households
	h.say("lan", "250,5")         // disbursed
	h.say("lan", "/boqua")        // rate
	h.say("lan", "/boqua")        // area
	h.say("lan", "2")             // progress: behind
	h.say("lan", "có")            // meeting
	h.say("lan", "/boqua")        // as-of date
	h.say("lan", "Mưa lũ")        // difficulties
	return h.say("lan", "/boqua") // photo → review
}

func TestFullReport(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("lan", "/baocao")
	mustContain(t, out, "tuần 38 (14/09–20/09/2020)", "⏳ Xã An Bình", "⏳ Xã Bình An")
	out = h.say("lan", "1")
	mustContain(t, out, "Câu 1/9 · Xã An Bình", "Số hộ thoát nghèo", "20 hộ")
	review := fillAnBinh(h, false)
	mustContain(t, review, "1. Số hộ thoát nghèo: 12 hộ / 20 hộ (60%)",
		"2. Vốn đã giải ngân: 250,5 triệu đồng / 600,0 triệu đồng (41,8%)",
		"3. Tỷ lệ hộ nghèo: (không có)", "5. Tiến độ: Chậm tiến độ", "6. Đã họp ban chỉ đạo xã?: Có",
		"8. Khó khăn, vướng mắc: Mưa lũ")
	if strings.Contains(review, "Vốn dự án 3") {
		t.Error("a field only for units with a target was asked of a unit without one")
	}
	if got := h.revisions("an-binh"); len(got) != 0 {
		t.Fatalf("stored before confirm: %+v", got)
	}
	out = h.say("lan", "/xacnhan")
	mustContain(t, out, "Đã lưu báo cáo của Xã An Bình (lần 1, lúc 16/09/2020 09:00)", "Còn chưa báo cáo kỳ này: Xã Bình An")
	revs := h.revisions("an-binh")
	if len(revs) != 1 {
		t.Fatalf("revisions = %d, want 1", len(revs))
	}
	r := revs[0]
	if r.Values["households"].Num != 12 || r.Values["disbursed"].Num != 250.5 || r.Values["progress"].Text != "behind" ||
		r.Values["meeting"].Text != "yes" || r.Values["difficulties"].Text != "Mưa lũ" || r.Member != "lan" || r.Seq != 1 {
		t.Errorf("stored report = %+v", r)
	}
	if _, ok := r.Values["rate"]; ok {
		t.Error("skipped field stored")
	}
	out = h.say("lan", "/trangthai")
	mustContain(t, out, "✅ Xã An Bình — đã báo cáo lúc 16/09/2020 09:00 (lần 1)", "⏳ Xã Bình An — chưa báo cáo", "hạn nộp 18/09/2020 17:00")
}

func TestValidationErrorsAskAgain(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	cases := []struct{ in, want string }{
		{"mười hai", "không phải là số"}, // the message has its own example
		{"2,5", "ví dụ: 25"},
		{"-1", "từ 0 hộ trở lên"},
		{"5000", "không được lớn hơn 1.000 hộ"},
	}
	for _, c := range cases {
		out := h.say("lan", c.in)
		mustContain(t, out, c.want, "Câu 1/9")
	}
	h.say("lan", "12")
	for _, in := range []string{"1.23.456", "abc", "5,989"} { // bad grouping, junk, ambiguous
		out := h.say("lan", in)
		mustContain(t, out, "Câu 2/9")
		// An example, the type's only where the message has none of its own.
		lower := strings.ToLower(out)
		if !strings.Contains(lower, "ví dụ") || strings.Contains(out, "Ví dụ: 350,5 (triệu đồng)") && strings.Count(lower, "ví dụ") > 1 {
			t.Errorf("%s: no example, or a second one:\n%s", in, out)
		}
	}
	mustContain(t, h.say("lan", "/boqua"), "bắt buộc", "Câu 2/9")
	mustContain(t, h.say("lan", "1,5 tỷ"), "Câu 3/9") // money words: 1500 million
	mustContain(t, h.say("lan", "150"), "không được lớn hơn 100%", "Câu 3/9")
	h.say("lan", "54,2%")
	photo := filepath.Join(t.TempDir(), "cong-trinh.jpg")
	if err := os.WriteFile(photo, []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.say("lan", "/anh "+photo), "không phải ảnh", "Câu 4/9")
	h.say("lan", "12,5")
	mustContain(t, h.say("lan", "7"), "từ 1 đến 2", "Câu 5/9")
	mustContain(t, h.say("lan", "chậm tiến độ"), "Câu 6/9") // by label, accents optional
	mustContain(t, h.say("lan", "có lẽ"), "từ 1 đến 2", "Câu 6/9")
	h.say("lan", "2")
	mustContain(t, h.say("lan", "31/02/2020"), "Ví dụ: 20/09/2020", "Câu 7/9")
	h.say("lan", "18/09/2020")
	mustContain(t, h.say("lan", strings.Repeat("chữ ", 20)), "vượt quá 50 ký tự", "Câu 8/9")
	h.say("lan", "Thiếu vốn")
	mustContain(t, h.say("lan", "đây là chữ"), "cần một ảnh", "Câu 9/9")
	review := h.say("lan", "/anh "+photo)
	mustContain(t, review, "Vốn đã giải ngân: 1.500,0 triệu đồng / 600,0 triệu đồng (250%)", "Tỷ lệ hộ nghèo: 54,2%",
		"Diện tích (ha): 12,5", "Đã họp ban chỉ đạo xã?: Không", "Số liệu tính đến ngày: 18/09/2020", "Ảnh công trình: 1 ảnh",
		"⚠ Vốn đã giải ngân: 1.500,0 triệu đồng vượt chỉ tiêu, kế hoạch (600,0 triệu đồng).", "Đã kiểm tra cảnh báo")
	if len(h.revisions("an-binh")) != 0 {
		t.Fatal("something was stored before confirm")
	}
	h.say("lan", "/xacnhan")
	if r := h.revisions("an-binh"); len(r) != 1 || r[0].Values["photo"].Text != "file:"+photo || r[0].Values["asof"].Text != "2020-09-18" {
		t.Fatalf("stored %+v", r)
	}
}

func TestBackSkipKeepEditCancel(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	mustContain(t, h.say("lan", "/quaylai"), "Chọn đơn vị") // back from the unit list stays there
	h.say("lan", "1")
	h.say("lan", "12")
	out := h.say("lan", "quay lại") // typed without slash
	mustContain(t, out, "Câu 1/9", "Câu trả lời hiện tại: 12 hộ")
	mustContain(t, h.say("lan", "/giunguyen"), "Câu 2/9")
	mustContain(t, h.say("lan", "/giunguyen"), "chưa có câu trả lời", "Câu 2/9")
	h.say("lan", "300")
	mustContain(t, h.say("lan", "bỏ qua"), "Câu 4/9") // optional percent skipped
	h.say("lan", "/quaylai")
	h.say("lan", "/quaylai")
	h.say("lan", "/quaylai")
	mustContain(t, h.say("lan", "/quaylai"), "Chọn đơn vị") // back past the first question
	h.say("lan", "1")
	mustContain(t, h.say("lan", "15"), "Câu 2/9") // a new start: the earlier answers are gone
	mustContain(t, h.say("lan", "/giunguyen"), "chưa có câu trả lời")
	for _, in := range []string{"300", "/boqua", "/boqua", "1", "2", "/boqua", "/boqua"} {
		h.say("lan", in)
	}
	review := h.say("lan", "/boqua")
	mustContain(t, review, "Số hộ thoát nghèo: 15 hộ", "Vốn đã giải ngân: 300,0 triệu đồng")
	// Edit from the review: by typed number, then by the edit list.
	mustContain(t, h.say("lan", "1"), "Câu 1/9", "Câu trả lời hiện tại: 15 hộ")
	mustContain(t, h.say("lan", "16"), "Số hộ thoát nghèo: 16 hộ / 20 hộ (80%)")
	mustContain(t, h.say("lan", "/sua"), "Chọn câu muốn sửa")
	mustContain(t, h.say("lan", "/quaylai"), "Kiểm tra lại báo cáo")
	h.say("lan", "/sua")
	h.say("lan", "5")
	mustContain(t, h.say("lan", "/quaylai"), "Tiến độ: Đúng tiến độ") // back from an edit keeps the answer
	mustContain(t, h.say("lan", "99"), "từ 1 đến 9")
	h.say("lan", "/quaylai")
	if out := h.say("lan", "được rồi"); !strings.Contains(out, "Bấm Xác nhận") || strings.Contains(out, "Số hộ") {
		t.Errorf("unclear input at review: want the short hint only, got %s", out)
	}
	mustContain(t, h.say("lan", "/huy"), "Đã hủy")
	if len(h.revisions("an-binh")) != 0 {
		t.Fatal("cancelled report was stored")
	}
	mustContain(t, h.say("lan", "16"), "/baocao") // no conversation any more
	mustContain(t, h.say("lan", "/huy"), "không có thao tác nào")
}

func TestButtons(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	out := h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "c1", Data: h.last("lan").Buttons[1].Data, MessageID: "42"}})
	if len(out) != 1 || out[0].EditMessageID != "42" || out[0].AnswerCallback != "c1" {
		t.Fatalf("button press reply = %+v, want one edit of message 42 answering c1", out)
	}
	mustContain(t, out[0].Text, "Câu 1/10 · Xã Bình An")
	old := h.last("lan")
	h.say("lan", "5")
	// The button from the earlier question is stale now.
	stale := h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "c2", Data: old.Buttons[0].Data, MessageID: "42"}})
	if stale[0].EditMessageID != "" || stale[0].AnswerCallback != "c2" {
		t.Errorf("stale press reply = %+v", stale[0])
	}
	mustContain(t, texts(stale), "câu hỏi cũ", "Câu 2/10")
	// Forged payloads: wrong nonce, a unit-looking payload, garbage.
	for _, data := range []string{"zzzz:1", h.last("lan").Buttons[0].Data[:4] + ":cao-son", "", h.last("lan").Buttons[0].Data + "x"} {
		got := texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "f", Data: data}}))
		if !strings.Contains(got, "câu hỏi cũ") || !strings.Contains(got, "Câu 2/10") {
			t.Errorf("forged %q: got %q", data, got)
		}
	}
	// The right nonce with a choice the question does not have.
	nonce, _, _ := strings.Cut(h.last("lan").Buttons[0].Data, ":")
	got := texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "f", Data: nonce + ":99"}}))
	if !strings.Contains(got, "câu hỏi cũ") || !strings.Contains(got, "Câu 2/10") {
		t.Errorf("a number button on a number question: %q", got)
	}
	// An unknown language payload only offers the choice again.
	mustContain(t, texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "f", Data: "L:xx"}})), "Chọn ngôn ngữ")
	// Pressing works like typing the number, and nav buttons work.
	h.say("lan", "100")
	h.press("lan", "Quay lại")
	mustContain(t, h.last("lan").Text, "Câu 2/10", "100,0 triệu đồng")
	h.press("lan", "Giữ nguyên")
	h.say("lan", "40")
	h.press("lan", "Bỏ qua")
	h.press("lan", "Bỏ qua")
	h.press("lan", "Đúng tiến độ")
	h.press("lan", "Không")
	h.press("lan", "Bỏ qua")
	h.press("lan", "Bỏ qua")
	h.press("lan", "Bỏ qua")
	mustContain(t, h.last("lan").Text, "Vốn dự án 3: 40,0 triệu đồng / 50,0 triệu đồng (80%)")
	h.press("lan", "Xác nhận")
	if r := h.revisions("binh-an"); len(r) != 1 || r[0].Values["extra"].Num != 40 || r[0].Values["disbursed"].Num != 100 {
		t.Fatalf("stored %+v", r)
	}
}

func TestOnlyOwnUnits(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("hung", "/report")
	mustContain(t, out, "Question 1/", "Cao Sơn") // the one unit, without a list
	if strings.Contains(out, "An Bình") || strings.Contains(out, "Bình An") {
		t.Errorf("units of others offered: %s", out)
	}
	h.say("hung", "/cancel")
	mustContain(t, h.say("hung", "/report an binh"), "You do not follow An Bình commune")
	h.say("hung", "/cancel")
	mustContain(t, h.say("hung", "/bc an-binh households 3"), "You do not follow An Bình commune")
	mustContain(t, h.say("view", "/baocao"), "không được phân công")
	mustContain(t, h.say("chair", "/baocao"), "không được phân công")
}

func TestUnknownPersonIsRefused(t *testing.T) {
	h := newHarness(t, testConfig(t))
	for _, in := range []string{"/baocao", "hello", "/trangthai"} {
		out := h.handle(bot.Update{Chat: chat("stranger"), UserID: "stranger", Text: in})
		if len(out) != 1 || !strings.Contains(out[0].Text, "chưa được đăng ký") || strings.Contains(out[0].Text, "An Bình") {
			t.Errorf("%q: %+v", in, out)
		}
	}
	out := h.handle(bot.Update{Chat: chat("stranger2"), UserID: "stranger2", LangHint: "en-US", Text: "/start"})
	mustContain(t, texts(out), "not registered")
}

func TestCommandsAndLanguage(t *testing.T) {
	h := newHarness(t, testConfig(t))
	mustContain(t, h.say("lan", "/start"), "Xin chào Trần Thị Lan", "Xã An Bình, Xã Bình An", "/baocao")
	mustContain(t, h.say("lan", "/xyz"), "Lệnh này không có", "/trogiup")
	mustContain(t, h.say("lan", "/trogiup@fieldbot_bot"), "/trangthai")
	mustContain(t, h.say("lan", "xin chào"), "/baocao")
	mustContain(t, h.say("lan", "/ngonngu"), "Chọn ngôn ngữ")
	h.say("lan", "/baocao")
	h.say("lan", "1")
	// Switching language mid-report re-asks the question in the new language.
	mustContain(t, h.say("lan", "/lang en"), "Switched to English", "Question 1/9 · An Bình commune", "Households out of poverty")
	mustContain(t, h.say("lan", "1.5"), "for example 25")
	h.say("lan", "1,234") // en grouping: 1234 is above the max
	mustContain(t, h.last("lan").Text, "Question 1/9")
	h.press("lan", "Cancel")
	h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "l", Data: "L:vi"}})
	mustContain(t, h.last("lan").Text, "Đã chuyển sang tiếng Việt")
	mustContain(t, h.say("lan", "/TrangThai"), "Tình hình báo cáo")
	mustContain(t, h.say("chair", "/status"), "Toàn địa bàn: 0/3 đơn vị đã báo cáo", "⏳ Xã Cao Sơn — phụ trách: Lê Văn Hùng")
	mustContain(t, h.say("view", "/trangthai"), "chỉ nhận báo cáo tổng hợp")
}

func TestCorrectionKeepsHistory(t *testing.T) {
	h := newHarness(t, testConfig(t))
	fillAnBinh(h, true)
	h.say("lan", "/xacnhan")
	h.now = h.now.Add(2 * time.Hour)
	h.say("lan", "/baocao")
	out := h.say("lan", "1")
	mustContain(t, out, "Đơn vị đã có báo cáo kỳ này", "lần 2", "Số hộ thoát nghèo: 12 hộ")
	mustContain(t, h.say("lan", "/xacnhan"), "Không có thay đổi nào")
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "1")
	h.say("lan", "14")
	mustContain(t, h.say("lan", "/xacnhan"), "lần 2, lúc 16/09/2020 11:00")
	revs := h.revisions("an-binh")
	if len(revs) != 2 || revs[0].Values["households"].Num != 12 || revs[1].Values["households"].Num != 14 {
		t.Fatalf("revisions = %+v", revs)
	}
	if len(revs[1].Changed) != 1 || revs[1].Changed[0] != "households" || revs[1].Seq != 2 {
		t.Errorf("second revision changed = %v seq %d", revs[1].Changed, revs[1].Seq)
	}
}

func TestCumulativeWarning(t *testing.T) {
	h := newHarness(t, testConfig(t))
	fillAnBinh(h, true)
	h.say("lan", "/xacnhan")
	h.now = h.now.AddDate(0, 0, 7) // week 39
	h.say("lan", "/baocao")
	out := h.say("lan", "1")
	mustContain(t, out, "Báo cáo kỳ trước (16/09/2020): 12 hộ")
	for _, in := range []string{"10", "250,5", "/boqua", "/boqua", "2", "2", "/boqua", "/boqua"} {
		h.say("lan", in)
	}
	review := h.say("lan", "/boqua")
	mustContain(t, review, "⚠ Số hộ thoát nghèo: 10 hộ thấp hơn số lũy kế đã báo cáo ngày 16/09/2020 (12 hộ).")
}

// TestSessionExpiry: the unit list expires after a day idle; a draft (a
// unit chosen) waits while its period is open, however long, and still a day
// after its last answer once the period has ended (a Sunday-night review
// can be confirmed on Monday); then it expires, saying the period closed.
// The sweep ends sessions by the same rule and tells the chat.
func TestSessionExpiry(t *testing.T) {
	h := newHarness(t, testConfig(t))
	loc := h.cfg.Area.Location
	h.say("lan", "/baocao")
	h.now = h.now.Add(25 * time.Hour) // Thursday 10:00
	out := h.say("lan", "1")
	mustContain(t, out, "Phiên báo cáo đã hết hạn")
	if strings.Contains(out, "Câu 1") {
		t.Error("a choice on an expired unit list was taken")
	}
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.now = h.now.Add(49 * time.Hour) // Saturday 11:00: two days idle, the draft still open
	// The first message after two days is not taken blind (see backToDraft).
	mustContain(t, h.say("lan", "12"), "chưa được ghi làm câu trả lời", "Câu 1/9 · Xã An Bình")
	mustContain(t, h.say("lan", "12"), "Câu 2/9 · Xã An Bình")
	h.now = time.Date(2020, 9, 20, 10, 0, 0, 0, loc) // Sunday, still week 38
	mustContain(t, h.say("lan", "250,5"), "Câu 3/9 · Xã An Bình")
	h.now = time.Date(2020, 9, 21, 9, 0, 0, 0, loc) // Monday: week 38 over, idle 23 hours
	mustContain(t, h.say("lan", "/boqua"), "Câu 4/9 · Xã An Bình")
	h.now = h.now.Add(25 * time.Hour) // period over and a day idle
	out = h.say("lan", "/boqua")
	mustContain(t, out, "Kỳ báo cáo tuần 38 (14/09–20/09/2020) đã kết thúc", "phần báo cáo dở của Xã An Bình", "/baocao")
	if strings.Contains(out, "Câu 5") {
		t.Error("the answer to an expired draft was taken")
	}
	mustContain(t, h.say("lan", "12"), "/baocao") // nothing open any more
	if revs := h.revisions("an-binh"); len(revs) != 0 {
		t.Errorf("an expired draft saved %d revisions", len(revs))
	}
	// The sweep: a draft of week 39 begun on Tuesday 22/09 waits out the week.
	h.say("hung", "/report")
	h.say("hung", "1")
	h.now = time.Date(2020, 9, 27, 23, 0, 0, 0, loc) // Sunday night
	if n, err := h.eng.ExpireSessions(t.Context()); err != nil || n != 0 {
		t.Fatalf("sweep while the period is open = %d, %v", n, err)
	}
	h.now = time.Date(2020, 9, 28, 12, 0, 0, 0, loc) // Monday noon, week 40
	if n, err := h.eng.ExpireSessions(t.Context()); err != nil || n != 1 {
		t.Fatalf("sweep after the period closed = %d, %v", n, err)
	}
	h.flush()
	mustContain(t, h.last("hung").Text, "has ended", "week 39", "Cao Sơn commune")
}

func TestRestartResumesAtSameQuestion(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12")
	h.say("lan", "250,5")
	h.restart()
	resumed, err := h.eng.Resume(t.Context(), chat("lan"), "lan")
	if err != nil || !resumed {
		t.Fatalf("resume = %v, %v", resumed, err)
	}
	h.flush()
	mustContain(t, h.last("lan").Text, "Câu 3/9")
	for _, in := range []string{"/boqua", "/boqua", "1", "2", "/boqua", "/boqua"} {
		h.say("lan", in)
	}
	h.restart()
	review := h.say("lan", "/boqua")
	mustContain(t, review, "Số hộ thoát nghèo: 12 hộ", "250,5 triệu đồng")
	h.say("lan", "/xacnhan")
	h.restart()
	if r := h.revisions("an-binh"); len(r) != 1 || r[0].Values["disbursed"].Num != 250.5 {
		t.Fatalf("after restarts: %+v", r)
	}
	if resumed, _ := h.eng.Resume(t.Context(), chat("lan"), "lan"); resumed {
		t.Error("a finished report resumed")
	}
}

func TestDuplicateUpdatesAreSkipped(t *testing.T) {
	h := newHarness(t, testConfig(t))
	u := bot.Update{Chat: bot.ChatRef{Channel: "console", ChatID: "lan"}, UserID: "lan", Text: "/baocao", Seq: 7}
	if n := len(h.handle(u)); n != 1 {
		t.Fatalf("first delivery: %d replies", n)
	}
	if n := len(h.handle(u)); n != 0 {
		t.Fatalf("same update_id again: %d replies, want 0", n)
	}
	u.Seq, u.DedupeKey = 0, "msg-1"
	h.handle(u)
	if n := len(h.handle(u)); n != 0 {
		t.Fatalf("same dedupe key again: %d replies", n)
	}
}

// TestChairSeesWhoCannotBeReached: members the sender marked unreachable
// are listed for the chair, in words, and the mark goes when they write.
func TestChairSeesWhoCannotBeReached(t *testing.T) {
	h := newHarness(t, testConfig(t))
	err := h.db.Update(t.Context(), func(tx bot.Tx) error {
		id, err := tx.Identity("console", "hung")
		if err != nil {
			return err
		}
		id.Unreachable = bot.ReasonBlocked
		return tx.PutIdentity(id)
	})
	if err != nil {
		t.Fatal(err)
	}
	out := h.say("chair", "/trangthai")
	mustContain(t, out, "Không liên lạc được", "⚠ Lê Văn Hùng (bảng điều khiển) — đã chặn bot")
	if strings.Contains(out, "Forbidden") {
		t.Errorf("the platform's words reached the chair: %s", out)
	}
	h.say("hung", "/status")
	if out := h.say("chair", "/trangthai"); strings.Contains(out, "Lê Văn Hùng (bảng điều khiển) — đã chặn") {
		t.Errorf("still marked after writing to the bot: %s", out)
	}
}
