package bot_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/web"
	"fieldbot/i18n"
)

// pngBytes and xlsxBytes stand for the digest's chart and workbook.
var (
	pngBytes  = []byte("\x89PNG\r\n\x1a\n a chart")
	xlsxBytes = []byte("PK\x03\x04 a workbook")
)

// filesDigest is a digest with a chart and a workbook.
var filesDigest = digestFunc(func(p bot.Period, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	out := map[i18n.Lang]bot.DigestMessage{}
	for _, l := range langs {
		out[l] = bot.DigestMessage{Text: "TỔNG HỢP " + p.Key, Attach: []bot.Attachment{
			{Name: "bieudo.png", Photo: true, Data: pngBytes}, {Name: "tonghop.xlsx", Data: xlsxBytes}}}
	}
	return out, nil
})

// TestFilesFollowTheChannel: the chair on Telegram gets the chart and the
// workbook uploaded; on Zalo the chart goes by a URL to the bot's own
// server and the workbook as a link in the text; both links serve the
// files to whoever has them until they expire, and nothing else.
func TestFilesFollowTheChannel(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRigWith(t, func(o *bot.Options) {
		o.Digester, o.PublicURL = filesDigest, "https://bot.example.vn/"
	}, tg, zl)
	for _, a := range []account{{"telegram", "1", "1"}, {"zalo", "u-chair", "c-chair"}} {
		if err := r.eng.Bind(context.Background(), a.channel, a.user, "chair"); err != nil {
			t.Fatal(err)
		}
		r.send(a, bot.Update{Text: "/tonghop"})
	}
	up := tg.last(t).out
	if len(up.Attach) != 2 || string(up.Attach[0].Data) != string(pngBytes) || up.Attach[0].URL != "" {
		t.Errorf("Telegram attachments = %+v, want both uploaded", up.Attach)
	}
	z := zl.last(t).out
	if len(z.Attach) != 1 || z.Attach[0].Data != nil || !strings.HasPrefix(z.Attach[0].URL, "https://bot.example.vn/f/") {
		t.Fatalf("Zalo attachments = %+v, want the chart by URL only", z.Attach)
	}
	m := regexp.MustCompile(`📎 tonghop\.xlsx: (https://bot\.example\.vn/f/\S+)`).FindStringSubmatch(z.Text)
	if m == nil {
		t.Fatalf("no workbook link in the Zalo text:\n%s", z.Text)
	}
	files := &web.Files{Store: r.db, Clock: bot.ClockFunc(func() time.Time { return r.now })}
	mux := http.NewServeMux()
	mux.Handle(web.Pattern, files)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	get := func(link string) (int, string) {
		t.Helper()
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(srv.URL + u.EscapedPath())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	chart, book := z.Attach[0].URL, m[1]
	if code, body := get(chart); code != 200 || body != string(pngBytes) {
		t.Errorf("chart link: %d %q", code, body)
	}
	if code, body := get(book); code != 200 || body != string(xlsxBytes) {
		t.Errorf("workbook link: %d %q", code, body)
	}
	if code, _ := get(strings.Replace(book, "tonghop.xlsx", "other.xlsx", 1)); code != 404 {
		t.Errorf("a link with another name: %d, want 404", code)
	}
	if code, _ := get("https://bot.example.vn/f/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/tonghop.xlsx"); code != 404 {
		t.Errorf("a guessed token: %d, want 404", code)
	}
	r.now = r.now.Add(bot.PhotoLinkTTL + time.Minute)
	if code, _ := get(chart); code != 404 {
		t.Errorf("the chart link after %s: %d, want 404", bot.PhotoLinkTTL, code)
	}
	if code, _ := get(book); code != 200 {
		t.Errorf("the workbook link after an hour: %d, want 200 (it lasts %s)", code, bot.FileLinkTTL)
	}
	r.now = r.now.Add(bot.FileLinkTTL)
	if code, _ := get(book); code != 404 {
		t.Errorf("the workbook link after %s: %d, want 404", bot.FileLinkTTL, code)
	}
}

// TestFilesWithoutAPublicURL: with no public address the Zalo reader gets
// the text alone, and a sentence saying where the files are.
func TestFilesWithoutAPublicURL(t *testing.T) {
	zl := plainChannel()
	r := newChannelRigWith(t, func(o *bot.Options) { o.Digester = filesDigest }, zl)
	a := account{"zalo", "u-chair", "c-chair"}
	if err := r.eng.Bind(context.Background(), a.channel, a.user, "chair"); err != nil {
		t.Fatal(err)
	}
	r.send(a, bot.Update{Text: "/tonghop"})
	z := zl.last(t).out
	if len(z.Attach) != 0 {
		t.Errorf("attachments sent to Zalo without a public URL: %+v", z.Attach)
	}
	mustContain(t, z.Text, "TỔNG HỢP 2020-W38", "Tệp kèm theo (bieudo.png, tonghop.xlsx) không gửi được qua kênh này")
}

// TestWeeklyDigestFilesOnZalo: the scheduled digest is shaped the same way
// for a chair who reads on Zalo.
func TestWeeklyDigestFilesOnZalo(t *testing.T) {
	zl := plainChannel()
	r := newChannelRigWith(t, func(o *bot.Options) {
		o.Digester, o.PublicURL = filesDigest, "https://bot.example.vn"
	}, zl)
	if err := r.eng.Bind(context.Background(), "zalo", "u-chair", "chair"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.eng.SendDigest(context.Background(), r.eng.PeriodAt(r.now)); err != nil {
		t.Fatal(err)
	}
	r.flush()
	z := zl.last(t).out
	if len(z.Attach) != 1 || z.Attach[0].URL == "" || z.Attach[0].Data != nil || !strings.Contains(z.Text, "📎 tonghop.xlsx: https://bot.example.vn/f/") {
		t.Errorf("digest on Zalo: %q with %+v; want the chart by URL and the workbook as a link", z.Text, z.Attach)
	}
}
