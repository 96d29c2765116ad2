package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// Office is the office's read-only web page under bot.WebPath: the
// current period, each unit, the digest archive, the dead letters and job
// runs. Every page but the sign-in needs the session cookie that a /web
// link opens (see session.go). A member sees only their own units; the
// roles that may read the digest (bot.ActSummary) see every unit and the
// district totals, and those that see every unit's status
// (bot.ActStatusAll) also the dead letters and job runs.
type Office struct {
	Store  bot.Store
	Config *bot.Config
	// Roster, when set, is the configuration with the roster a request's
	// transaction holds (bot.Engine.ConfigAt): members and units are looked
	// up in it, so one added in the chat, or by an import, can sign in at
	// once; nil: bot.CurrentConfig of Config.
	Roster func(bot.RosterTx) (*bot.Config, error)
	Clock  bot.Clock // default bot.SystemClock
	Log    *slog.Logger
	// Chart draws the period's chart (the digest's PNG) in a language; nil,
	// or a nil picture: no chart.
	Chart func(*digest.Digest, i18n.Lang) ([]byte, error)
	// Secure marks the session cookie Secure (the server is reached over
	// HTTPS); it is set anyway on a request that came over TLS.
	Secure bool

	once sync.Once
	mux  *http.ServeMux
}

// rosterAt is the configuration to look members and units up in: the
// roster tx holds.
func (o *Office) rosterAt(tx bot.RosterTx) (*bot.Config, error) {
	if o.Roster != nil {
		return o.Roster(tx)
	}
	return bot.CurrentConfig(tx, o.Config)
}

// OfficePattern is the subtree Office answers on the server's mux.
const OfficePattern = bot.WebPath

// contentSecurityPolicy allows nothing but the page's own style sheet and
// pictures, and forms posting back to it: no script at all.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

var pages = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

// ServeHTTP sends the security headers and routes the request.
func (o *Office) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer") // a sign-in link's token never leaves in a Referer
	h.Set("Cache-Control", "private, no-store")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if o.secure(r) {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	o.routes().ServeHTTP(w, r)
}

func (o *Office) routes() *http.ServeMux {
	o.once.Do(o.route)
	return o.mux
}

func (o *Office) route() {
	m := http.NewServeMux()
	p := bot.WebPath
	m.HandleFunc("GET "+p+"login", o.loginForm)
	// Signing in and out are the only writes: a browser's cross-site POST
	// (another site's form carrying a link of its own, "login CSRF") is
	// refused before the link is used (Sec-Fetch-Site, or Origin vs Host).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.refuse(w, r, http.StatusForbidden, "web.cross_site")
	}))
	m.Handle("POST "+p+"login", cop.Handler(http.HandlerFunc(o.login)))
	m.Handle("POST "+p+"logout", cop.Handler(http.HandlerFunc(o.logout)))
	m.HandleFunc("GET "+p+"style.css", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		_, _ = w.Write(styleCSS)
	})
	m.HandleFunc("GET "+p+"{$}", o.signedIn(o.periodPage))
	m.HandleFunc("GET "+p+"chart/{period}", o.signedIn(o.chart))
	m.HandleFunc("GET "+p+"unit/{unit}", o.signedIn(o.unitPage))
	m.HandleFunc("GET "+p+"photo/{period}/{unit}/{seq}/{field}", o.signedIn(o.photo))
	m.HandleFunc("GET "+p+"photo/{period}/{unit}/{seq}/{field}/{n}", o.signedIn(o.photo))
	m.HandleFunc("GET "+p+"archive", o.signedIn(o.archivePage))
	m.HandleFunc("GET "+p+"archive/{period}", o.signedIn(o.digestPage))
	m.HandleFunc("GET "+p+"archive/{period}/{lang}/{n}", o.signedIn(o.digestFile))
	m.HandleFunc("GET "+p+"problems", o.signedIn(o.problemsPage))
	m.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { o.refuse(w, r, http.StatusNotFound, "web.not_found") })
	o.mux = m
}

// reader is who is looking, in which language.
type reader struct {
	m    *bot.Member
	p    *i18n.Printer
	lang i18n.Lang
	q    string // "?lang=en" when the language was chosen in the address
	// cfg is the configuration with the roster of the request's session
	// check: members and units are looked up in it.
	cfg *bot.Config
}

