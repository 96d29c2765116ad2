package bot_test

import (
	"testing"

	"fieldbot/bot"
)

// forge presses a button with data the bot never sent.
func (h *harness) forge(member, data string) string {
	h.t.Helper()
	h.seq++
	return texts(h.handle(bot.Update{Chat: chat(member), UserID: member,
		Callback: &bot.Callback{ID: "forged" + string(rune('a'+h.seq%26)), Data: data, MessageID: "m1"}}))
}

// TestForgedReminderButtons: a reminder button forged to name a period
// that has not begun, or one locked beyond the late grace, files nothing
// for it; the member is answered politely.
func TestForgedReminderButtons(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(30, 9, 9, 0) // week 40
	for _, data := range []string{"R:1@2020-W45", "R:1@2020-W30", "R:1@2019-W38", "R:1@garbage"} {
		out := h.forge("lan", data)
		want := "đã khóa, không gửi hay sửa được nữa"
		if data == "R:1@2020-W45" || data == "R:1@garbage" {
			want = "Nút này thuộc một câu hỏi cũ"
		}
		mustContain(t, out, want)
		h.say("lan", "12")
		h.say("lan", "/huy")
		for _, p := range []string{"2020-W45", "2020-W30", "2019-W38"} {
			if revs := h.revisionsOf(p, "an-binh"); len(revs) != 0 {
				t.Errorf("%s: saved for %s: %+v", data, p, revs)
			}
		}
	}
}
