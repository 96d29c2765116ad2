package telegram

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestNudgeButtonRemindsOnce: the escalation reaches the chair on Telegram
// with a "Nhắc ngay" button; pressing it reminds a late member at once,
// with their units' buttons; pressing it again sends them nothing more and
// tells the chair so.
func TestNudgeButtonRemindsOnce(t *testing.T) {
	r := newRig(t)
	chair := r.user(3001, "ha-duc-thang")
	an := r.user(3002, "nguyen-van-an")
	r.now = time.Date(2020, 9, 18, 17, 5, 0, 0, r.cfg.Area.Location) // Friday, after the deadline
	if _, err := r.eng.Escalate(context.Background(), r.now); err != nil {
		t.Fatal(err)
	}
	r.start()
	r.wait("the escalation", func() bool { return r.sent("sendMessage", chair.ID) == 1 })
	esc := r.last(chair.ID)
	mustHave(t, esc.Text, "Đã quá hạn nộp báo cáo tuần 38")
	r.press(chair, esc, "Nhắc ngay")
	r.wait("the reminder", func() bool { return r.sent("sendMessage", an.ID) == 1 })
	done := r.last(chair.ID)
	mustHave(t, done.Text, "Đã nhắc", "Nguyễn Văn An")
	rem := r.last(an.ID)
	mustHave(t, rem.Text, "Kính gửi đồng chí Nguyễn Văn An: đã quá hạn nộp báo cáo tuần 38")
	r.button(rem, "Xã Ngọc Phái")

	before := r.sent("sendMessage", chair.ID)
	r.press(chair, esc, "Nhắc ngay")
	r.wait("the second answer", func() bool { return r.sent("sendMessage", chair.ID) > before })
	mustHave(t, r.last(chair.ID).Text, "không gửi lại")
	r.halt()
	if n := r.sent("sendMessage", an.ID); n != 1 {
		t.Errorf("the member got %d reminders for two presses", n)
	}
	if strings.Contains(r.last(an.ID).Text, "không gửi lại") {
		t.Error("the chair's answer went to the member")
	}
}
