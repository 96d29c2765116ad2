package bot

import (
	"fmt"

	"fieldbot/i18n"
)

// webCommand answers /web: a sign-in link to the office's web page, for
// WebLoginTTL and one use. A member with units sees only those units there;
// the leaders see everything.
func (t *turn) webCommand() error {
	if !t.member.Can(ActWeb) {
		t.say(t.p.T("web.not_allowed"))
		return nil
	}
	if t.e.publicURL == "" {
		t.say(t.p.T("web.no_url"))
		return nil
	}
	key, err := t.tx.WebKey()
	if err != nil {
		return fmt.Errorf("bot: web link: %w", err)
	}
	exp := t.now.Add(WebLoginTTL)
	tok := SignWeb(key, WebLogin, WebClaim{Member: t.member.ID, Expires: exp.Unix(), Nonce: webNonce()})
	url := t.e.publicURL + WebPath + "login?t=" + tok
	t.say(t.p.T("web.link", "url", url, "time", t.view().dateTime(exp)))
	return nil
}

// FormatValue writes a stored answer to field f for people in p's language,
// as the bot's own messages write it (the web page shows answers so).
func FormatValue(cfg *Config, p *i18n.Printer, f *Field, val Value) string {
	return view{cfg: cfg, p: p, loc: cfg.Area.Location}.formatValue(f, val)
}
