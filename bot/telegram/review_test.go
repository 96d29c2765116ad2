package telegram

import (
	"context"
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestReviewButtonEditsInPlace: with approval on, the chair's /xem on
// Telegram shows the report with inline buttons; pressing Duyệt answers
// the press and edits that message into the approval, and the member who
// filed the report is told in their own chat.
func TestReviewButtonEditsInPlace(t *testing.T) {
	r := newRig(t)
	r.cfg.Review.Approval = true // the engine reads the same configuration
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutReport(&bot.Report{Period: "2020-W38", Unit: "ngoc-phai", Member: "nguyen-van-an", Channel: Name,
			At: r.now, Values: map[string]bot.Value{"households": {Num: 12}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	r.start()
	an := r.user(1001, "nguyen-van-an")
	chair := r.user(1009, "ha-duc-thang")
	r.say(an, "/trangthai") // An's private chat is known
	screen := r.say(chair, "/xem ngoc phai")
	mustHave(t, screen.Text, "Báo cáo của Xã Ngọc Phái", "Trạng thái: Đã nộp, chờ duyệt")
	before := r.sent("sendMessage", an.ID)
	qid := r.press(chair, screen, "Duyệt")
	done := r.last(chair.ID)
	if done.ID != screen.ID || done.Edits != 1 || !strings.Contains(done.Text, "Đã duyệt báo cáo của Xã Ngọc Phái (lần 1)") {
		t.Fatalf("after the press: %+v, want the screen edited into the approval", done)
	}
	if len(done.Buttons) != 0 {
		t.Errorf("the approved screen keeps its buttons: %+v", done.Buttons)
	}
	if !r.fake.Answered(qid) {
		t.Error("the press was not answered")
	}
	r.wait("the member's notice", func() bool { return r.sent("sendMessage", an.ID) > before })
	mustHave(t, r.last(an.ID).Text, "đã được Hà Đức Thắng duyệt")
}
