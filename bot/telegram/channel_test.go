package telegram

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/platform"
	"fieldbot/bot/telegram/telegramtest"
)

// newChannel is a Channel on a fresh fake.
func newChannel(t *testing.T) (*telegramtest.Server, *Channel) {
	t.Helper()
	fake := telegramtest.New(testToken)
	t.Cleanup(fake.Close)
	api, err := Dial(context.Background(), testToken, fake.Endpoint(), fake.Client())
	if err != nil {
		t.Fatal(err)
	}
	return fake, NewChannel(api, quiet)
}

func to(chat string) bot.ChatRef { return bot.ChatRef{Channel: Name, ChatID: chat} }

func send(t *testing.T, ch *Channel, out *bot.Outgoing) {
	t.Helper()
	if err := ch.Send(context.Background(), out); err != nil {
		t.Fatal(err)
	}
}

func TestSendEscapesEverythingAndAddsButtons(t *testing.T) {
	fake, ch := newChannel(t)
	text := "Khó khăn: <không có> & \"ổn\" 'tốt' 5 > 3"
	send(t, ch, &bot.Outgoing{ID: 1, Chat: to("42"), Text: text, Buttons: []bot.Button{
		{Number: 1, Label: "Đúng tiến độ", Data: "n1:1"}, {Label: "✖ Hủy", Data: "n1:c", Command: "/huy"}}})
	ms := fake.Messages(42)
	if len(ms) != 1 {
		t.Fatalf("%d messages", len(ms))
	}
	m := ms[0]
	if m.ParseMode != "HTML" || m.Text != text || strings.ContainsAny(m.Raw, "<>") {
		t.Errorf("message %+v: want HTML parse mode, the text shown as typed, nothing left unescaped", m)
	}
	if len(m.Buttons) != 2 || m.Buttons[0][0].Text != "1. Đúng tiến độ" || m.Buttons[1][0].CallbackData != "n1:c" {
		t.Errorf("buttons %+v", m.Buttons)
	}
}

func TestSendSplitsLongText(t *testing.T) {
	fake, ch := newChannel(t)
	var b strings.Builder
	for i := range 400 {
		b.WriteString("Dòng số ")
		b.WriteString(strings.Repeat("x", i%40))
		b.WriteString(" — Xã Bằng Lũng <ok>\n")
	}
	send(t, ch, &bot.Outgoing{ID: 2, Chat: to("42"), Text: b.String(), Buttons: []bot.Button{{Number: 1, Label: "a", Data: "d"}}})
	ms := fake.Messages(42)
	if len(ms) < 3 {
		t.Fatalf("%d messages for %d characters", len(ms), b.Len())
	}
	var joined []string
	for i, m := range ms {
		if (len(m.Buttons) > 0) != (i == len(ms)-1) {
			t.Errorf("part %d buttons %v: the keyboard belongs on the last part only", i, m.Buttons)
		}
		joined = append(joined, m.Text)
	}
	if strings.Join(joined, "\n")+"\n" != b.String() {
		t.Error("the parts do not add up to the text, line for line")
	}
}

func TestEditInPlaceAndFallBack(t *testing.T) {
	fake, ch := newChannel(t)
	send(t, ch, &bot.Outgoing{ID: 3, Chat: to("42"), Text: "Câu 1", Buttons: []bot.Button{{Number: 1, Label: "a", Data: "d"}}})
	first := fake.Messages(42)[0]
	edit := &bot.Outgoing{ID: 4, Chat: to("42"), Text: "Câu 2", EditMessageID: itoa(first.ID)}
	send(t, ch, edit)
	ms := fake.Messages(42)
	if len(ms) != 1 || ms[0].Text != "Câu 2" || ms[0].Edits != 1 || len(ms[0].Buttons) != 0 {
		t.Fatalf("after edit: %+v, want the one message changed and its stale buttons gone", ms)
	}
	send(t, ch, edit) // the same again: Telegram says "not modified", which is fine
	if n := len(fake.Messages(42)); n != 1 {
		t.Errorf("a no-op edit sent a message")
	}
	send(t, ch, &bot.Outgoing{ID: 5, Chat: to("42"), Text: "Câu 3", EditMessageID: "999999"})
	ms = fake.Messages(42)
	if len(ms) != 2 || ms[1].Text != "Câu 3" {
		t.Errorf("an edit of a missing message must send anew: %+v", ms)
	}
}

