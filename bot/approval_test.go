package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// reviewOf reads the review record of a unit's week 38 report (nil: none).
func (h *harness) reviewOf(unit string) *bot.ReviewRecord {
	h.t.Helper()
	var rec *bot.ReviewRecord
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		r, err := tx.Review("2020-W38", unit)
		if err == nil {
			rec = r
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return rec
}

// approvalHarness is testConfig with review.approval on and An Bình
// reported once by Lan.
func approvalHarness(t *testing.T) *harness {
	cfg := testConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có")
	return h
}

// TestApprove: the chair opens the report with /xem, approves it with the
// button; Lan is told; pressing approve again records nothing more; the
// state is stored with who and when, audited, and counted in /trangthai.
func TestApprove(t *testing.T) {
	h := approvalHarness(t)
	out := h.say("chair", "/xem an binh")
	mustContain(t, out, "Báo cáo của Xã An Bình, tuần 38", "Lần 1 — Trần Thị Lan, 16/09/2020 09:00",
		"Trạng thái: Đã nộp, chờ duyệt", "• Số hộ thoát nghèo: 12 hộ", "✔ Duyệt", "↩ Trả lại")
	before := len(h.rec.sent)
	out = h.press("chair", "Duyệt")
	mustContain(t, out, "✔ Đã duyệt báo cáo của Xã An Bình (lần 1).", "Đã báo cho Trần Thị Lan.")
	mustContain(t, texts(h.rec.sent[before:]), "Báo cáo của Xã An Bình, tuần 38 (14/09–20/09/2020) (lần 1) đã được Phạm Văn Chủ duyệt.")
	rec := h.reviewOf("an-binh")
	if rec == nil || len(rec.Changes) != 1 || rec.Changes[0].State != bot.StateApproved || rec.Changes[0].By != "chair" ||
		rec.Changes[0].Seq != 1 || !rec.Changes[0].At.Equal(h.now) {
		t.Fatalf("review record %+v", rec)
	}
	// A second /xem and approve: one approval.
	h.say("chair", "/xem an-binh")
	mustContain(t, h.say("chair", "1"), "đã ở trạng thái \"Đã duyệt\"")
	if rec := h.reviewOf("an-binh"); len(rec.Changes) != 1 {
		t.Fatalf("approved twice: %+v", rec)
	}
	mustContain(t, h.say("chair", "/trangthai"), "Đã duyệt 1/1 báo cáo.")
	mustContain(t, h.say("lan", "/lichsu an-binh"), "Đã duyệt — Phạm Văn Chủ, 16/09/2020 09:00", "Trạng thái hiện tại: Đã duyệt")
	if !auditHas(t, h, "review", "2020-W38/an-binh seq 1 approved") {
		t.Error("approval not audited")
	}
	// A correction after approval is submitted again.
	h.now = h.now.Add(time.Hour)
	before = len(h.rec.sent)
	quickReport(h, "lan", "an-binh h 14; d 250,5; p 2; m có")
	for _, o := range h.rec.sent[before:] {
		if o.Chat.ChatID == "chair" {
			t.Errorf("a correction after an approval told the chair: %q", o.Text)
		}
	}
	mustContain(t, h.say("chair", "/trangthai"), "Đã duyệt 0/1 báo cáo.")
	mustContain(t, h.say("chair", "/xem an-binh"), "Lần 2 — Trần Thị Lan", "Trạng thái: Đã nộp, chờ duyệt")
}

// TestReturnAndCorrect: the chair returns the report with a reason; Lan
// gets the reason and a button that opens the correction pre-filled; her
// correction is submitted and can then be approved.
func TestReturnAndCorrect(t *testing.T) {
	h := approvalHarness(t)
	h.say("chair", "/xem an-binh")
	mustContain(t, h.press("chair", "Trả lại"), "gửi lý do trong tin nhắn tiếp theo")
	before := len(h.rec.sent)
	out := h.say("chair", "Số hộ thoát nghèo chưa khớp danh sách xã")
	mustContain(t, out, "↩ Đã trả lại báo cáo của Xã An Bình (lần 1).", "Đã báo cho Trần Thị Lan.")
	notice := texts(h.rec.sent[before:])
	mustContain(t, notice, "bị Phạm Văn Chủ trả lại", "Lý do: Số hộ thoát nghèo chưa khớp danh sách xã", "✏ Sửa báo cáo Xã An Bình")
	if rec := h.reviewOf("an-binh"); rec == nil || rec.Changes[0].State != bot.StateReturned || rec.Changes[0].Reason != "Số hộ thoát nghèo chưa khớp danh sách xã" {
		t.Fatalf("review record %+v", rec)
	}
	mustContain(t, h.say("chair", "/trangthai"), "Đã duyệt 0/1 báo cáo.")
	// Lan presses the notice's button: the review screen with her answers.
	review := h.press("lan", "Sửa báo cáo")
	mustContain(t, review, "Kiểm tra lại báo cáo", "1. Số hộ thoát nghèo: 12 hộ", "lưu lần 2")
	h.say("lan", "1")
	h.say("lan", "11")
	before = len(h.rec.sent)
	mustContain(t, h.press("lan", "lưu"), "Đã lưu báo cáo của Xã An Bình (lần 2")
	mustContain(t, texts(h.rec.sent[before:]), "Trần Thị Lan đã sửa báo cáo bị trả lại của Xã An Bình (lần 2). Xem để duyệt: /xem an-binh 2020-W38")
	out = h.say("chair", "/xem an-binh")
	mustContain(t, out, "Lần 2", "Trạng thái: Đã nộp, chờ duyệt", "Đã sửa sau khi bị trả lại (lý do: Số hộ thoát nghèo chưa khớp danh sách xã)")
	mustContain(t, h.press("chair", "Duyệt"), "Đã duyệt báo cáo của Xã An Bình (lần 2)")
	hist := h.say("office", "/lichsu an-binh")
	mustContain(t, hist, "Đã trả lại — Phạm Văn Chủ", "Lý do: Số hộ thoát nghèo", "Lần 2", "Số hộ thoát nghèo: 12 hộ → 11 hộ", "Đã duyệt — Phạm Văn Chủ")
}

// TestReturnBadInputAndCancel: an empty or too long reason is asked again;
// /huy ends the return with nothing recorded.
func TestReturnBadInputAndCancel(t *testing.T) {
	h := approvalHarness(t)
	h.say("office", "/xem an-binh")
	h.say("office", "2")
	mustContain(t, h.say("office", strings.Repeat("dài ", 200)), "tối đa 500 ký tự", "gửi lý do")
	mustContain(t, h.say("office", "/quaylai"), "Báo cáo của Xã An Bình", "✔ Duyệt") // back to the report
	h.say("office", "2")
	mustContain(t, h.say("office", "/huy"), "Đã hủy")
	if rec := h.reviewOf("an-binh"); rec != nil {
		t.Fatalf("recorded after cancel: %+v", rec)
	}
	mustContain(t, h.say("office", "/xem"), "Các báo cáo tuần 38", "• Xã An Bình — Đã nộp, chờ duyệt — /xem an-binh", "ví dụ: /xem an-binh tuan 38")
	mustContain(t, h.say("office", "/xem cao-son"), "Xã Cao Sơn chưa có báo cáo cho tuần 38")
	mustContain(t, h.say("office", "/xem nowhere"), "Không tìm thấy đơn vị \"nowhere\"")
	mustContain(t, h.say("office", "/xem an-binh 2020-W77"), "\"2020-W77\" không phải là một kỳ báo cáo")
	h.now = h.now.AddDate(0, 0, 7)
	mustContain(t, h.say("office", "/xem"), "Chưa có báo cáo nào cho tuần 39")
	mustContain(t, h.say("office", "/xem an-binh 2020-W38"), "Lần 1 — Trần Thị Lan", "✔ Duyệt") // a past period by name
}

// TestReviewStaleButton: a button on the screen of revision 1, pressed
// after revision 2 was filed, changes nothing and shows revision 2.
func TestReviewStaleButton(t *testing.T) {
	h := approvalHarness(t)
	h.say("chair", "/xem an-binh")
	screen := h.last("chair")
	quickReport(h, "lan", "an-binh h 13; d 250,5; p 2; m có")
	var approve bot.Button
	for _, b := range screen.Buttons {
		if strings.Contains(b.Label, "Duyệt") {
			approve = b
		}
	}
	out := texts(h.handle(bot.Update{Chat: chat("chair"), UserID: "chair", Callback: &bot.Callback{ID: "x1", Data: approve.Data, MessageID: "m1"}}))
	mustContain(t, out, "Báo cáo đã được sửa sau khi anh/chị mở (lần 1 → lần 2); chưa thay đổi gì.", "Lần 2 — Trần Thị Lan")
	if rec := h.reviewOf("an-binh"); rec != nil {
		t.Fatalf("a stale button recorded %+v", rec)
	}
	// The same press once more: the screen's question changed, so it is stale.
	out = texts(h.handle(bot.Update{Chat: chat("chair"), UserID: "chair", Callback: &bot.Callback{ID: "x2", Data: approve.Data, MessageID: "m1"}}))
	mustContain(t, out, "Nút này thuộc một câu hỏi cũ")
}

// TestReviewPermissions: only the chair and admins review; members and
// viewers are refused; with approval off, /xem says it is not used, the
// help does not list it and /trangthai counts nothing.
func TestReviewPermissions(t *testing.T) {
	h := approvalHarness(t)
	for _, who := range []string{"lan", "hung", "view"} {
		out := h.say(who, "/xem an-binh")
		if !strings.Contains(out, "Chỉ lãnh đạo hoặc cơ quan") && !strings.Contains(out, "Only the chair or the standing office") {
			t.Errorf("%s: /xem not refused:\n%s", who, out)
		}
	}
	mustContain(t, h.say("chair", "/trogiup"), "/xem <đơn vị>")
	if out := h.say("lan", "/trogiup"); strings.Contains(out, "/xem") {
		t.Errorf("a member's help lists /xem:\n%s", out)
	}

	off := newHarness(t, testConfig(t))
	quickReport(off, "lan", "an-binh h 12; d 250,5; p 2; m có")
	mustContain(t, off.say("chair", "/xem an-binh"), "không dùng việc duyệt báo cáo")
	if out := off.say("chair", "/trogiup"); strings.Contains(out, "/xem") {
		t.Errorf("help lists /xem with approval off:\n%s", out)
	}
	if out := off.say("chair", "/trangthai"); strings.Contains(out, "duyệt") {
		t.Errorf("status counts approvals with approval off:\n%s", out)
	}
}

// TestReviewKeepsAnOpenReport: /xem while the chair is filing a report
// leaves the report open.
func TestReviewKeepsAnOpenReport(t *testing.T) {
	cfg := testConfig(t)
	cfg.Review.Approval = true
	cfg.Members[2].Units = []string{"cao-son"}
	cfg.Index()
	h := newHarness(t, cfg)
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có")
	h.say("chair", "/baocao")
	out := h.say("chair", "/xem an-binh")
	mustContain(t, out, "Câu 1/")
	if strings.Contains(out, "✔ Duyệt") {
		t.Errorf("/xem replaced the open report:\n%s", out)
	}
}

// auditHas reports whether the audit log holds an entry of action whose
// detail contains detail. The store has no reader for the log, so the
// file is read with bbolt between a close and a reopen.
func auditHas(t *testing.T, h *harness, action, detail string) bool {
	t.Helper()
	if err := h.db.Close(); err != nil {
		t.Fatal(err)
	}
	defer h.open()
	db, err := bolt.Open(h.path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	found := false
	err = db.View(func(btx *bolt.Tx) error {
		return btx.Bucket([]byte("audit")).ForEach(func(_, v []byte) error {
			s := string(v)
			found = found || strings.Contains(s, `"action":"`+action+`"`) && strings.Contains(s, detail)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestReviewChangeOfMind: approving a returned revision, then returning it
// again, tells the member each time (every change is its own message).
func TestReviewChangeOfMind(t *testing.T) {
	h := approvalHarness(t)
	for i, step := range []string{"return", "approve", "return"} {
		h.say("chair", "/xem an-binh")
		before := len(h.rec.sent)
		if step == "approve" {
			h.say("chair", "1")
		} else {
			h.say("chair", "2")
			h.say("chair", "Lý do "+string(rune('A'+i)))
		}
		mustContain(t, texts(h.rec.sent[before:]), "Đã báo cho Trần Thị Lan.")
		var toLan int
		for _, o := range h.rec.sent[before:] {
			if o.Chat.ChatID == "lan" {
				toLan++
			}
		}
		if toLan != 1 {
			t.Errorf("step %d (%s): %d messages to Lan, want 1", i, step, toLan)
		}
	}
	if rec := h.reviewOf("an-binh"); len(rec.Changes) != 3 {
		t.Errorf("changes %+v", rec.Changes)
	}
}
