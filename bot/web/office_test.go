package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/bot/web"
	"fieldbot/i18n"
)

// pagesOf are the pages a chair can open, with the status each gives.
var chairPages = []string{"/web/", "/web/?p=2020-W37", "/web/unit/bang-lung", "/web/archive", "/web/archive/2020-W38", "/web/problems"}

// TestLinkSignsInOnce: the /web link opens a session once; the cookie is
// HttpOnly, Secure, SameSite=Strict and lasts the session; a second use of
// the link, before or after, is refused, and so is a session-less request.
func TestLinkSignsInOnce(t *testing.T) {
	o := newOffice(t)
	link := o.webLink(chairID)
	c := o.client()
	if st, body, _ := o.get(c, link[len(o.srv.URL):]); st != http.StatusOK || !strings.Contains(body, `id="signin"`) {
		t.Fatalf("following the link: %d %q", st, body)
	}
	if st, _, _ := o.get(c, "/web/"); st != http.StatusUnauthorized { // following the link signed nobody in
		t.Fatalf("before pressing sign-in, /web/ = %d, want 401", st)
	}
	resp := o.signIn(c, link)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/web/" {
		t.Fatalf("sign-in = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || !ck[0].Secure || ck[0].SameSite != http.SameSiteStrictMode || ck[0].Path != "/web/" ||
		ck[0].MaxAge != int(bot.WebSessionTTL/time.Second) {
		t.Fatalf("session cookie %+v", ck)
	}
	for _, p := range chairPages {
		if st, body, _ := o.get(c, p); st != http.StatusOK {
			t.Errorf("signed in, %s = %d: %.300s", p, st, body)
		}
	}
	// The link again: from another browser, and as the first one.
	if r := o.signIn(o.client(), link); r.StatusCode != http.StatusForbidden || len(r.Cookies()) != 0 {
		t.Errorf("second use of the link = %d with cookies %v, want 403 and none", r.StatusCode, r.Cookies())
	}
	if st, body, _ := o.get(o.client(), link[len(o.srv.URL):]); st != http.StatusForbidden || strings.Contains(body, `id="signin"`) {
		t.Errorf("following a used link = %d", st)
	}
	// The session ends after WebSessionTTL.
	o.advance(bot.WebSessionTTL - time.Minute)
	if st, _, _ := o.get(c, "/web/"); st != http.StatusOK {
		t.Errorf("within the session, /web/ = %d", st)
	}
	o.advance(time.Minute)
	if st, _, _ := o.get(c, "/web/"); st != http.StatusUnauthorized {
		t.Errorf("after the session, /web/ = %d, want 401", st)
	}
}

// TestCrossSiteSignInRefused: another site's form posting a sign-in link
// (the browser says so with Sec-Fetch-Site or an Origin that is not this
// host) is refused, and the link is not used up by it.
func TestCrossSiteSignInRefused(t *testing.T) {
	o := newOffice(t)
	link := o.webLink(chairID)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string][2]string{
		"Sec-Fetch-Site": {"Sec-Fetch-Site", "cross-site"},
		"Origin":         {"Origin", "https://evil.example"},
	} {
		req, err := http.NewRequest(http.MethodPost, o.srv.URL+"/web/login", strings.NewReader(url.Values{"t": {u.Query().Get("t")}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(h[0], h[1])
		resp, err := o.client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 {
			t.Errorf("cross-site sign-in (%s) = %d with cookies %v, want 403 and none", name, resp.StatusCode, resp.Cookies())
		}
	}
	if r := o.signIn(o.client(), link); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the link after the refused cross-site posts = %d, want a sign-in (303)", r.StatusCode)
	}
}

// TestExpiredLinkRefused: a link not used within WebLoginTTL is refused.
func TestExpiredLinkRefused(t *testing.T) {
	o := newOffice(t)
	link := o.webLink(chairID)
	o.advance(bot.WebLoginTTL)
	c := o.client()
	if st, _, _ := o.get(c, link[len(o.srv.URL):]); st != http.StatusForbidden {
		t.Errorf("following an expired link = %d, want 403", st)
	}
	if r := o.signIn(c, link); r.StatusCode != http.StatusForbidden || len(r.Cookies()) != 0 {
		t.Errorf("expired link = %d, want 403 and no cookie", r.StatusCode)
	}
	link = o.webLink(chairID) // a fresh one works
	o.advance(bot.WebLoginTTL - time.Second)
	if r := o.signIn(o.client(), link); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a link used within its time = %d", r.StatusCode)
	}
}

// TestForgedTokensRefused: a link or a cookie made or changed without the
// store's key is refused, and a token of one kind is not the other.
func TestForgedTokensRefused(t *testing.T) {
	o := newOffice(t)
	link := o.webLink(memberID)
	u, _ := url.Parse(link)
	tok := u.Query().Get("t")
	payload, sig, _ := strings.Cut(tok, ".")
	b64 := func(s string) string {
		return strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(stdB64(s)), "=")
	}
	exp := o.Now().Add(time.Hour).Unix()
	otherKey := make([]byte, 32)
	forged := map[string]string{
		"the member's link made the chair's": b64(`{"m":"`+chairID+`","e":`+itoa(exp)+`,"n":"x"}`) + "." + sig,
		"a flipped signature":                payload + "." + flip(sig),
		"signed with another key":            bot.SignWeb(otherKey, bot.WebLogin, bot.WebClaim{Member: chairID, Expires: exp, Nonce: "n"}),
		"no signature":                       payload,
		"empty":                              "",
	}
	for name, f := range forged {
		if r := o.signIn(o.client(), o.srv.URL+"/web/login?t="+url.QueryEscape(f)); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: sign-in = %d, want 403", name, r.StatusCode)
		}
	}
	// A session token is not a sign-in link, nor the reverse.
	var key []byte
	if err := o.db.View(context.Background(), func(tx bot.Tx) (err error) { key, err = tx.WebKey(); return err }); err != nil {
		t.Fatal(err)
	}
	session := bot.SignWeb(key, bot.WebSession, bot.WebClaim{Member: chairID, Expires: exp})
	if r := o.signIn(o.client(), o.srv.URL+"/web/login?t="+session); r.StatusCode != http.StatusForbidden {
		t.Errorf("a session token as a link = %d, want 403", r.StatusCode)
	}
	for name, v := range map[string]string{"a link as the cookie": tok, "a forged cookie": b64(`{"m":"`+chairID+`","e":`+itoa(exp)+`}`) + "." + sig,
		"another key's cookie": bot.SignWeb(otherKey, bot.WebSession, bot.WebClaim{Member: chairID, Expires: exp})} {
		req, _ := http.NewRequest(http.MethodGet, o.srv.URL+"/web/", nil)
		req.AddCookie(&http.Cookie{Name: "fieldbot_session", Value: v})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: /web/ = %d, want 401", name, resp.StatusCode)
		}
	}
	// The real session token does open the page: the refusals above are the forgery's.
	req, _ := http.NewRequest(http.MethodGet, o.srv.URL+"/web/", nil)
	req.AddCookie(&http.Cookie{Name: "fieldbot_session", Value: session})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a genuine session token: /web/ = %d", resp.StatusCode)
	}
	for _, p := range chairPages {
		if st, _, _ := o.get(o.client(), p); st != http.StatusUnauthorized {
			t.Errorf("without a session, %s = %d, want 401", p, st)
		}
	}
}