func TestAnswerCallbackAlwaysAndNeverBlocks(t *testing.T) {
	fake, ch := newChannel(t)
	u := telegramtest.User{ID: 42, FirstName: "Lan"}
	_, qid := fake.Press(u, 1, "x")
	send(t, ch, &bot.Outgoing{ID: 6, Chat: to("42"), AnswerCallback: qid}) // no text at all
	if !fake.Answered(qid) {
		t.Fatal("the spinner was not stopped")
	}
	if n := len(fake.Messages(42)); n != 0 {
		t.Errorf("an answer-only message sent %d messages", n)
	}
	// Answering an expired query fails at Telegram, but the reply goes out.
	send(t, ch, &bot.Outgoing{ID: 7, Chat: to("42"), AnswerCallback: qid, Text: "Câu 2"})
	if ms := fake.Messages(42); len(ms) != 1 || ms[0].Text != "Câu 2" {
		t.Errorf("reply after an expired callback: %+v", ms)
	}
	// A hanging answer does not hold the reply back either.
	ch.CallTimeout = 50 * time.Millisecond
	fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "answerCallbackQuery" {
			return telegramtest.Hang()
		}
		return nil
	})
	_, qid2 := fake.Press(u, 1, "y")
	send(t, ch, &bot.Outgoing{ID: 8, Chat: to("42"), AnswerCallback: qid2, Text: "Câu 3"})
	if n := len(fake.Messages(42)); n != 2 {
		t.Errorf("a hung answer blocked the reply")
	}
}

func TestRequestContactKeyboard(t *testing.T) {
	fake, ch := newChannel(t)
	send(t, ch, &bot.Outgoing{ID: 9, Chat: to("42"), Text: "Chia sẻ số điện thoại để đăng ký.", RequestContact: "📱 Chia sẻ số điện thoại"})
	c := fake.Calls("sendMessage")[0]
	mk := c.Params["reply_markup"]
	for _, want := range []string{`"request_contact":true`, `"one_time_keyboard":true`, "Chia sẻ số điện thoại"} {
		if !strings.Contains(mk, want) {
			t.Errorf("reply_markup %s lacks %s", mk, want)
		}
	}
}

func TestAttachments(t *testing.T) {
	fake, ch := newChannel(t)
	send(t, ch, &bot.Outgoing{ID: 10, Chat: to("-1001234"), Text: "Tổng hợp tuần 38", Attach: []bot.Attachment{
		{Name: "tonghop.png", Photo: true, Data: []byte("\x89PNG fake")},
		{Name: "tonghop.xlsx", Data: []byte("PK fake")}}})
	photo, doc := fake.Calls("sendPhoto"), fake.Calls("sendDocument")
	if len(photo) != 1 || string(photo[0].Files["photo"]) != "\x89PNG fake" || photo[0].Chat() != "-1001234" {
		t.Errorf("sendPhoto calls %+v", photo)
	}
	if len(doc) != 1 || doc[0].Params["document"] != "file:tonghop.xlsx" || string(doc[0].Files["document"]) != "PK fake" {
		t.Errorf("sendDocument calls %+v", doc)
	}
}

func TestSendErrorsAreClassified(t *testing.T) {
	tests := []struct {
		name      string
		fault     *telegramtest.Fault
		permanent bool
		retry     time.Duration
	}{
		{"429", telegramtest.TooManyRequests(3), false, 3 * time.Second},
		{"500", telegramtest.ServerError(), false, 0},
		{"502 html", telegramtest.BadGateway(), false, 0},
		{"hang", telegramtest.Hang(), false, 0},
		{"blocked", telegramtest.Blocked(), true, 0},
		{"deactivated", telegramtest.Deactivated(), true, 0},
		{"chat not found", telegramtest.ChatNotFound(), true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, ch := newChannel(t)
			ch.CallTimeout = 100 * time.Millisecond
			fake.Hook(func(telegramtest.Call) *telegramtest.Fault { return tt.fault })
			err := ch.Send(context.Background(), &bot.Outgoing{ID: 11, Chat: to("42"), Text: "x"})
			var se *bot.SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a SendError", err)
			}
			if se.Permanent() != tt.permanent || se.RetryAfter != tt.retry {
				t.Errorf("%v: permanent=%v retry=%v", err, se.Permanent(), se.RetryAfter)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("token in %q", err)
			}
		})
	}
}