// all reports whether the reader sees every unit and the district totals.
func (rd reader) all() bool { return rd.m.Can(bot.ActSummary) }

// sees reports whether the reader may see the unit.
func (rd reader) sees(unit string) bool { return rd.all() || rd.m.Assigned(unit) }

// readTimeout bounds the store reads behind one page.
const pageTimeout = 10 * time.Second

// page is what every template gets: the reader's words and the page's data.
type page struct {
	Lang   string
	T      func(key string, args ...any) string
	Title  string
	Other  string // the other language's query ("?lang=en")
	OtherL string // its name
	Nav    []navLink
	Data   any
}

type navLink struct {
	Href, Label string
	Here        bool
}

// render writes template name with data, or a 500 when it fails (nothing is
// sent before the whole page is made).
func (o *Office) render(w http.ResponseWriter, r *http.Request, rd reader, status int, name, title string, data any) {
	pg := page{Lang: string(rd.lang), T: rd.p.T, Title: title, Data: data}
	for _, l := range i18n.Langs {
		if l != rd.lang {
			pg.Other, pg.OtherL = "?lang="+string(l), i18n.For(l).T("lang.name")
			break
		}
	}
	if rd.m != nil {
		pg.Nav = append(pg.Nav, navLink{bot.WebPath + langQuery(rd), rd.p.T("web.nav.period"), name == "period"})
		if rd.all() {
			pg.Nav = append(pg.Nav, navLink{bot.WebPath + "archive" + langQuery(rd), rd.p.T("web.nav.archive"), name == "archive" || name == "digest"})
		}
		if rd.m.Can(bot.ActStatusAll) {
			pg.Nav = append(pg.Nav, navLink{bot.WebPath + "problems" + langQuery(rd), rd.p.T("web.nav.problems"), name == "problems"})
		}
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, pg); err != nil {
		o.log().Error("web page", "page", name, "err", err)
		http.Error(w, rd.p.T("web.error"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// langQuery keeps the language chosen with ?lang= in the page's links.
func langQuery(rd reader) string { return rd.q }

// refuse answers status with a page that says why, in the request's
// language (?lang=, else Vietnamese).
func (o *Office) refuse(w http.ResponseWriter, r *http.Request, status int, key string) {
	lang := i18n.VI
	if l, ok := i18n.ParseLang(r.URL.Query().Get("lang")); ok {
		lang = l
	}
	p := i18n.For(lang)
	o.render(w, r, reader{p: p, lang: lang, q: "?lang=" + string(lang)}, status, "refused", p.T("web.title"), p.T(key))
}

// fail logs err and answers 500.
func (o *Office) fail(w http.ResponseWriter, r *http.Request, rd reader, what string, err error) {
	if errors.Is(err, bot.ErrNotFound) {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	o.log().Error("web page", "page", what, "err", err)
	http.Error(w, rd.p.T("web.error"), http.StatusInternalServerError)
}

// view runs fn in a read-only transaction bounded by pageTimeout.
func (o *Office) view(r *http.Request, fn func(bot.Tx) error) error {
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	return o.Store.View(ctx, fn)
}

// period is the period named by the request's ?p=, else the current one.
func (o *Office) period(r *http.Request) (bot.Period, bool) {
	loc := o.Config.Area.Location
	key := r.URL.Query().Get("p")
	if key == "" {
		key = r.PathValue("period")
	}
	if key == "" {
		return o.Config.Period.PeriodAt(o.now(), loc), true
	}
	p, err := o.Config.Period.ParsePeriod(key, loc)
	return p, err == nil
}

func (o *Office) now() time.Time {
	if o.Clock == nil {
		return time.Now()
	}
	return o.Clock.Now()
}

func (o *Office) log() *slog.Logger {
	if o.Log == nil {
		return slog.Default()
	}
	return o.Log
}

func (o *Office) secure(r *http.Request) bool { return o.Secure || r.TLS != nil }

// sendFile writes a stored file with the headers of bot/web's files.
func sendFile(w http.ResponseWriter, kind string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", kind)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