// TestSecurityHeaders: every answer, page or refusal, carries the strict
// policy and the other headers.
func TestSecurityHeaders(t *testing.T) {
	o := newOffice(t)
	c := o.client()
	link := o.webLink(chairID)
	paths := []string{link[len(o.srv.URL):], "/web/style.css", "/web/nothing"}
	o.signIn(c, link)
	paths = append(paths, chairPages...)
	paths = append(paths, "/web/chart/2020-W38", "/web/archive/2020-W38/vi/0")
	want := map[string]string{
		"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
		"X-Content-Type-Options":  "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
		"Cache-Control": "private, no-store", "Strict-Transport-Security": "max-age=31536000",
	}
	for _, p := range paths {
		_, _, h := o.get(c, p)
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", p, k, h.Get(k), v)
			}
		}
	}
	if _, body, _ := o.get(c, "/web/"); strings.Contains(body, "<script") || strings.Contains(body, " style=") {
		t.Error("the period page has a script or an inline style the policy would block")
	}
}

// TestMarkupEscaped: a unit name and an answer full of markup are shown
// as text on every page that shows them.
func TestMarkupEscaped(t *testing.T) {
	o := newOffice(t)
	c := o.client()
	o.signIn(c, o.webLink(chairID))
	for _, p := range []string{"/web/", "/web/unit/ban-thi", "/web/unit/bang-lung", "/web/archive/2020-W38"} {
		_, body, _ := o.get(c, p)
		for _, raw := range []string{"<script>alert", "<img src=x"} {
			if strings.Contains(body, raw) {
				t.Errorf("%s shows %q unescaped", p, raw)
			}
		}
	}
	_, body, _ := o.get(c, "/web/")
	if !strings.Contains(body, html.EscapeString(evilName)) && !strings.Contains(body, "&lt;script&gt;alert(&#34;unit&#34;)&lt;/script&gt;") {
		t.Errorf("the period page does not show the unit's name as text:\n%s", body)
	}
	_, body, _ = o.get(c, "/web/unit/bang-lung")
	if !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("the unit page does not show the answer as text")
	}
}

