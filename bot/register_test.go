package bot_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

const telegram = "telegram"

// tgUpdate is a message from a Telegram user in their private chat.
func tgUpdate(user, text string) bot.Update {
	return bot.Update{Chat: bot.ChatRef{Channel: telegram, ChatID: user}, UserID: user, Text: text}
}

// tg handles u and returns the replies queued for Telegram, taking them out
// of the outbox (the harness's sender only drains the console).
func (h *harness) tg(u bot.Update) []bot.Outgoing {
	h.t.Helper()
	if err := h.eng.Handle(context.Background(), []bot.Update{u}); err != nil {
		h.t.Fatalf("handle %+v: %v", u, err)
	}
	var outs []bot.Outgoing
	err := h.db.Update(context.Background(), func(tx bot.Tx) error {
		var err error
		if outs, err = tx.Outbox(telegram, 100); err != nil {
			return err
		}
		for _, o := range outs {
			if err := tx.Ack(o.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return outs
}

// tgSay sends text from a Telegram user and returns the replies' text.
func (h *harness) tgSay(user, text string) string {
	h.t.Helper()
	return texts(h.tg(tgUpdate(user, text)))
}

// invite makes an invite for member at the harness's time.
func (h *harness) invite(member string) bot.Invite {
	h.t.Helper()
	inv, err := h.eng.Invite(context.Background(), member)
	if err != nil {
		h.t.Fatal(err)
	}
	return inv
}

// identity is the member a Telegram user is bound to, or "".
func (h *harness) identity(user string) string {
	h.t.Helper()
	var id string
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		ident, err := tx.Identity(telegram, user)
		id = ident.Member
		if errors.Is(err, bot.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// stored reads an invite back from the database.
func (h *harness) stored(code string) bot.Invite {
	h.t.Helper()
	var inv bot.Invite
	err := h.db.View(context.Background(), func(tx bot.Tx) (err error) { inv, err = tx.Invite(code); return err })
	if err != nil {
		h.t.Fatal(err)
	}
	return inv
}

func TestInviteRegistration(t *testing.T) {
	h := newHarness(t, testConfig(t))
	inv := h.invite("hung")
	if want := h.now.Add(7 * 24 * time.Hour); !inv.Expires.Equal(want) || inv.Member != "hung" || inv.Used() {
		t.Fatalf("invite = %+v; want hung's, unused, expiring %s", inv, want)
	}
	typed := strings.ToLower(strings.ReplaceAll(inv.Display(), "-", " ")) // as typed on a phone
	out := h.tgSay("1001", "/start "+typed)
	mustContain(t, out, "✅ You are registered.", "Hello Lê Văn Hùng!", "You are responsible for: Cao Sơn commune", "/report")
	if got := h.identity("1001"); got != "hung" {
		t.Fatalf("bound to %q, want hung", got)
	}
	if got := h.stored(inv.Code); got.UsedBy != "telegram/1001" || !got.UsedAt.Equal(h.now) {
		t.Errorf("invite after use = %+v; want used by telegram/1001 now", got)
	}
	mustContain(t, h.tgSay("1001", "/report"), "Question 1/", "Cao Sơn commune") // one unit: no list
	var chats []bot.ChatRef
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		ids, err := tx.IdentitiesOf("hung")
		for _, id := range ids {
			chats = append(chats, id.ChatRef())
		}
		return err
	})
	want := []bot.ChatRef{{Channel: "console", ChatID: "hung"}, {Channel: telegram, ChatID: "1001"}}
	if err != nil || !reflect.DeepEqual(chats, want) {
		t.Errorf("hung's chats = %v, %v; want %v (bound on two channels)", chats, err, want)
	}
}

func TestInviteDeepLinkAndBareCode(t *testing.T) {
	h := newHarness(t, testConfig(t))
	a, b := h.invite("lan"), h.invite("lan") // a member may register several accounts
	mustContain(t, h.tgSay("2001", "/start@fieldbot_bot "+a.Display()), "✅ Đăng ký thành công.", "Xin chào Trần Thị Lan!")
	mustContain(t, h.tgSay("2002", " "+b.Code+" "), "✅ Đăng ký thành công.")
	if h.identity("2001") != "lan" || h.identity("2002") != "lan" {
		t.Errorf("bindings = %q, %q; want lan, lan", h.identity("2001"), h.identity("2002"))
	}
}

func TestInviteRefusals(t *testing.T) {
	h := newHarness(t, testConfig(t))
	used, old, spare := h.invite("lan"), h.invite("hung"), h.invite("chair")
	h.tgSay("3000", "/start "+used.Code)
	h.now = old.Expires.Add(-time.Minute)
	cases := []struct{ text, want string }{
		{"/start AAAA-BBBB-CCCC", "Mã mời không đúng"},
		{"/start xin chào", "Mã mời không đúng"},
		{"/start " + used.Display(), "đã được sử dụng"},
	}
	for i, c := range cases {
		out := h.tgSay("3001", c.text)
		mustContain(t, out, c.want, "Số lần nhập sai mã: "+string(rune('1'+i))+"/5")
		for _, leak := range []string{"Trần Thị Lan", "lan", "Lê Văn Hùng", "Huyện Thử", "An Bình"} {
			if strings.Contains(out, leak) {
				t.Errorf("refusal of %q tells %q:\n%s", c.text, leak, out)
			}
		}
	}
	mustContain(t, h.tgSay("3003", "/start "+spare.Code), "Đăng ký thành công", "Phạm Văn Chủ") // a minute to spare
	h.now = old.Expires                                                                         // seven days after it was made
	mustContain(t, h.tgSay("3002", "/start "+old.Code), "đã hết hạn", "1/5")
	if h.identity("3001") != "" || h.identity("3002") != "" {
		t.Error("a refused user was bound")
	}
	if h.stored(old.Code).Used() {
		t.Error("an expired code was marked used")
	}
	fresh := h.invite("hung")
	mustContain(t, h.tgSay("3002", "/start "+fresh.Code), "You are registered", "Lê Văn Hùng")
}

func TestInviteLockout(t *testing.T) {
	h := newHarness(t, testConfig(t))
	inv := h.invite("lan")
	start := h.now // 09:00 in Hà Nội
	for i := 1; i <= 4; i++ {
		h.now = start.Add(time.Duration(i) * time.Minute)
		mustContain(t, h.tgSay("4001", "/start WRONG-CODE-"+string(rune('0'+i))), "/5")
	}
	h.now = start.Add(5 * time.Minute)
	out := h.tgSay("4001", "/start AAAA-AAAA-AAAA")
	mustContain(t, out, "Mã mời không đúng", "sai mã mời 5 lần", "thử lại sau 16/09/2020 10:05")
	h.now = start.Add(30 * time.Minute)
	outs := h.tg(tgUpdate("4001", "/start "+inv.Code))
	mustContain(t, texts(outs), "thử lại sau 16/09/2020 10:05")
	if outs[0].RequestContact == "" {
		t.Error("the lockout message offers no contact button")
	}
	mustContain(t, h.tgSay("4001", "xin chào"), "thử lại sau 16/09/2020 10:05")
	if h.identity("4001") != "" || h.stored(inv.Code).Used() {
		t.Fatal("a locked-out user registered, or their code was consumed")
	}
	mustContain(t, h.tgSay("4002", "/start BBBB-BBBB-BBBB"), "1/5") // another user is not locked
	h.now = start.Add(65 * time.Minute)                             // the hour is over
	mustContain(t, h.tgSay("4001", "/start "+inv.Code), "Đăng ký thành công")
	if h.identity("4001") != "lan" {
		t.Error("not bound after the lockout ended")
	}
}

func TestInviteFailuresOutsideTheHourDoNotCount(t *testing.T) {
	h := newHarness(t, testConfig(t))
	start := h.now
	for i := range 4 {
		h.now = start.Add(time.Duration(i) * time.Minute)
		h.tgSay("5001", "/start AAAA-AAAA-AAAA")
	}
	h.now = start.Add(60*time.Minute + 30*time.Second) // the first try has left the window
	mustContain(t, h.tgSay("5001", "/start AAAA-AAAA-AAAA"), "4/5")
	h.now = start.Add(61*time.Minute + 30*time.Second) // and now the second
	mustContain(t, h.tgSay("5001", "/start AAAA-AAAA-AAAA"), "4/5")
}

func TestBoundUserStartDoesNotUseInvite(t *testing.T) {
	h := newHarness(t, testConfig(t))
	inv := h.invite("hung")
	out := h.say("lan", "/start "+inv.Display())
	mustContain(t, out, "Xin chào Trần Thị Lan!")
	if strings.Contains(out, "Đăng ký") {
		t.Errorf("a bound member was registered again:\n%s", out)
	}
	if h.stored(inv.Code).Used() {
		t.Fatal("a bound member's /start CODE consumed the invite")
	}
	mustContain(t, h.tgSay("6001", "/start "+inv.Code), "You are registered")
}

func TestEngineInviteUnknownMember(t *testing.T) {
	h := newHarness(t, testConfig(t))
	if _, err := h.eng.Invite(context.Background(), "nobody"); err == nil {
		t.Fatal("Invite for a member not in the roster succeeded")
	}
}

func TestInviteCodes(t *testing.T) {
	h := newHarness(t, testConfig(t))
	seen := map[string]bool{}
	for range 40 {
		inv := h.invite("lan")
		if len(inv.Code) != 12 || strings.ContainsAny(inv.Code, "01OIL") || seen[inv.Code] {
			t.Fatalf("code %q: want 12 characters without 0, 1, O, I, L, never repeated", inv.Code)
		}
		seen[inv.Code] = true
		d := inv.Display()
		if len(d) != 14 || d[4] != '-' || d[9] != '-' {
			t.Errorf("Display() = %q, want XXXX-XXXX-XXXX", d)
		}
		if got, ok := bot.ParseInviteCode(" " + strings.ToLower(d) + " "); !ok || got != inv.Code {
			t.Errorf("ParseInviteCode(%q) = %q, %v", d, got, ok)
		}
	}
}

func TestParseInviteCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"K7XM-Q2PR-9DHT", "K7XMQ2PR9DHT", true},
		{"k7xm q2pr 9dht", "K7XMQ2PR9DHT", true},
		{"k7xm.q2pr.9dht", "K7XMQ2PR9DHT", true},
		{"K7XMQ2PR9DHT", "K7XMQ2PR9DHT", true},
		{"K7XM-Q2PR-9DH", "", false},    // too short
		{"K7XM-Q2PR-9DHTX", "", false},  // too long
		{"K7XM-Q2PR-9DH0", "", false},   // 0 is never in a code
		{"K7XM-Q2PR-9DHÉ", "", false},   // not in the alphabet
		{"xin chào các bạn", "", false}, // a greeting
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := bot.ParseInviteCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseInviteCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
