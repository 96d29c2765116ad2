package web

import (
	"mime"
	"net/http"
	"path"
	"strconv"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// archiveLine is one sent digest in the archive's list.
type archiveLine struct {
	Href, Period, Sent, Readers string
}

// digestView is one sent digest: its text and files in the reader's
// language (or the first one it was rendered in).
type digestView struct {
	Period, Sent, Text string
	Files              []fileLine
	Chart              string // the address of its picture, shown in the page
}

type fileLine struct{ Href, Name string }

// archivePage lists every digest sent, newest first, for the readers of
// the digest.
func (o *Office) archivePage(w http.ResponseWriter, r *http.Request, rd reader) {
	if !rd.all() {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	var sent []bot.SentDigest
	if err := o.view(r, func(tx bot.Tx) (err error) { sent, err = tx.SentDigests(); return err }); err != nil {
		o.fail(w, r, rd, "archive", err)
		return
	}
	var lines []archiveLine
	for _, d := range sent {
		per, err := o.Config.Period.ParsePeriod(d.Period, o.Config.Area.Location)
		if err != nil {
			continue // a period of another configuration (weekly then monthly)
		}
		lines = append(lines, archiveLine{Href: bot.WebPath + "archive/" + d.Period + rd.q, Period: digest.PeriodName(rd.p, per),
			Sent: rd.p.DateTime(d.Sent.In(o.Config.Area.Location)), Readers: rd.p.Int(int64(d.Readers))})
	}
	o.render(w, r, rd, http.StatusOK, "archive", rd.p.T("web.nav.archive"), lines)
}

// sentIn picks the rendering of d for lang, else the first language d has.
func sentIn(d bot.SentDigest, lang i18n.Lang) (i18n.Lang, bot.SentDigestText, bool) {
	if t, ok := d.Langs[lang]; ok {
		return lang, t, true
	}
	for _, l := range i18n.Langs {
		if t, ok := d.Langs[l]; ok {
			return l, t, true
		}
	}
	return "", bot.SentDigestText{}, false
}

// mayHave reports whether rd gets file f of a digest: the chairs' files
// (the report to sign) go to the chairs only, as the digest itself does.
func mayHave(rd reader, f bot.SentFile) bool { return !f.Chair || rd.m.Role == bot.RoleChair }

func (o *Office) digestPage(w http.ResponseWriter, r *http.Request, rd reader) {
	period := r.PathValue("period")
	var d bot.SentDigest
	err := bot.ErrNotFound
	if rd.all() {
		err = o.view(r, func(tx bot.Tx) (err error) { d, err = tx.SentDigest(period); return err })
	}
	per, perr := o.Config.Period.ParsePeriod(period, o.Config.Area.Location)
	lang, txt, ok := sentIn(d, rd.lang)
	if err == nil && (perr != nil || !ok) {
		err = bot.ErrNotFound
	}
	if err != nil {
		o.fail(w, r, rd, "digest", err)
		return
	}
	v := digestView{Period: digest.PeriodName(rd.p, per), Sent: rd.p.DateTime(d.Sent.In(o.Config.Area.Location)), Text: txt.Text}
	for i, f := range txt.Files {
		if !mayHave(rd, f) {
			continue
		}
		href := bot.WebPath + "archive/" + period + "/" + string(lang) + "/" + strconv.Itoa(i)
		if f.Photo && v.Chart == "" {
			v.Chart = href
		}
		v.Files = append(v.Files, fileLine{Href: href, Name: f.Name})
	}
	o.render(w, r, rd, http.StatusOK, "digest", v.Period, v)
}

// digestFile sends file n of a sent digest in a language.
func (o *Office) digestFile(w http.ResponseWriter, r *http.Request, rd reader) {
	period := r.PathValue("period")
	lang, lok := i18n.ParseLang(r.PathValue("lang"))
	n, nerr := strconv.Atoi(r.PathValue("n"))
	if !rd.all() || !lok || nerr != nil {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	var f bot.SentFile
	var data []byte
	err := o.view(r, func(tx bot.Tx) error {
		d, err := tx.SentDigest(period)
		if err != nil {
			return err
		}
		t, ok := d.Langs[lang]
		if !ok || n < 0 || n >= len(t.Files) || !mayHave(rd, t.Files[n]) {
			return bot.ErrNotFound
		}
		f = t.Files[n]
		data, err = tx.Blob(f.Blob)
		return err
	})
	if err != nil {
		o.fail(w, r, rd, "digest file", err)
		return
	}
	kind := mime.TypeByExtension(path.Ext(f.Name))
	if kind == "" {
		kind = "application/octet-stream"
	}
	disposition := "attachment"
	if f.Photo {
		disposition = "inline"
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}))
	sendFile(w, kind, data)
}