// TestMemberSeesOwnUnits: a member's session shows their units and
// nothing of the others: no other unit, no totals, chart or archive.
func TestMemberSeesOwnUnits(t *testing.T) {
	o := newOffice(t)
	c := o.client()
	o.signIn(c, o.webLink(memberID))
	m, _ := o.cfg.Member(memberID)
	st, body, _ := o.get(c, "/web/")
	if st != http.StatusOK {
		t.Fatalf("member's period page = %d", st)
	}
	for _, u := range o.cfg.Units {
		name := html.EscapeString(u.Name.In(i18n.VI))
		if got, want := strings.Contains(body, name), m.Assigned(u.Code); got != want {
			t.Errorf("member's page shows %s: %v, want %v", u.Code, got, want)
		}
		st, _, _ := o.get(c, "/web/unit/"+u.Code)
		if want := map[bool]int{true: 200, false: 404}[m.Assigned(u.Code)]; st != want {
			t.Errorf("member's /web/unit/%s = %d, want %d", u.Code, st, want)
		}
	}
	if strings.Contains(body, `id="totals"`) || strings.Contains(body, `id="chart"`) {
		t.Error("a member sees the district totals or the chart")
	}
	for _, p := range []string{"/web/archive", "/web/archive/2020-W38", "/web/archive/2020-W38/vi/0", "/web/chart/2020-W38", "/web/problems",
		"/web/photo/2020-W38/ban-thi/1/photo"} {
		if st, _, _ := o.get(c, p); st != http.StatusNotFound {
			t.Errorf("member's %s = %d, want 404", p, st)
		}
	}
	if st, _, h := o.get(c, "/web/photo/2020-W38/bang-lung/1/photo"); st != http.StatusOK || h.Get("Content-Type") != "image/png" {
		t.Errorf("member's own unit's photo = %d %s", st, h.Get("Content-Type"))
	}
	// An answer of two photos: the stored one is shown and served by its
	// number; the one Telegram keeps is said to be there.
	_, page, _ := o.get(c, "/web/unit/bang-lung")
	for _, want := range []string{`src="/web/photo/2020-W38/bang-lung/1/photo/1"`, `alt="Cầu tràn"`, "2 ảnh (“Cầu tràn”) · "} {
		if !strings.Contains(page, html.EscapeString(want)) && !strings.Contains(page, want) {
			t.Errorf("the unit page lacks %s", want)
		}
	}
	if strings.Contains(page, "/photo/2\"") {
		t.Error("the photo kept on Telegram has an address on the page")
	}
	for p, want := range map[string]int{"/1": http.StatusOK, "/2": http.StatusNotFound, "/3": http.StatusNotFound, "/0": http.StatusNotFound} {
		if st, _, _ := o.get(c, "/web/photo/2020-W38/bang-lung/1/photo"+p); st != want {
			t.Errorf("photo%s = %d, want %d", p, st, want)
		}
	}
}

