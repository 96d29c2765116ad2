package bot_test

import (
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// navCase puts lan's conversation where a navigation command means
// something, and says what the command must then show.
type navCase struct {
	setup func(h *harness)
	want  string
	check func(t *testing.T, h *harness)
}

// navCases has one case per navigation command; TestNavEveryForm fails for
// a nav row without one.
var navCases = map[string]navCase{
	"back": {setup: func(h *harness) { h.say("lan", "/baocao"); h.say("lan", "1"); h.say("lan", "12") },
		want: "Câu 1/9 · Xã An Bình"},
	"skip": { // the third question (poverty rate) is optional
		setup: func(h *harness) { h.say("lan", "/baocao"); h.say("lan", "1"); h.say("lan", "12"); h.say("lan", "250") },
		want:  "Câu 4/9 · Xã An Bình"},
	"cancel": {setup: func(h *harness) { h.say("lan", "/baocao"); h.say("lan", "1") },
		want: i18n.For(i18n.VI).T("cancel.done")},
	"confirm": {setup: func(h *harness) { fillAnBinh(h, true) },
		want: "Đã lưu báo cáo của Xã An Bình (lần 1",
		check: func(t *testing.T, h *harness) {
			if n := len(h.revisions("an-binh")); n != 1 {
				t.Errorf("revisions = %d, want 1", n)
			}
		}},
	"edit": {setup: func(h *harness) { fillAnBinh(h, true) },
		want: i18n.For(i18n.VI).T("edit.pick")},
	"keep": { // back to the first question, which now has an answer to keep
		setup: func(h *harness) {
			h.say("lan", "/baocao")
			h.say("lan", "1")
			h.say("lan", "12")
			h.say("lan", "/quaylai")
		},
		want: "Câu 2/9 · Xã An Bình"},
}

// TestNavEveryForm runs every navigation row as each of its slash
// spellings, each of its typed words, and its button, in a fresh
// conversation each time.
func TestNavEveryForm(t *testing.T) {
	for _, row := range bot.NavRows() {
		c, ok := navCases[row.Cmd]
		if !ok {
			t.Errorf("nav row %s has no case in navCases", row.Cmd)
			continue
		}
		forms := map[string]func(h *harness) string{
			"button": func(h *harness) string { return pressCode(h, "lan", row.Code) },
		}
		for _, s := range row.Slash {
			forms["/"+s] = func(h *harness) string { return h.say("lan", "/"+s) }
		}
		for _, w := range row.Words {
			forms["typed "+w] = func(h *harness) string { return h.say("lan", w) }
		}
		for name, do := range forms {
			t.Run(row.Cmd+"/"+name, func(t *testing.T) {
				h := newHarness(t, testConfig(t))
				c.setup(h)
				mustContain(t, do(h), c.want)
				if c.check != nil {
					c.check(t, h)
				}
			})
		}
	}
}

// pressCode presses the button whose payload ends in code on the last
// message sent to member.
func pressCode(h *harness, member, code string) string {
	h.t.Helper()
	last := h.last(member)
	for _, b := range last.Buttons {
		if strings.HasSuffix(b.Data, ":"+code) {
			return h.press(member, b.Label)
		}
	}
	h.t.Fatalf("no button with code %q on %q (%+v)", code, last.Text, last.Buttons)
	return ""
}
