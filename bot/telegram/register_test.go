package telegram

import (
	"context"
	"strings"
	"testing"

	"fieldbot/bot/telegram/telegramtest"
)

// TestRegisterByInviteOverTelegram: a deep link's /start CODE binds the
// Telegram account; wrong codes are counted.
func TestRegisterByInviteOverTelegram(t *testing.T) {
	r := newRig(t)
	r.start()
	inv, err := r.eng.Invite(context.Background(), "ma-van-cuong")
	if err != nil {
		t.Fatal(err)
	}
	cuong := telegramtest.User{ID: 9101, FirstName: "Cường", LanguageCode: "vi"}
	mustHave(t, r.say(cuong, "/start AAAA-BBBB-CCCC").Text, "Mã mời không đúng", "1/5")
	r.fake.Text(cuong, "/start "+strings.ToLower(inv.Code))
	r.waitText(cuong.ID, "Đăng ký thành công")
	r.waitText(cuong.ID, "Xin chào Ma Văn Cường")
	r.fake.Text(cuong, "/baocao")
	r.waitText(cuong.ID, "Chọn đơn vị")
	r.button(r.last(cuong.ID), "Xã Bằng Lãng") // his own commune is offered
}

// TestRegisterBySharingContactOverTelegram: the stranger is offered the
// "share my phone number" keyboard; sharing their own number binds them,
// sharing someone else's does not.
func TestRegisterBySharingContactOverTelegram(t *testing.T) {
	r := newRig(t)
	r.start()
	dung := telegramtest.User{ID: 9102, FirstName: "Dung", LanguageCode: "vi"}
	r.say(dung, "xin chào")
	offer := r.fake.Calls("sendMessage")
	mk := offer[len(offer)-1].Params["reply_markup"]
	if !strings.Contains(mk, `"request_contact":true`) {
		t.Fatalf("no contact keyboard offered: %s", mk)
	}
	r.fake.Contact(dung, "+84 912 000 001", 12345) // An's number, shared from Dung's phone book
	r.waitText(dung.ID, "chính anh/chị")
	r.fake.Contact(dung, "+84912000004", dung.ID) // her own: 0912 000 004 in the roster
	r.waitText(dung.ID, "Đăng ký thành công")
	r.waitText(dung.ID, "Xin chào Triệu Thị Dung")
	for _, m := range r.fake.Messages(dung.ID) {
		if strings.Contains(m.Text, "Nguyễn Văn An") {
			t.Errorf("someone else's contact revealed a member: %q", m.Text)
		}
	}
}

// waitText waits for a message in chat containing want and returns its text.
func (r *rig) waitText(chat int64, want string) string {
	r.t.Helper()
	var found string
	r.wait(want, func() bool {
		for _, m := range r.fake.Messages(chat) {
			if strings.Contains(m.Text, want) {
				found = m.Text
				return true
			}
		}
		return false
	})
	return found
}
