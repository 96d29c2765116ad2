package bot_test

import (
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestReminderOffersTheDraft: a report stopped on Wednesday is still there on
// Friday; the reminder says so and its button goes on at the open question
// with what was typed kept; the saved report holds the Wednesday answer. A
// member with no draft gets the plain reminder.
func TestReminderOffersTheDraft(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12") // households, then nothing for two days
	h.now = time.Date(2020, 9, 18, 8, 0, 0, 0, h.cfg.Area.Location)
	before := len(h.rec.sent)
	if _, err := h.eng.Remind(t.Context(), 1, h.now); err != nil {
		t.Fatal(err)
	}
	h.flush()
	var lan, hung string
	for _, o := range h.rec.sent[before:] {
		switch o.Chat.ChatID {
		case "lan":
			lan += o.Text
		case "hung":
			hung += o.Text
		}
	}
	mustContain(t, lan, "Anh/chị đang báo cáo dở Xã An Bình: tiếp tục?")
	mustContain(t, hung, "Dear Lê Văn Hùng")
	if strings.Contains(hung, "unfinished") {
		t.Errorf("a draft offered to a member without one:\n%s", hung)
	}
	if b := h.last("lan").Buttons; len(b) != 2 || b[0].Label != "▶ Tiếp tục Xã An Bình" || !strings.HasPrefix(b[1].Label, "📝") {
		t.Errorf("reminder buttons = %+v", b)
	}
	out := h.press("lan", "Tiếp tục")
	mustContain(t, out, "Tiếp tục phần báo cáo đang dở", "Câu 2/9 · Xã An Bình")
	if strings.Contains(out, "Câu 1/9") {
		t.Errorf("the draft started over:\n%s", out)
	}
	for _, in := range []string{"250,5", "/boqua", "/boqua", "2", "có", "/boqua", "Mưa lũ"} {
		h.say("lan", in)
	}
	review := h.say("lan", "/boqua")
	mustContain(t, review, "1. Số hộ thoát nghèo: 12 hộ / 20 hộ (60%)")
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình (lần 1")
	if revs := h.revisions("an-binh"); len(revs) != 1 || revs[0].Values["households"].Num != 12 {
		t.Errorf("revisions = %+v", revs)
	}
}

// TestCancelDiscardsTheDraft: /huy throws the draft away: the next reminder
// does not offer it, and the unit starts at its first question.
func TestCancelDiscardsTheDraft(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12")
	mustContain(t, h.say("lan", "/huy"), "Đã hủy")
	h.now = h.now.Add(47 * time.Hour)
	before := len(h.rec.sent)
	if _, err := h.eng.Remind(t.Context(), 1, h.now); err != nil {
		t.Fatal(err)
	}
	h.flush()
	reminder := texts(h.rec.sent[before:])
	mustContain(t, reminder, "[/baocao 1 📝 Xã An Bình]")
	if strings.Contains(reminder, "báo cáo dở") {
		t.Errorf("a discarded draft offered:\n%s", reminder)
	}
	mustContain(t, h.say("lan", "/baocao 1"), "Câu 1/9 · Xã An Bình")
}

// TestCorrectionShowsChanges: the review of a correction marks each changed
// answer with its old value and counts them; unchanged ones are shown as
// they are; the saved message lists the changes; a first report lists none.
func TestCorrectionShowsChanges(t *testing.T) {
	h := newHarness(t, testConfig(t))
	fillAnBinh(h, true)
	saved := h.say("lan", "/xacnhan")
	if strings.Contains(saved, "thay đổi") {
		t.Errorf("a first report lists changes:\n%s", saved)
	}
	h.say("lan", "/baocao")
	review := h.say("lan", "1")
	mustContain(t, review, "Số câu đã sửa so với lần 1: 0.", "1. Số hộ thoát nghèo: 12 hộ / 20 hộ (60%)")
	if strings.Contains(review, "→") {
		t.Errorf("an unchanged correction marks changes:\n%s", review)
	}
	h.say("lan", "1")
	h.say("lan", "13")
	h.say("lan", "8")
	review = h.say("lan", "/boqua") // difficulties: "Mưa lũ" taken away
	mustContain(t, review, "Số câu đã sửa so với lần 1: 2.",
		"1. Số hộ thoát nghèo: 12 hộ → 13 hộ / 20 hộ (65%)",
		"2. Vốn đã giải ngân: 250,5 triệu đồng / 600,0 triệu đồng (41,8%)",
		"8. Khó khăn, vướng mắc: Mưa lũ → (không có)")
	saved = h.say("lan", "/xacnhan")
	mustContain(t, saved, "(lần 2", "Các thay đổi so với lần 1:\n• Số hộ thoát nghèo: 12 hộ → 13 hộ\n• Khó khăn, vướng mắc: Mưa lũ → (không có)")
	if strings.Contains(saved, "Vốn đã giải ngân") {
		t.Errorf("an unchanged answer listed as changed:\n%s", saved)
	}
}

// TestDraftAfterDaysTakesNoBlindAnswer: a message typed to a draft unseen
// for more than a day (a greeting on a text question) is not taken as an
// answer: the member is told where the report stands and asked again; the
// next message is taken. A restart that shows the question again (the
// console's) counts as seen.
func TestDraftAfterDaysTakesNoBlindAnswer(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	for _, in := range []string{"12", "250,5", "/boqua", "/boqua", "2", "có", "/boqua"} {
		h.say("lan", in)
	}
	mustContain(t, h.last("lan").Text, "Câu 8/9 · Xã An Bình") // difficulties, a text question
	h.now = h.now.Add(50 * time.Hour)
	out := h.say("lan", "Chào chị, em gửi báo cáo nhé")
	mustContain(t, out, "Anh/chị đang báo cáo dở Xã An Bình (câu trả lời gần nhất lúc 16/09/2020", "Câu 8/9 · Xã An Bình")
	if strings.Contains(out, "Câu 9/9") {
		t.Fatalf("a greeting days later was taken as an answer:\n%s", out)
	}
	mustContain(t, h.say("lan", "Mưa lũ"), "Câu 9/9 · Xã An Bình")
	mustContain(t, h.say("lan", "/boqua"), "8. Khó khăn, vướng mắc: Mưa lũ")

	h.say("lan", "/huy")
	h.say("lan", "/baocao")
	h.say("lan", "2")
	h.now = h.now.Add(30 * time.Hour)
	h.restart()
	if ok, err := h.eng.Resume(t.Context(), chat("lan"), "lan"); err != nil || !ok {
		t.Fatalf("resume = %v, %v", ok, err)
	}
	mustContain(t, h.say("lan", "5"), "Câu 2/10 · Xã Bình An")
}

// TestReminderDoesNotOfferACorrection: a correction left open is not what a
// reminder is about: the reminder lists the units still to report, plainly.
func TestReminderDoesNotOfferACorrection(t *testing.T) {
	h := newHarness(t, testConfig(t))
	fillAnBinh(h, true)
	h.say("lan", "/xacnhan")
	h.say("lan", "/baocao")
	mustContain(t, h.say("lan", "1"), "Số câu đã sửa so với lần 1: 0.")
	before := len(h.rec.sent)
	if _, err := h.eng.Remind(t.Context(), 1, h.now.Add(47*time.Hour)); err != nil {
		t.Fatal(err)
	}
	h.flush()
	reminder := texts(h.rec.sent[before:])
	mustContain(t, reminder, "Kính gửi đồng chí Trần Thị Lan", "[/baocao 2 📝 Xã Bình An]")
	if strings.Contains(reminder, "báo cáo dở") || strings.Contains(reminder, "Tiếp tục") {
		t.Errorf("a correction offered by the reminder:\n%s", reminder)
	}
}

// TestReminderOffersTheDraftOnItsChat: a member bound on Telegram and Zalo
// with a draft on Zalo is offered it by a reminder on Zalo; once they write
// on Telegram the reminder goes there, where that draft cannot go on, and
// does not offer it.
func TestReminderOffersTheDraftOnItsChat(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRig(t, tg, zl)
	tgA, zlA := account{"telegram", "7", "7"}, account{"zalo", "u-lan", "c-lan"}
	for _, a := range []account{tgA, zlA} {
		if err := r.eng.Bind(t.Context(), a.channel, a.user, "lan"); err != nil {
			t.Fatal(err)
		}
	}
	r.send(zlA, bot.Update{Text: "/baocao"})
	r.send(zlA, bot.Update{Text: "1"})
	r.send(zlA, bot.Update{Text: "12"})
	remind := func(slot int) (onTelegram, onZalo string) {
		t.Helper()
		tn, zn := len(tg.sent), len(zl.sent)
		if _, err := r.eng.Remind(t.Context(), slot, r.now); err != nil {
			t.Fatal(err)
		}
		r.flush()
		if len(tg.sent) > tn {
			onTelegram = strings.Join(tg.last(t).r.Parts, "\n")
		}
		if len(zl.sent) > zn {
			onZalo = strings.Join(zl.last(t).r.Parts, "\n")
		}
		return
	}
	if _, z := remind(0); !strings.Contains(z, "Anh/chị đang báo cáo dở Xã An Bình: tiếp tục?") {
		t.Errorf("the reminder on Zalo does not offer the Zalo draft:\n%s", z)
	}
	r.send(tgA, bot.Update{Text: "/trangthai"})
	g, z := remind(1)
	if z != "" || !strings.Contains(g, "Kính gửi đồng chí Trần Thị Lan") {
		t.Fatalf("reminder 1: Telegram %q, Zalo %q; want it on Telegram only", g, z)
	}
	if strings.Contains(g, "báo cáo dở") {
		t.Errorf("the reminder on Telegram offers the Zalo draft:\n%s", g)
	}
}

// TestCorrectionChangesAfterAConflict: while one chat corrects revision 1,
// another saves revision 2: the first chat's review still marks changes
// from revision 1, the one it corrects; after the conflict it marks them
// from revision 2, so undoing the other chat's change shows (14 → 12).
func TestCorrectionChangesAfterAConflict(t *testing.T) {
	h := newHarness(t, testConfig(t))
	if err := h.eng.Bind(t.Context(), "console", "lan-phone", "lan"); err != nil {
		t.Fatal(err)
	}
	fillAnBinh(h, true)
	h.say("lan", "/xacnhan")
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan-phone", "/baocao")
	h.say("lan-phone", "1")
	h.say("lan", "1")
	h.say("lan", "14")
	h.say("lan", "/xacnhan") // revision 2: households 12 → 14
	h.say("lan-phone", "2")
	review := h.say("lan-phone", "300")
	mustContain(t, review, "Số câu đã sửa so với lần 1: 1.", "1. Số hộ thoát nghèo: 12 hộ / 20 hộ",
		"2. Vốn đã giải ngân: 250,5 triệu đồng → 300,0 triệu đồng")
	out := h.say("lan-phone", "/xacnhan")
	mustContain(t, out, "vừa được lưu lần 2", "Số câu đã sửa so với lần 2: 2.", "1. Số hộ thoát nghèo: 14 hộ → 12 hộ / 20 hộ")
}
