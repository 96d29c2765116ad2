package bot

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fieldbot/i18n"
)

// How long the links to files stay valid: a picture is fetched by the
// platform when the message goes out, which may be hours after it was queued
// (backoff, a stopped bot), so its link lasts a day (the token is 160 random
// bits); a workbook is opened by a person, some days later perhaps.
const (
	PhotoLinkTTL = 24 * time.Hour
	FileLinkTTL  = 7 * 24 * time.Hour
)

// LinkPath is where the HTTP server serves links: LinkPath + token + "/" + name.
const LinkPath = "/f/"

// shapeFiles makes out's attachments fit the channel it goes to: kept as
// they are where the channel uploads them; a picture becomes a URL to the
// bot's own server where the platform fetches pictures (Zalo), and a
// document becomes a link in the text where the channel has no documents.
// Without a public URL those are dropped, and the text says where the files
// can be had. Links are made for reader (an account key) and expire.
func (e *Engine) shapeFiles(tx FileTx, out *Outgoing, p *i18n.Printer, reader string, now time.Time) error {
	if len(out.Attach) == 0 {
		return nil
	}
	caps := e.caps(out.Chat.Channel)
	var kept []Attachment
	var lines, dropped []string
	for _, a := range out.Attach {
		byURL := a.Photo && caps.Photos == PhotoURL
		asLink := !byURL && (a.Photo && caps.Photos == PhotoNone || !a.Photo && !caps.Documents)
		switch {
		case !byURL && !asLink:
			kept = append(kept, a)
		case e.publicURL == "":
			dropped = append(dropped, a.Name)
		default:
			ttl := FileLinkTTL
			if byURL {
				ttl = PhotoLinkTTL
			}
			link, err := e.link(tx, a, reader, now.Add(ttl))
			if err != nil {
				return err
			}
			if byURL {
				kept = append(kept, Attachment{Name: a.Name, Photo: true, URL: link})
				continue
			}
			lines = append(lines, p.T("files.link", "name", a.Name, "url", link,
				"time", p.DateTime(now.Add(ttl).In(e.cfg.Area.Location))))
		}
	}
	if len(dropped) > 0 {
		lines = append(lines, p.T("files.elsewhere", "names", strings.Join(dropped, ", ")))
	}
	if len(lines) > 0 {
		out.Text = strings.TrimRight(out.Text, "\n") + "\n\n" + strings.Join(lines, "\n")
	}
	out.Attach = kept
	return nil
}

// link stores a's content and a link to it for reader until expires, and
// returns the link's public URL.
func (e *Engine) link(tx FileTx, a Attachment, reader string, expires time.Time) (string, error) {
	h, err := tx.PutBlob(a.Data)
	if err != nil {
		return "", fmt.Errorf("bot: link %s: %w", a.Name, err)
	}
	var b [20]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("bot: link token: %w", err)
	}
	token := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	if err := tx.PutLink(token, Link{Blob: h, Name: a.Name, For: reader, Expires: expires}); err != nil {
		return "", fmt.Errorf("bot: link %s: %w", a.Name, err)
	}
	return e.publicURL + LinkPath + token + "/" + url.PathEscape(a.Name), nil
}
