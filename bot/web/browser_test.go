package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// chromium finds the headless browser: $FIELDBOT_CHROMIUM, else Debian's
// chromium (or another Chrome) on the PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("FIELDBOT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found (chromium, chromium-browser or google-chrome on the PATH, or FIELDBOT_CHROMIUM): " +
		"the browser test of the web page is skipped; install it with apt-get install -y chromium"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg) // .ci/run installs it: a CI without it is broken
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless Chromium of its own (an empty profile, no
// network of its own) with a phone's window, and returns its context.
func browser(t *testing.T, exe string) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(412, 915),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true))
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(412, 915)); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return ctx
}

// shots is where the screenshots go: $FIELDBOT_SCREENSHOTS, else a
// temporary folder named in the test's log.
func shots(t *testing.T) string {
	if d := os.Getenv("FIELDBOT_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", path, len(png))
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// loaded waits up to 20 s for the picture sel to load, and reports whether it did.
func loaded(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	for range 200 {
		if eval[bool](t, ctx, `(i => i.complete && i.naturalWidth > 0)(document.querySelector("`+sel+`"))`) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// pageFits: the page is styled by its own sheet (the policy lets it in)
// and nothing is wider than the phone's screen.
const pageFits = `document.styleSheets.length === 1 && getComputedStyle(document.body).fontFamily.includes("system-ui") &&
	document.documentElement.scrollWidth <= window.innerWidth`

// TestBrowser drives a real headless Chromium through the office's page:
// the chair follows a /web link and signs in, reads the period (the
// figures of the digest), a unit (its photo), the archive (the digest
// text sent); the used and the expired link are refused; a member sees
// only their units. It takes a screenshot of each page.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	o := newOffice(t)
	dir := shots(t)
	ctx := browser(t, exe)
	link := o.webLink(chairID)

	do(t, ctx, "sign in", chromedp.Navigate(link), chromedp.WaitVisible("#signin"), chromedp.Click("#signin"), chromedp.WaitVisible("#units"))
	if loc := eval[string](t, ctx, "location.pathname + location.search"); loc != "/web/" {
		t.Errorf("after signing in the browser is at %q", loc)
	}
	if !eval[bool](t, ctx, pageFits) {
		t.Error("the period page is unstyled or wider than a phone")
	}
	if eval[bool](t, ctx, `document.cookie.includes("fieldbot_session")`) {
		t.Error("the session cookie is readable by script")
	}
	// The figures: the totals table holds the digest's, row by row.
	d := o.digestOf()
	p := i18n.For(i18n.VI)
	rows := eval[[][]string](t, ctx, `Array.from(document.querySelectorAll("#totals tbody tr")).map(r => Array.from(r.cells).slice(1).map(c => c.innerText.trim()))`)
	var want [][]string
	for _, tot := range d.Headline {
		want = append(want, []string{webNumber(p, tot.Type, tot.Value), webNumber(p, tot.Type, tot.Target), p.Percent(tot.Percent())})
	}
	for _, it := range d.Items {
		for _, tot := range it.Fields {
			want = append(want, []string{webNumber(p, tot.Type, tot.Value), webNumber(p, tot.Type, tot.Target), p.Percent(tot.Percent())})
		}
	}
	if len(rows) != len(want) {
		t.Fatalf("the totals table has %d rows, the digest %d: %v", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], " | ") != strings.Join(want[i], " | ") {
			t.Errorf("totals row %d shows %v, the digest %v", i, rows[i], want[i])
		}
	}
	units := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#units tbody tr")).map(r => r.className)`)
	var missing, late int
	for _, c := range units {
		missing += map[bool]int{true: 1}[c == "missing"]
		late += map[bool]int{true: 1}[c == "late"]
	}
	if len(units) != len(d.Units) || missing != len(d.Units)-d.Reported || late != 1 {
		t.Errorf("units listed %d (missing %d, late %d), the digest has %d (missing %d), 1 late", len(units), missing, late, len(d.Units), len(d.Units)-d.Reported)
	}
	if !loaded(t, ctx, "#chart") {
		t.Error("the chart did not load")
	}
	if eval[int](t, ctx, `document.querySelectorAll("script").length`) != 0 {
		t.Error("a script got into the period page (the unit's name?)")
	}
	screenshot(t, ctx, dir, "period")

	// A unit: its history, its revisions, its photo.
	do(t, ctx, "unit page", chromedp.Navigate(o.srv.URL+"/web/unit/bang-lung?p=2020-W38"), chromedp.WaitVisible("#history"))
	if w := eval[int](t, ctx, `document.querySelector("img.photo").naturalWidth`); !loaded(t, ctx, "img.photo") || w != 1 {
		t.Errorf("the unit's photo is %d px wide, want the stored 1×1 picture", w)
	}
	hist := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#history tbody tr:first-child td")).map(c => c.innerText.trim())`)
	f := &o.cfg.Form.Fields[0] // households, the first numeric field
	if hh := bot.FormatValue(o.cfg, p, f, bot.Value{Num: d.Units[0].Values[f.ID]}); len(hist) < 2 || hist[1] != hh || d.Units[0].Code != "bang-lung" {
		t.Errorf("the unit's history row %v, want households %s", hist, hh)
	}
	if !eval[bool](t, ctx, `document.body.innerText.includes('<img src=x onerror=alert(1)>')`) || !eval[bool](t, ctx, pageFits) {
		t.Error("the unit page does not show the answer as text, or does not fit")
	}
	screenshot(t, ctx, dir, "unit")

	// The archive: the digest that was sent, as it was sent.
	do(t, ctx, "archive", chromedp.Navigate(o.srv.URL+"/web/archive"), chromedp.WaitVisible("#archive"))
	screenshot(t, ctx, dir, "archive")
	do(t, ctx, "a digest of the archive", chromedp.Click("#archive tbody a"), chromedp.WaitVisible("#digest"))
	var sent string
	_ = o.db.View(context.Background(), func(tx bot.Tx) error {
		out, err := tx.ChatOutbox(bot.ChatRef{Channel: "console", ChatID: chairID}, 0)
		for _, m := range out {
			if strings.HasPrefix(m.Key, "digest/") {
				sent = m.Text
			}
		}
		return err
	})
	if got := eval[string](t, ctx, `document.getElementById("digest").textContent`); sent == "" || got != sent {
		t.Errorf("the archive shows\n%s\nthe chair was sent\n%s", got, sent)
	}
	if !loaded(t, ctx, "#chart") {
		t.Error("the archived chart did not load")
	}
	screenshot(t, ctx, dir, "digest")

	// The used link and an expired one say so, and sign nobody in.
	do(t, ctx, "the used link", chromedp.Navigate(link), chromedp.WaitVisible("#refused"))
	screenshot(t, ctx, dir, "link_used")
	expired := o.webLink(chairID)
	o.advance(bot.WebLoginTTL + time.Second)
	do(t, ctx, "an expired link", chromedp.Navigate(expired), chromedp.WaitVisible("#refused"))

	// A member, in another browser, sees their units only.
	mctx := browser(t, exe)
	do(t, mctx, "member signs in", chromedp.Navigate(o.webLink(memberID)), chromedp.WaitVisible("#signin"), chromedp.Click("#signin"), chromedp.WaitVisible("#units"))
	m, _ := o.cfg.Member(memberID)
	var names []string
	for _, code := range m.Units {
		u, _ := o.cfg.Unit(code)
		names = append(names, u.Name.In(i18n.VI))
	}
	shown := eval[[]string](t, mctx, `Array.from(document.querySelectorAll("#units tbody tr td:first-child")).map(c => c.innerText.trim())`)
	if strings.Join(shown, ", ") != strings.Join(names, ", ") {
		t.Errorf("the member sees %v, their units are %v", shown, names)
	}
	if eval[bool](t, mctx, `!!document.getElementById("totals") || !!document.getElementById("chart")`) {
		t.Error("the member sees the district totals or the chart")
	}
	screenshot(t, mctx, dir, "member")
	do(t, mctx, "another unit", chromedp.Navigate(o.srv.URL+"/web/unit/ban-thi"), chromedp.WaitVisible("#refused"))
	if eval[bool](t, mctx, `document.body.innerText.includes("Bản Thi")`) {
		t.Error("another unit's page shows its name to the member")
	}
}