// TestFiguresMatchDigest: the period page shows the totals digest.Build
// computes, written as the digest writes them, and the archive holds the
// digest text the chair was sent, with its files.
func TestFiguresMatchDigest(t *testing.T) {
	o := newOffice(t)
	c := o.client()
	o.signIn(c, o.webLink(chairID))
	d := o.digestOf()
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		_, body, _ := o.get(c, "/web/?lang="+string(lang))
		counts := p.T("web.counts", "reported", p.Int(int64(d.Reported)), "total", p.Int(int64(len(d.Units))), "late", p.Int(1),
			"missing", p.Int(int64(len(d.Units)-d.Reported)))
		if !strings.Contains(body, html.EscapeString(counts)) {
			t.Errorf("%s: the page does not say %q", lang, counts)
		}
		for _, tot := range append(d.Headline, d.Items[0].Fields...) {
			cell := `<td class="num">` + webNumber(p, tot.Type, tot.Value) + `</td><td class="num">` + webNumber(p, tot.Type, tot.Target) +
				`</td><td class="num">` + p.Percent(tot.Percent()) + `</td>`
			if !strings.Contains(body, cell) {
				t.Errorf("%s: no row %q for %s", lang, cell, tot.Field)
			}
		}
	}
	// The archive: the text that went to the chair, and the chart it had.
	var sent bot.Outgoing
	var rec bot.SentDigest
	err := o.db.View(context.Background(), func(tx bot.Tx) error {
		out, err := tx.ChatOutbox(bot.ChatRef{Channel: "console", ChatID: chairID}, 0)
		for _, m := range out {
			if strings.HasPrefix(m.Key, "digest/") {
				sent = m
			}
		}
		if err != nil {
			return err
		}
		rec, err = tx.SentDigest("2020-W38")
		return err
	})
	if err != nil || sent.Key == "" {
		t.Fatalf("the chair's digest: %v (%q)", err, sent.Key)
	}
	_, body, _ := o.get(c, "/web/archive/2020-W38")
	if shown, ok := between(body, `<pre id="digest">`, `</pre>`); !ok || html.UnescapeString(shown) != sent.Text {
		t.Errorf("the archive shows\n%s\nthe chair was sent\n%s", shown, sent.Text)
	}
	files := rec.Langs[i18n.VI].Files
	if len(files) != len(sent.Attach) || len(files) < 3 { // chart, workbook, the chair's PDF
		t.Fatalf("archived files %+v, the chair was sent %d", files, len(sent.Attach))
	}
	for i, f := range files {
		if f.Name != sent.Attach[i].Name || !strings.Contains(body, ">"+f.Name+"<") {
			t.Errorf("file %d: archived %q, sent %q, listed: %v", i, f.Name, sent.Attach[i].Name, strings.Contains(body, f.Name))
		}
	}
	if files[2].Name != digest.FileName(d.Period, i18n.VI, "pdf") {
		t.Errorf("the chair's PDF is %q", files[2].Name)
	}
	if err := o.db.View(context.Background(), func(tx bot.Tx) error { return tx.LoadAttachments(&sent) }); err != nil {
		t.Fatal(err)
	}
	for i := range files {
		resp, err := c.Get(o.srv.URL + "/web/archive/2020-W38/vi/" + itoa(int64(i)))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if len(data) == 0 || string(data) != string(sent.Attach[i].Data) {
			t.Errorf("archived %s (%s, %d bytes) is not the file sent (%d bytes)", files[i].Name, resp.Header.Get("Content-Type"), len(data), len(sent.Attach[i].Data))
		}
	}
	// A viewer gets the digest's files but not the chair's PDF.
	v := o.client()
	o.signIn(v, o.webLink(viewerID))
	_, body, _ = o.get(v, "/web/archive/2020-W38")
	if !strings.Contains(body, files[1].Name) || strings.Contains(body, files[2].Name) {
		t.Errorf("the viewer's archive lists the workbook %v, the chair's PDF %v", strings.Contains(body, files[1].Name), strings.Contains(body, files[2].Name))
	}
	if st, _, _ := o.get(v, "/web/archive/2020-W38/vi/2"); st != http.StatusNotFound {
		t.Errorf("the viewer's /web/archive/2020-W38/vi/2 (the PDF) = %d, want 404", st)
	}
}

