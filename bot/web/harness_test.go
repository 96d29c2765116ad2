package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/chart"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/bot/digest/pdf"
	"fieldbot/bot/digest/sheet"
	"fieldbot/bot/web"
	"fieldbot/i18n"
	"fieldbot/store"
)

// The demo's members the tests sign in as.
const (
	chairID  = "ha-duc-thang"
	memberID = "nguyen-van-an" // units bang-lung, ngoc-phai, phuong-vien
	viewerID = "pham-quoc-tuan"
)

// publicURL is the engine's public address; links are rewritten to the test server.
const publicURL = "https://office.example"

// Hostile texts: a unit name and an answer that would run script if a page
// wrote them unescaped.
const (
	evilName   = `Xã <script>alert("unit")</script>Bản Thi`
	evilAnswer = `Thiếu vốn <img src=x onerror=alert(1)> & "khác"`
)

// office is the Chợ Đồn demo in week 2020-W38 on a real bbolt file: the
// sample's figures filed as reports (two units silent, one late, one
// corrected), the digest sent and archived, and the web page served by an
// httptest server.
type office struct {
	t   testing.TB
	cfg *bot.Config
	db  *store.DB
	eng *bot.Engine
	srv *httptest.Server

	mu  sync.Mutex
	now time.Time
}

func (o *office) Now() time.Time { o.mu.Lock(); defer o.mu.Unlock(); return o.now }

func (o *office) advance(d time.Duration) { o.mu.Lock(); o.now = o.now.Add(d); o.mu.Unlock() }

func chartPNG(d *digest.Digest, lang i18n.Lang) ([]byte, error) {
	data, err := chart.PNG(d, lang)
	if errors.Is(err, chart.ErrNoPlan) {
		return nil, nil
	}
	return data, err
}

// demoConfig is the demo with a unit named in markup.
func demoConfig() *bot.Config {
	cfg := config.Demo()
	for i := range cfg.Units {
		if cfg.Units[i].Code == "ban-thi" {
			cfg.Units[i].Name = i18n.Text{i18n.VI: evilName, i18n.EN: evilName}
		}
	}
	return cfg
}

func newEngine(cfg *bot.Config, db *store.DB, clock bot.Clock) *bot.Engine {
	return bot.New(bot.Options{Config: cfg, Store: db, Clock: clock, PublicURL: publicURL,
		Digester: digest.NewDigester(cfg,
			digest.Renderer{Ext: "png", Photo: true, Render: chartPNG},
			digest.Renderer{Ext: "xlsx", Render: sheet.XLSX}, pdf.Renderer(cfg))})
}

// seeded is the database every test starts from, made once (the digest's
// renderings are the slow part, more so under the race detector).
var seeded struct {
	once sync.Once
	path string
	err  error
}

// TestMain removes the seeded database after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if seeded.path != "" {
		_ = os.RemoveAll(filepath.Dir(seeded.path))
	}
	os.Exit(code)
}

// seed makes the database at path: every member bound on the console, the
// reports filed, the digest of week 38 sent on its Sunday evening.
func seed(path string) error {
	cfg := demoConfig()
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	loc := cfg.Area.Location
	clock := &office{now: time.Date(2020, 9, 14, 8, 0, 0, 0, loc)}
	eng := newEngine(cfg, db, clock)
	ctx := context.Background()
	for _, m := range cfg.Members {
		if err := eng.Bind(ctx, "console", m.ID, m.ID); err != nil {
			return err
		}
	}
	if err := fileReports(db, cfg); err != nil {
		return err
	}
	clock.now = sunday(cfg)
	if n, err := eng.SendDigest(ctx, cfg.Period.PeriodAt(clock.now, loc)); err != nil || n == 0 {
		return fmt.Errorf("SendDigest = %d, %w", n, err)
	}
	return db.Close()
}

// sunday is the last evening of week 38, when the tests start.
func sunday(cfg *bot.Config) time.Time { return time.Date(2020, 9, 20, 18, 0, 0, 0, cfg.Area.Location) }

