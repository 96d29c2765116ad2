package zalo

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fieldbot/bot"
	"fieldbot/bot/zalo/zalotest"
)

// newChannel is a Channel on a fresh fake.
func newChannel(t testing.TB) (*zalotest.Server, *Channel) {
	t.Helper()
	fake, api := newAPI(t)
	return fake, NewChannel(api, quiet)
}

func TestChannelBasics(t *testing.T) {
	_, ch := newChannel(t)
	if ch.Name() != "zalo" || ch.InviteLink("ABCD-EFGH") != "" {
		t.Errorf("name %q, invite link %q", ch.Name(), ch.InviteLink("ABCD-EFGH"))
	}
	if c := ch.Caps(); c.Buttons || c.Edit || c.Documents || c.Contact || c.MaxText != 2000 || c.Photos != bot.PhotoURL {
		t.Errorf("caps %+v", c)
	}
}

// longText is a text of many lines, over twice Zalo's limit.
func longText() string {
	var b strings.Builder
	for i := range 120 {
		b.WriteString("Dòng ")
		b.WriteString(strings.Repeat("ạ", 30))
		b.WriteString(" số ")
		b.WriteString(itoa(int64(i)))
		b.WriteString("\n")
	}
	return b.String()
}

func TestLongTextIsSplitAtLinesAndSentInOrder(t *testing.T) {
	fake, ch := newChannel(t)
	u := fake.NewUser("An")
	out := &bot.Outgoing{ID: 1, Chat: bot.ChatRef{Channel: Name, ChatID: u.ChatID}, Text: longText(),
		Buttons: []bot.Button{{Number: 1, Label: "Có", Data: "x:1"}, {Command: "/quaylai", Label: "⬅ Quay lại", Data: "x:b"}}}
	if err := ch.Send(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	ms := fake.Messages(u.ChatID)
	if len(ms) < 3 || len(ms) != ch.Calls(out) {
		t.Fatalf("%d messages (Calls says %d), want at least 3", len(ms), ch.Calls(out))
	}
	var joined []string
	for _, m := range ms {
		if n := utf8.RuneCountInString(m.Text); n > 2000 {
			t.Errorf("a part of %d characters", n)
		}
		if !strings.HasPrefix(m.Text, "Dòng ") && !strings.HasPrefix(m.Text, "  1.") {
			t.Errorf("a part does not start at a line: %q", m.Text[:20])
		}
		joined = append(joined, m.Text)
	}
	flat := func(s string) string { return strings.ReplaceAll(s, "\n", "") }
	want := longText() + "\n  1. Có\n  [/quaylai ⬅ Quay lại]"
	if got := strings.Join(joined, "\n"); flat(got) != flat(want) {
		t.Errorf("the parts joined are not the text in order:\n%s", got[len(got)-80:])
	}
}

func TestRetryResumesAfterThePartsThatWent(t *testing.T) {
	fake, ch := newChannel(t)
	u := fake.NewUser("An")
	photos := photoServer(t)
	out := &bot.Outgoing{ID: 7, Chat: bot.ChatRef{Channel: Name, ChatID: u.ChatID}, Text: longText(),
		Attach: []bot.Attachment{{Name: "tonghop.png", Photo: true, URL: photos.URL + "/chart.png"}}}
	steps := ch.Calls(out)
	n := 0
	fake.Hook(func(c zalotest.Call) *zalotest.Fault {
		if c.Method == "sendMessage" {
			n++
			if n == 2 {
				return zalotest.BadGateway()
			}
		}
		if c.Method == "sendPhoto" && len(fake.Calls("sendPhoto")) == 0 {
			return zalotest.QuotaExceeded()
		}
		return nil
	})
	err := ch.Send(context.Background(), out)
	var se *bot.SendError
	if !errors.As(err, &se) || se.Permanent() {
		t.Fatalf("a 502: %v, want temporary", err)
	}
	if err := ch.Send(context.Background(), out); !errors.As(err, &se) || se.Reason != bot.ReasonRateLimited || se.RetryAfter != DefaultRetryAfter {
		t.Fatalf("a 429 on the photo: %v, want rate limited for %s", err, DefaultRetryAfter)
	}
	if err := ch.Send(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	ms := fake.Messages(u.ChatID)
	if len(ms) != steps {
		t.Fatalf("%d messages after three tries, want %d: no part twice", len(ms), steps)
	}
	if last := ms[len(ms)-1]; last.Kind != zalotest.KindPhoto || string(last.Photo) != string(pngBytes) {
		t.Errorf("the photo, fetched by the platform: %+v", last)
	}
	if n := ch.done.Done(7); n != 0 {
		t.Errorf("progress kept after delivery: %d calls", n)
	}
}

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR fake chart")

// photoServer serves /chart.png and, for anything else, a page that is not
// an image.
func photoServer(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chart.png" {
			_, _ = w.Write(pngBytes)
			return
		}
		_, _ = w.Write([]byte("<html>expired</html>"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRefusedPhotoCostsNothingElse(t *testing.T) {
	fake, ch := newChannel(t)
	u := fake.NewUser("Thắng")
	photos := photoServer(t)
	out := &bot.Outgoing{ID: 3, Chat: bot.ChatRef{Channel: Name, ChatID: u.ChatID}, Text: "BÁO CÁO TỔNG HỢP",
		Attach: []bot.Attachment{
			{Name: "expired.png", Photo: true, URL: photos.URL + "/expired"}, // the fake cannot fetch an image: refused
			{Name: "upload.png", Photo: true, Data: pngBytes},                // no URL: skipped
			{Name: "chart.png", Photo: true, URL: photos.URL + "/chart.png"},
		}}
	if n := ch.Calls(out); n != 3 {
		t.Errorf("Calls = %d, want 3 (text, two photos by URL)", n)
	}
	if err := ch.Send(context.Background(), out); err != nil {
		t.Fatalf("a refused photo failed the message: %v", err)
	}
	ms := fake.Messages(u.ChatID)
	if len(ms) != 2 || ms[0].Text != "BÁO CÁO TỔNG HỢP" || ms[1].PhotoURL != photos.URL+"/chart.png" {
		t.Errorf("delivered %+v, want the text and the good chart", ms)
	}
	if p := fake.Calls("sendPhoto"); len(p) != 2 || p[0].OK {
		t.Errorf("photo calls %+v, want the expired one refused", p)
	}
}

func TestClassify(t *testing.T) {
	apiErr := func(code int, desc string) error {
		return &APIError{Method: "sendMessage", Code: code, Description: desc}
	}
	tests := []struct {
		name   string
		err    error
		reason bot.Reason
		after  time.Duration
	}{
		{"quota", apiErr(429, "Quota exceeded"), bot.ReasonRateLimited, DefaultRetryAfter},
		{"500", apiErr(500, "Internal Server Error"), bot.ReasonTemporary, 0},
		{"502 page", apiErr(502, "Bad Gateway (not a Bot API answer)"), bot.ReasonTemporary, 0},
		{"403 internal error", apiErr(403, "Internal server error"), bot.ReasonTemporary, 0},
		{"408", apiErr(408, "Request timeout"), bot.ReasonTemporary, 0},
		{"no code", apiErr(0, ""), bot.ReasonTemporary, 0},
		{"bad token", apiErr(401, "Unauthorized"), bot.ReasonTemporary, 0},
		{"bad base URL", apiErr(404, "Not Found"), bot.ReasonTemporary, 0},
		{"network", errors.New("dial tcp: connection refused"), bot.ReasonTemporary, 0},
		{"timeout", context.DeadlineExceeded, bot.ReasonTimedOut, 0},
		{"too long", apiErr(400, "Bad request: text is too long (maximum 2000 characters)"), bot.ReasonTooLong, 0},
		{"too long (exceeds)", apiErr(400, "Text length exceeds limit"), bot.ReasonTooLong, 0},
		{"blocked", apiErr(400, "User has blocked the bot"), bot.ReasonBlocked, 0},
		{"blocked (403)", apiErr(403, "Bot was blocked by the user"), bot.ReasonBlocked, 0},
		{"chat not found", apiErr(400, "Bad request: chat not found"), bot.ReasonChatGone, 0},
		{"user does not exist", apiErr(400, "User does not exist"), bot.ReasonChatGone, 0},
		{"cannot send", apiErr(400, "Cannot send message to this user"), bot.ReasonChatGone, 0},
		{"other 400", apiErr(400, "Bad request: invalid parameter"), bot.ReasonRefused, 0},
		{"other 4xx", apiErr(413, "Payload too large"), bot.ReasonRefused, 0},
	}
	for _, tt := range tests {
		err := classify("send message", tt.err)
		var se *bot.SendError
		if !errors.As(err, &se) {
			t.Errorf("%s: %v is not a SendError", tt.name, err)
			continue
		}
		if se.Reason != tt.reason || se.RetryAfter != tt.after || se.Global {
			t.Errorf("%s: reason %q, retry after %s, global %v; want %q, %s, false", tt.name, se.Reason, se.RetryAfter, se.Global, tt.reason, tt.after)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("%s: the cause is lost", tt.name)
		}
	}
	if err := fileRefused(classify("send photo", apiErr(400, "Bad request: cannot get the photo"))); !isReason(err, bot.ReasonFileRefused) {
		t.Errorf("a refused photo: %v", err)
	}
	if err := fileRefused(classify("send photo", apiErr(400, "User has blocked the bot"))); !isReason(err, bot.ReasonBlocked) {
		t.Errorf("a photo to a blocker: %v", err)
	}
}

func isReason(err error, r bot.Reason) bool {
	var se *bot.SendError
	return errors.As(err, &se) && se.Reason == r
}

func TestCallTimeout(t *testing.T) {
	fake, ch := newChannel(t)
	u := fake.NewUser("An")
	ch.CallTimeout = 50 * time.Millisecond
	fake.Fail("sendMessage", 1, zalotest.Hang())
	start := time.Now()
	err := ch.Send(context.Background(), &bot.Outgoing{ID: 9, Chat: bot.ChatRef{Channel: Name, ChatID: u.ChatID}, Text: "x"})
	if !isReason(err, bot.ReasonTimedOut) || time.Since(start) > 5*time.Second {
		t.Errorf("a hung call: %v after %s, want timed out (retried, not soon), promptly", err, time.Since(start))
	}
}

// TestAPhotoNotFoundIsTheFilesFault: a sendPhoto refusal that reads like a
// gone chat ("not found") is about the picture, and marks nobody.
func TestAPhotoNotFoundIsTheFilesFault(t *testing.T) {
	apiErr := func(code int, desc string) error {
		return &APIError{Method: "sendPhoto", Code: code, Description: desc}
	}
	if err := fileRefused(classify("send photo", apiErr(404, "Photo url not found"))); !isReason(err, bot.ReasonFileRefused) && !isReason(err, bot.ReasonTemporary) {
		t.Errorf("a photo not found: %v", err)
	}
	if err := fileRefused(classify("send photo", apiErr(400, "Resource does not exist"))); !isReason(err, bot.ReasonFileRefused) {
		t.Errorf("a photo that does not exist: %v", err)
	}
}
