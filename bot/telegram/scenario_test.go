package telegram

import (
	"context"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
)

// press presses the button labelled label on message m, waits for the
// reply, and returns the callback query id.
func (r *rig) press(u telegramtest.User, m telegramtest.Message, label string) string {
	r.t.Helper()
	before := r.activity(u.ID)
	_, qid := r.fake.Press(u, m.ID, r.button(m, label).CallbackData)
	r.wait("reply to pressing "+label, func() bool { return r.fake.Answered(qid) && r.activity(u.ID) > before })
	return qid
}

// say sends text and waits for the reply.
func (r *rig) say(u telegramtest.User, text string) telegramtest.Message {
	r.t.Helper()
	before := r.sent("sendMessage", u.ID)
	r.fake.Text(u, text)
	r.wait("reply to "+text, func() bool { return r.sent("sendMessage", u.ID) > before })
	return r.last(u.ID)
}

func TestWholeReportWithButtonsAndTypedAnswers(t *testing.T) {
	r := newRig(t)
	r.start()
	an := r.user(1001, "nguyen-van-an")
	menu := r.say(an, "/baocao")
	mustHave(t, menu.Text, "Chọn đơn vị")
	var qids []string
	qids = append(qids, r.press(an, menu, "Xã Ngọc Phái"))
	q1 := r.last(an.ID)
	if q1.ID != menu.ID || q1.Edits != 1 || !strings.Contains(q1.Text, "Câu 1/9 · Xã Ngọc Phái") {
		t.Fatalf("pressing a unit: last message %+v, want the menu edited into question 1", q1)
	}
	for _, answer := range []string{"12", "2", "350,5", "1", "85,5"} {
		r.say(an, answer)
	}
	q6 := r.last(an.ID)
	mustHave(t, q6.Text, "Câu 6/9")
	qids = append(qids, r.press(an, q6, "1. "))
	q7 := r.last(an.ID)
	if q7.ID != q6.ID || !strings.Contains(q7.Text, "Câu 7/9") {
		t.Fatalf("choosing progress: %+v, want question 7 in place of question 6", q7)
	}
	r.say(an, "Mưa kéo dài <làm chậm> một tuyến đường & cầu")
	qids = append(qids, r.press(an, r.last(an.ID), "Bỏ qua"))
	before := r.sent("sendMessage", an.ID)
	r.fake.Photo(an, "AgACAgUAAxkBAAIB", "")
	r.wait("review", func() bool { return r.sent("sendMessage", an.ID) > before })
	review := r.last(an.ID)
	mustHave(t, review.Text, "Mưa kéo dài <làm chậm> một tuyến đường & cầu", "12 hộ")
	qids = append(qids, r.press(an, review, "✅"))
	mustHave(t, r.last(an.ID).Text, "Đã lưu báo cáo")

	for _, q := range qids {
		if !r.fake.Answered(q) {
			t.Errorf("callback %s was not answered", q)
		}
	}
	if n := len(r.fake.Calls("editMessageText")); n < len(qids) {
		t.Errorf("%d edits for %d presses", n, len(qids))
	}
	var rep *bot.Report
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		rep, err = tx.LatestReport("2020-W38", "ngoc-phai")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Values["photo"].Text != PhotoPrefix+"AgACAgUAAxkBAAIB" {
		t.Errorf("stored photo %+v, want the Telegram file id", rep.Values["photo"])
	}
}

func TestForgedCallbackIsRefusedPolitely(t *testing.T) {
	r := newRig(t)
	r.start()
	an := r.user(1002, "nguyen-van-an")
	menu := r.say(an, "/baocao")
	before := r.activity(an.ID)
	_, qid := r.fake.Press(an, menu.ID, "zzzz:ban-thi") // someone else's commune, a made-up nonce
	r.wait("answer to a forged press", func() bool { return r.fake.Answered(qid) && r.activity(an.ID) > before })
	got := r.fake.Messages(an.ID)
	all := ""
	for _, m := range got {
		all += m.Text + "\n"
	}
	mustHave(t, all, "câu hỏi cũ", "Chọn đơn vị")
	if strings.Contains(all, "Bản Thi") || strings.Contains(all, "Câu 1/9") {
		t.Errorf("a forged press got somewhere:\n%s", all)
	}
}

func TestUnknownUserGetsOnlyTheRefusal(t *testing.T) {
	r := newRig(t)
	r.start()
	stranger := r.user(666, "")
	for _, text := range []string{"/baocao", "/trangthai", "/start"} {
		m := r.say(stranger, text)
		for _, secret := range []string{"Bằng Lũng", "Ngọc Phái", "Nguyễn Văn An", "tuần 38"} {
			if strings.Contains(m.Text, secret) {
				t.Errorf("%s: a stranger saw %q in %q", text, secret, m.Text)
			}
		}
		for _, row := range m.Buttons {
			for _, b := range row {
				t.Errorf("%s: a stranger was offered %q", text, b.Text)
			}
		}
	}
	if n := len(r.fake.Messages(666)); n != 3 {
		t.Errorf("%d messages for 3 updates, want one refusal each", n)
	}
}

func mustHave(t *testing.T, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in:\n%s", w, s)
		}
	}
}