func newOffice(t testing.TB) *office {
	t.Helper()
	seeded.once.Do(func() {
		dir, err := os.MkdirTemp("", "fieldbot-web-")
		if err != nil {
			seeded.err = err
			return
		}
		seeded.path = filepath.Join(dir, "seed.db")
		seeded.err = seed(seeded.path)
	})
	if seeded.err != nil {
		t.Fatalf("seeding the database: %v", seeded.err)
	}
	data, err := os.ReadFile(seeded.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bot.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cfg := demoConfig()
	o := &office{t: t, cfg: cfg, db: db, now: sunday(cfg)}
	o.eng = newEngine(cfg, db, o)
	o.srv = httptest.NewServer(&web.Office{Store: db, Config: cfg, Clock: o, Chart: chartPNG, Secure: true})
	t.Cleanup(o.srv.Close)
	return o
}

// photoPNG is a stored photo answer (a 1×1 PNG).
var photoPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// fileReports stores the sample's figures for week 38: every unit but the
// two the sample has silent; Bằng Lũng late (Saturday) with a photo and an
// answer full of markup, Ngọc Phái twice (a correction).
func fileReports(db *store.DB, cfg *bot.Config) error {
	loc := cfg.Area.Location
	silent := map[string]bool{"nam-cuong": true, "yen-thinh": true}
	resp := map[string]string{}
	for _, m := range cfg.Members {
		for _, u := range m.Units {
			resp[u] = m.ID
		}
	}
	return db.Update(context.Background(), func(tx bot.Tx) error {
		photo, err := tx.PutBlob(photoPNG)
		if err != nil {
			return err
		}
		i := 0
		for code, vals := range digesttest.Values() {
			if silent[code] {
				continue
			}
			i++
			r := &bot.Report{Period: "2020-W38", Unit: code, Member: resp[code], Channel: "console",
				At: time.Date(2020, 9, 16, 8, i, 0, 0, loc), Values: map[string]bot.Value{}}
			for f, v := range vals {
				r.Values[f] = bot.Value{Num: v}
			}
			if code == "bang-lung" {
				r.At = time.Date(2020, 9, 19, 10, 0, 0, 0, loc) // after Friday 17:00
				r.Values["difficulties"] = bot.Value{Text: evilAnswer}
				// Two photos: one the bot keeps (with a caption), one kept on Telegram.
				r.Values["photo"] = bot.Value{Text: bot.BlobPrefix + photo + "\tCầu tràn\ntg:AgADkept-on-telegram"}
			}
			r.Changed = cfg.Form.Diff(nil, r.Values)
			if code == "ngoc-phai" {
				first := &bot.Report{Period: r.Period, Unit: code, Member: r.Member, Channel: "console",
					At: r.At.Add(-time.Hour), Values: map[string]bot.Value{"households_escaped": {Num: 1}}}
				first.Changed = cfg.Form.Diff(nil, first.Values)
				if err := tx.PutReport(first); err != nil {
					return err
				}
				r.Changed = cfg.Form.Diff(first.Values, r.Values)
			}
			if err := tx.PutReport(r); err != nil {
				return err
			}
		}
		return nil
	})
}

var linkRE = regexp.MustCompile(regexp.QuoteMeta(publicURL) + `(/web/login\?t=[A-Za-z0-9_.-]+)`)

// webLink sends /web as member and returns the link the bot answers with,
// pointed at the test server.
func (o *office) webLink(member string) string {
	o.t.Helper()
	ctx := context.Background()
	u := bot.Update{Chat: bot.ChatRef{Channel: "console", ChatID: member}, UserID: member, Text: "/web", At: o.Now()}
	if err := o.eng.Handle(ctx, []bot.Update{u}); err != nil {
		o.t.Fatal(err)
	}
	var text string
	err := o.db.View(ctx, func(tx bot.Tx) error {
		out, err := tx.ChatOutbox(u.Chat, 0)
		if len(out) > 0 {
			text = out[len(out)-1].Text
		}
		return err
	})
	if err != nil {
		o.t.Fatal(err)
	}
	m := linkRE.FindStringSubmatch(text)
	if m == nil {
		o.t.Fatalf("/web answered %q, with no sign-in link", text)
	}
	return o.srv.URL + m[1]
}

// client is a browser-like HTTP client: a cookie jar, no redirects followed.
func (o *office) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn follows link and presses the sign-in button; it returns the
// response to the POST.
func (o *office) signIn(c *http.Client, link string) *http.Response {
	o.t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		o.t.Fatal(err)
	}
	resp, err := c.PostForm(o.srv.URL+"/web/login", url.Values{"t": {u.Query().Get("t")}})
	if err != nil {
		o.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// get fetches path with c and returns the status and body.
func (o *office) get(c *http.Client, path string) (int, string, http.Header) {
	o.t.Helper()
	resp, err := c.Get(o.srv.URL + path)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), resp.Header
}

// digestOf is the digest of week 38 as digest.Build computes it now.
func (o *office) digestOf() *digest.Digest {
	o.t.Helper()
	var d *digest.Digest
	err := o.db.View(context.Background(), func(tx bot.Tx) (err error) {
		d, err = digest.Build(tx, o.cfg, o.cfg.Period.PeriodAt(o.Now(), o.cfg.Area.Location), o.Now())
		return err
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return d
}