// webNumber writes a figure as the digest text does.
func webNumber(p *i18n.Printer, typ bot.FieldType, v float64) string {
	switch typ {
	case bot.FieldInteger:
		return p.Int(int64(v + 0.5))
	case bot.FieldMoney:
		return p.Num(v, 1)
	}
	return p.Auto(v)
}

// TestWebCommandNeedsPublicURL: without a public address /web says the
// page is off and /trogiup does not offer it; with one, both do.
func TestWebCommandNeedsPublicURL(t *testing.T) {
	o := newOffice(t)
	off := bot.New(bot.Options{Config: o.cfg, Store: o.db, Clock: o})
	for _, tc := range []struct {
		eng  *bot.Engine
		web  string // what /web answers, in part
		help bool   // /trogiup lists /web
	}{{off, i18n.For(i18n.VI).T("web.no_url"), false}, {o.eng, publicURL + "/web/login?t=", true}} {
		if got := o.say(tc.eng, chairID, "/web"); !strings.Contains(got, tc.web) {
			t.Errorf("/web answered %q, want %q in it", got, tc.web)
		}
		if got := o.say(tc.eng, chairID, "/trogiup"); strings.Contains(got, "/web") != tc.help {
			t.Errorf("/trogiup lists /web: %v, want %v:\n%s", !tc.help, tc.help, got)
		}
	}
}

// say sends text as member to eng and returns the newest message queued
// for the member.
func (o *office) say(eng *bot.Engine, member, text string) string {
	o.t.Helper()
	u := bot.Update{Chat: bot.ChatRef{Channel: "console", ChatID: member}, UserID: member, Text: text, At: o.Now()}
	if err := eng.Handle(context.Background(), []bot.Update{u}); err != nil {
		o.t.Fatal(err)
	}
	var last string
	err := o.db.View(context.Background(), func(tx bot.Tx) error {
		out, err := tx.ChatOutbox(u.Chat, 0)
		if len(out) > 0 {
			last = out[len(out)-1].Text
		}
		return err
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return last
}

// TestPagesReadDatabaseRoster: a unit assigned in the database's roster
// after the server started (by the chat or an import) is the member's on
// the next request, through the engine's stamp-checked roster and through
// the Office's own reading of the database alike.
func TestPagesReadDatabaseRoster(t *testing.T) {
	o := newOffice(t)
	err := o.db.Update(context.Background(), func(tx bot.Tx) error {
		r, err := bot.CurrentRoster(tx, o.cfg)
		if err != nil {
			return err
		}
		m := r.Member(memberID)
		m.Units = append(m.Units, "ban-thi")
		return tx.PutRoster(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	viaEngine := httptest.NewServer(&web.Office{Store: o.db, Config: o.cfg, Roster: o.eng.ConfigAt, Clock: o, Chart: chartPNG, Secure: true})
	t.Cleanup(viaEngine.Close)
	for name, srv := range map[string]*httptest.Server{"Office alone": o.srv, "engine's roster": viaEngine} {
		o.srv = srv
		c := o.client()
		o.signIn(c, o.webLink(memberID))
		if st, _, _ := o.get(c, "/web/unit/ban-thi"); st != http.StatusOK {
			t.Errorf("%s: /web/unit/ban-thi, assigned in the database = %d, want 200", name, st)
		}
	}
}