func TestRetryResumesAfterTheStepsThatWentThrough(t *testing.T) {
	fake, ch := newChannel(t)
	fails := 1
	fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "sendMessage" && strings.HasPrefix(c.Params["text"], "B") && fails > 0 {
			fails--
			return telegramtest.ServerError()
		}
		return nil
	})
	text := strings.Repeat("A", 4000) + "\n" + strings.Repeat("B", 4000) + "\n" + strings.Repeat("C", 4000)
	out := &bot.Outgoing{ID: 12, Chat: to("42"), Text: text}
	if err := ch.Send(context.Background(), out); err == nil {
		t.Fatal("the injected failure did not surface")
	}
	send(t, ch, out)
	ms := fake.Messages(42)
	if len(ms) != 3 || ms[0].Text[0] != 'A' || ms[1].Text[0] != 'B' || ms[2].Text[0] != 'C' {
		t.Errorf("after a retry: %d messages, want A, B, C once each", len(ms))
	}
}

func TestTokenNeverLeavesThePackage(t *testing.T) {
	fake := telegramtest.New(testToken)
	api, err := Dial(context.Background(), testToken, fake.Endpoint(), fake.Client())
	if err != nil {
		t.Fatal(err)
	}
	fake.Close() // every call now fails in the HTTP client, URL and all
	ch := NewChannel(api, quiet)
	errs := []error{ch.Send(context.Background(), &bot.Outgoing{ID: 1, Chat: to("42"), Text: "x"}), api.SetCommands(context.Background(), bot.Weekly),
		api.DeleteWebhook(context.Background()), api.SetWebhook(context.Background(), "https://example.org/hook", "s")}
	_, err = Dial(context.Background(), testToken, fake.Endpoint(), fake.Client())
	errs = append(errs, err)
	_, err = api.getUpdates(context.Background(), tgUpdateConfig(0))
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d succeeded against a closed server", i)
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "TEST-token") {
			t.Errorf("call %d: token in %q", i, err)
		}
		if !strings.Contains(err.Error(), platform.TokenMask) { // the URL is there, masked
			t.Errorf("call %d: %v, want the request URL with the token masked", i, err)
		}
	}
}

func TestSetCommands(t *testing.T) {
	fake, ch := newChannel(t)
	if err := ch.api.SetCommands(context.Background(), bot.Weekly); err != nil {
		t.Fatal(err)
	}
	vi, en, def := fake.Commands("vi"), fake.Commands("en"), fake.Commands("")
	if len(vi) == 0 || vi[0].Command != "baocao" || en[0].Command != "report" || def[0].Command != "baocao" {
		t.Fatalf("menus vi=%v en=%v default=%v", vi, en, def)
	}
	if strings.HasPrefix(en[0].Description, "[") || en[0].Description == vi[0].Description {
		t.Errorf("descriptions vi %q en %q", vi[0].Description, en[0].Description)
	}
	if vi[0].Description != "Gửi báo cáo tuần" || en[0].Description != "Send this week's report" {
		t.Errorf("weekly report entry vi %q en %q", vi[0].Description, en[0].Description)
	}
	// The quick report and its template follow the report, in each language.
	if len(vi) < 3 || vi[1].Command != "bc" || vi[2].Command != "mau" || len(en) < 3 || en[1].Command != "quick" || en[2].Command != "form" {
		t.Errorf("quick report entries vi=%v en=%v", vi, en)
	}
}

// TestSetCommandsMonthly: a monthly configuration's menu offers the month's
// report, never the week's.
func TestSetCommandsMonthly(t *testing.T) {
	fake, ch := newChannel(t)
	if err := ch.api.SetCommands(context.Background(), bot.Monthly); err != nil {
		t.Fatal(err)
	}
	vi, en, def := fake.Commands("vi"), fake.Commands("en"), fake.Commands("")
	if len(vi) == 0 || len(en) == 0 || len(def) == 0 {
		t.Fatalf("menus vi=%v en=%v default=%v", vi, en, def)
	}
	if vi[0].Description != "Gửi báo cáo tháng" || def[0].Description != "Gửi báo cáo tháng" || en[0].Description != "Send this month's report" {
		t.Errorf("monthly report entry vi %q en %q default %q", vi[0].Description, en[0].Description, def[0].Description)
	}
	for _, menu := range [][]telegramtest.Command{vi, en, def} {
		for _, c := range menu {
			if strings.Contains(c.Description, "tuần") || strings.Contains(c.Description, "week") {
				t.Errorf("monthly menu entry %s %q names a week", c.Command, c.Description)
			}
		}
	}
}
