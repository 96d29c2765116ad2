package bot_test

import (
	"strings"
	"testing"

	"fieldbot/bot"
)

// withPhones gives the test roster phone numbers, written the ways people
// write them.
func withPhones(t *testing.T) *bot.Config {
	cfg := testConfig(t)
	phones := map[string]string{"lan": "0912 345 678", "hung": "+84 913.000.111", "chair": "0914-000-222", "view": "0914 000 222"}
	for i := range cfg.Members {
		cfg.Members[i].Phone = phones[cfg.Members[i].ID]
	}
	return cfg
}

// contact is a Telegram user sharing a contact card.
func contact(user, owner, phone string) bot.Update {
	u := tgUpdate(user, "")
	u.Contact = &bot.Contact{Phone: phone, UserID: owner}
	return u
}

func TestContactRegistration(t *testing.T) {
	h := newHarness(t, withPhones(t))
	out := texts(h.tg(contact("7001", "7001", "84912345678"))) // Telegram sends no "+"
	mustContain(t, out, "✅ Đăng ký thành công.", "Xin chào Trần Thị Lan!", "Xã An Bình, Xã Bình An")
	if h.identity("7001") != "lan" {
		t.Fatalf("bound to %q, want lan", h.identity("7001"))
	}
	mustContain(t, texts(h.tg(contact("7002", "7002", "+84913000111"))), "You are registered", "Lê Văn Hùng")
}

func TestContactRefusals(t *testing.T) {
	h := newHarness(t, withPhones(t))
	tests := []struct {
		name        string
		u           bot.Update
		want        string
		wantButton  bool
		forbidAnyOf []string
	}{
		{"someone else's", contact("7101", "9999", "0912345678"), "chính anh/chị", true, nil},
		{"a contact without a user", contact("7101", "", "0912345678"), "chính anh/chị", true, nil},
		{"not on the roster", contact("7101", "7101", "0987 654 321"), "không có trong danh sách", false, nil},
		{"a foreign number", contact("7101", "7101", "+1 912 345 678"), "không có trong danh sách", false, nil},
		{"two roster entries", contact("7101", "7101", "0914000222"), "nhiều thành viên", false, []string{"Phạm", "Đoàn"}},
	}
	for _, tt := range tests {
		outs := h.tg(tt.u)
		if len(outs) != 1 {
			t.Fatalf("%s: %d replies, want 1", tt.name, len(outs))
		}
		mustContain(t, outs[0].Text, tt.want)
		if (outs[0].RequestContact != "") != tt.wantButton {
			t.Errorf("%s: contact button %q, want one: %v", tt.name, outs[0].RequestContact, tt.wantButton)
		}
		for _, s := range append(tt.forbidAnyOf, "Trần Thị Lan", "Huyện Thử") {
			if strings.Contains(outs[0].Text, s) {
				t.Errorf("%s: the refusal tells %q", tt.name, s)
			}
		}
	}
	if h.identity("7101") != "" {
		t.Error("a refused contact was bound")
	}
}

func TestUnknownUserSeesNoData(t *testing.T) {
	h := newHarness(t, withPhones(t))
	cb := tgUpdate("8001", "")
	cb.Callback = &bot.Callback{ID: "cb1", Data: "U:an-binh", MessageID: "5"}
	updates := []bot.Update{tgUpdate("8001", "/trangthai"), tgUpdate("8001", "/baocao"), tgUpdate("8001", "/start"),
		tgUpdate("8001", "xin chào"), tgUpdate("8001", "/tonghop"), cb}
	for _, u := range updates {
		outs := h.tg(u)
		if len(outs) != 1 {
			t.Fatalf("%q: %d replies, want 1", u.Text, len(outs))
		}
		o := outs[0]
		mustContain(t, o.Text, "chưa được đăng ký", "/start", "📱 Chia sẻ số điện thoại")
		if o.RequestContact != "📱 Chia sẻ số điện thoại" || len(o.Buttons) != 0 {
			t.Errorf("%q: contact button %q, buttons %v", u.Text, o.RequestContact, o.Buttons)
		}
		for _, leak := range []string{"An Bình", "Bình An", "Cao Sơn", "Huyện Thử", "Trần Thị Lan", "tuần 38", "0912"} {
			if strings.Contains(o.Text, leak) {
				t.Errorf("%q: an unknown user is told %q", u.Text, leak)
			}
		}
		if u.Callback != nil && o.AnswerCallback != "cb1" {
			t.Error("the button press of an unknown user was not answered")
		}
	}
	for _, hint := range []string{"en", "en-US"} {
		u := tgUpdate("8002", "hello")
		u.LangHint = hint
		out := h.tg(u)
		mustContain(t, out[0].Text, "not registered")
		if out[0].RequestContact != "📱 Share my phone number" {
			t.Errorf("%s: contact button %q", hint, out[0].RequestContact)
		}
	}
	for _, hint := range []string{"vi", "fr", ""} {
		u := tgUpdate("8003", "bonjour")
		u.LangHint = hint
		mustContain(t, h.tg(u)[0].Text, "chưa được đăng ký")
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0912 345 678", "0912345678", true},
		{"+84912345678", "0912345678", true},
		{"84912345678", "0912345678", true},
		{"0912.345.678", "0912345678", true},
		{"0912-345-678", "0912345678", true},
		{"(+84) 912 345 678", "0912345678", true},
		{"+84 (0) 912 345 678", "0912345678", true},
		{"0084 912 345 678", "0912345678", true},
		{" 0912345678 ", "0912345678", true},
		{"024 3825 1234", "02438251234", true},    // Hà Nội landline
		{"+84 24 3825 1234", "02438251234", true}, // the same, from abroad
		{"0849 123 456", "0849123456", true},      // a national number that starts with 084
		{"+1 415 555 0100", "", false},            // another country
		{"0033 6 12 34 56 78", "", false},         // another country, with 00
		{"0912 345", "", false},                   // too short
		{"0912 345 678 999", "", false},           // too long
		{"0912 345 67a", "", false},
		{"0912+345678", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := bot.NormalizePhone(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
