package bot_test

import (
	"regexp"
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestAdminInvitesFromTheChat: the standing office makes a code while the
// bot runs, and the code registers a new Telegram account.
func TestAdminInvitesFromTheChat(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.infos = []bot.ChannelInfo{linkChannel{"telegram", "https://t.me/ChoDonBaoCaoBot?start="}}
	h.restart() // the engine learns the channel's invite link
	mustContain(t, h.say("lan", "/moi hung"), "dành cho cơ quan thường trực")
	mustContain(t, h.say("office", "/trogiup"), "/moi")
	mustContain(t, h.say("office", "/moi"), "mọi thành viên đều đã đăng ký")
	mustContain(t, h.say("office", "/moi ai-do"), "Không có thành viên mã \"ai-do\"")
	out := h.say("office", "/invite hung")
	code := regexp.MustCompile(`[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}`).FindString(out)
	if code == "" {
		t.Fatalf("no code in %q", out)
	}
	mustContain(t, out, "Mã mời cho Lê Văn Hùng (hung)", "https://t.me/ChoDonBaoCaoBot?start="+code)
	reg := texts(h.handle(bot.Update{Chat: chat("hung-phone"), UserID: "hung-phone", Text: "/start " + code}))
	if !strings.Contains(reg, "Hello Lê Văn Hùng") {
		t.Errorf("the chat-made code did not register: %q", reg)
	}
}
