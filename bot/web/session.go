package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// cookieName is the session cookie: a bot.WebSession token.
const cookieName = "fieldbot_session"

// maxToken bounds the token read from a form or a cookie.
const maxToken = 1024

// loginForm shows the sign-in button for a /web link. Following the link
// signs nobody in: a chat app that fetches the link for a preview would
// use it up, so signing in is the POST of this page's form. The token is
// checked here already, so a stale link says so at once.
func (o *Office) loginForm(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("t")
	var c bot.WebClaim
	var used bool
	var cfg *bot.Config
	err := o.view(r, func(tx bot.Tx) error {
		key, err := tx.WebKey()
		if err != nil {
			return err
		}
		if c, err = bot.VerifyWeb(key, bot.WebLogin, tok, o.now()); err != nil {
			return err
		}
		if used, err = tx.WebLoginUsed(c.Nonce); err != nil {
			return err
		}
		cfg, err = o.rosterAt(tx)
		return err
	})
	var m *bot.Member
	known := false
	if err == nil {
		m, known = cfg.Member(c.Member)
	}
	if err != nil || used || !known {
		o.refuseLogin(w, r, err)
		return
	}
	rd := o.readerOf(m, bot.MemberState{}, r)
	o.render(w, r, rd, http.StatusOK, "login", rd.p.T("web.login.title"), map[string]string{
		"Token": tok, "Name": m.Name, "Action": bot.WebPath + "login" + rd.q,
	})
}

// login uses the link's token (once) and opens the session.
func (o *Office) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	tok := r.PostFormValue("t")
	if len(tok) > maxToken {
		tok = ""
	}
	now := o.now()
	var c bot.WebClaim
	var session string
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	err := o.Store.Update(ctx, func(tx bot.Tx) error {
		key, err := tx.WebKey()
		if err != nil {
			return err
		}
		if c, err = bot.VerifyWeb(key, bot.WebLogin, tok, now); err != nil {
			return err
		}
		cfg, err := o.rosterAt(tx)
		if err != nil {
			return err
		}
		if _, ok := cfg.Member(c.Member); !ok {
			return bot.ErrWebToken
		}
		used, err := tx.UseWebLogin(c.Nonce, now)
		if err != nil {
			return err
		}
		if used {
			return errUsed
		}
		session = bot.SignWeb(key, bot.WebSession, bot.WebClaim{Member: c.Member, Expires: now.Add(bot.WebSessionTTL).Unix()})
		return nil
	})
	if err != nil {
		o.refuseLogin(w, r, err)
		return
	}
	o.log().Info("web sign-in", "member", c.Member)
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: session, Path: bot.WebPath, Expires: now.Add(bot.WebSessionTTL),
		MaxAge: int(bot.WebSessionTTL / time.Second), HttpOnly: true, Secure: o.secure(r), SameSite: http.SameSiteStrictMode,
	})
	http.Redirect(w, r, bot.WebPath+langOf(r), http.StatusSeeOther)
}

// logout forgets the session cookie in the browser.
func (o *Office) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: bot.WebPath, MaxAge: -1,
		HttpOnly: true, Secure: o.secure(r), SameSite: http.SameSiteStrictMode})
	o.refuse(w, r, http.StatusOK, "web.logged_out")
}

var errUsed = errors.New("web: sign-in link already used")

// refuseLogin says the link cannot be used (expired, used, forged: the
// page does not tell which), and logs storage failures.
func (o *Office) refuseLogin(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil && !errors.Is(err, bot.ErrWebToken) && !errors.Is(err, errUsed) && !errors.Is(err, bot.ErrNotFound) {
		o.log().Error("web sign-in", "err", err) // never the token
	}
	o.refuse(w, r, http.StatusForbidden, "web.link_refused")
}

// signedIn runs h for the session's member, or refuses the request.
func (o *Office) signedIn(h func(http.ResponseWriter, *http.Request, reader)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(cookieName)
		if err != nil || len(ck.Value) > maxToken {
			o.refuse(w, r, http.StatusUnauthorized, "web.sign_in_first")
			return
		}
		var c bot.WebClaim
		var st bot.MemberState
		var cfg *bot.Config
		err = o.view(r, func(tx bot.Tx) error {
			key, err := tx.WebKey()
			if err != nil {
				return err
			}
			if c, err = bot.VerifyWeb(key, bot.WebSession, ck.Value, o.now()); err != nil {
				return err
			}
			st, err = tx.MemberState(c.Member)
			if errors.Is(err, bot.ErrNotFound) {
				err = nil
			}
			if err != nil {
				return err
			}
			cfg, err = o.rosterAt(tx)
			return err
		})
		var m *bot.Member
		known := false
		if err == nil {
			m, known = cfg.Member(c.Member)
		}
		switch {
		case err == nil && known && m.Can(bot.ActWeb):
			rd := o.readerOf(m, st, r)
			rd.cfg = cfg
			h(w, r, rd)
		case err == nil || errors.Is(err, bot.ErrWebToken) || errors.Is(err, bot.ErrNotFound):
			o.refuse(w, r, http.StatusUnauthorized, "web.sign_in_first")
		default:
			o.log().Error("web session", "err", err)
			o.refuse(w, r, http.StatusInternalServerError, "web.error")
		}
	}
}

// readerOf is m reading in the language of ?lang=, else the one m chose,
// else the roster's.
func (o *Office) readerOf(m *bot.Member, st bot.MemberState, r *http.Request) reader {
	lang, q := memberLang(m, st), ""
	if l, ok := i18n.ParseLang(r.URL.Query().Get("lang")); ok {
		lang, q = l, "?lang="+string(l)
	}
	return reader{m: m, p: i18n.For(lang), lang: lang, q: q}
}

// memberLang is the language m reads in.
func memberLang(m *bot.Member, st bot.MemberState) i18n.Lang {
	switch {
	case st.Lang != "":
		return st.Lang
	case m.Lang != "":
		return m.Lang
	}
	return i18n.VI
}

func langOf(r *http.Request) string {
	if l, ok := i18n.ParseLang(r.URL.Query().Get("lang")); ok {
		return "?lang=" + string(l)
	}
	return ""
}
