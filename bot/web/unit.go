package web

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// historyPeriods is how many periods of a unit's figures the unit page shows.
const historyPeriods = 12

// unitView is the unit page: its figures over the periods, the revisions
// of the chosen period (who, when, what changed) and their photos.
type unitView struct {
	Name, Period string
	Fields       []string // the numeric fields' labels, the history's columns
	History      []historyLine
	Revisions    []revisionLine
	Back         string
}

type historyLine struct {
	Period, Href string
	Values       []string
}

type revisionLine struct {
	Seq, Who, When, Channel string
	Changes                 []change
}

type change struct {
	Label, Value string
	Photos       []picture // the pictures of a photo answer the bot stores
}

// picture is one stored photo of an answer: its address, and its caption
// (the question's label when it has none) as the image's text.
type picture struct {
	URL, Alt string
}

func (o *Office) unitPage(w http.ResponseWriter, r *http.Request, rd reader) {
	code := r.PathValue("unit")
	u, ok := rd.cfg.Unit(code)
	per, pok := o.period(r)
	if !ok || !pok || !rd.sees(code) { // another unit is not told from a missing one
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	p := rd.p
	v := unitView{Name: u.Name.In(rd.lang), Period: digest.PeriodName(p, per), Back: bot.WebPath + "?p=" + per.Key + amp(rd)}
	var numeric []*bot.Field
	for i := range o.Config.Form.Fields {
		f := &o.Config.Form.Fields[i]
		switch f.Type {
		case bot.FieldInteger, bot.FieldDecimal, bot.FieldMoney, bot.FieldPercent:
			numeric = append(numeric, f)
			v.Fields = append(v.Fields, f.Label.In(rd.lang))
		}
	}
	err := o.view(r, func(tx bot.Tx) error {
		rep, err := tx.LatestReport(per.Key, code)
		if errors.Is(err, bot.ErrNotFound) {
			rep, err = tx.PreviousReport(code, per.Key)
		}
		for n := 0; err == nil && n < historyPeriods; n++ {
			rp, _ := o.Config.Period.ParsePeriod(rep.Period, o.Config.Area.Location)
			h := historyLine{Period: digest.PeriodName(p, rp), Href: bot.WebPath + "unit/" + code + "?p=" + rep.Period + amp(rd)}
			for _, f := range numeric {
				val, ok := rep.Values[f.ID]
				s := "–"
				if ok {
					s = bot.FormatValue(o.Config, p, f, val)
				}
				h.Values = append(h.Values, s)
			}
			v.History = append(v.History, h)
			rep, err = tx.PreviousReport(code, rep.Period)
		}
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			return err
		}
		revs, err := tx.Revisions(per.Key, code)
		if err != nil && !errors.Is(err, bot.ErrNotFound) {
			return err
		}
		for i := len(revs) - 1; i >= 0; i-- { // newest first
			v.Revisions = append(v.Revisions, o.revision(rd, &revs[i]))
		}
		return nil
	})
	if err != nil {
		o.fail(w, r, rd, "unit", err)
		return
	}
	o.render(w, r, rd, http.StatusOK, "unit", v.Name, v)
}

// revision shapes one revision: who filed it, when, and its changed answers.
func (o *Office) revision(rd reader, rev *bot.Report) revisionLine {
	who := rev.Member
	if m, ok := rd.cfg.Member(rev.Member); ok {
		who = m.Name
	}
	l := revisionLine{Seq: rd.p.Int(int64(rev.Seq)), Who: who, When: rd.p.DateTime(rev.At.In(o.Config.Area.Location)),
		Channel: bot.ChannelName(rd.p, rev.Channel)}
	for _, id := range rev.Changed {
		f := o.field(id)
		if f == nil {
			continue
		}
		c := change{Label: f.Label.In(rd.lang)}
		val, ok := rev.Values[id]
		switch {
		case !ok:
			c.Value = rd.p.T("web.answer_removed")
		case f.Type == bot.FieldPhoto:
			c.Value = bot.FormatValue(o.Config, rd.p, f, val) // "3 ảnh (“Cầu tràn”)"
			onPlatform := false
			for i, ph := range bot.PhotosOf(val) {
				if !strings.HasPrefix(ph.Ref, bot.BlobPrefix) {
					onPlatform = true
					continue
				}
				c.Photos = append(c.Photos, picture{Alt: cmp.Or(ph.Caption, c.Label), URL: bot.WebPath + "photo/" + rev.Period + "/" + rev.Unit + "/" +
					strconv.FormatUint(rev.Seq, 10) + "/" + id + "/" + strconv.Itoa(i+1)})
			}
			if onPlatform {
				c.Value += " · " + rd.p.T("web.photo_on_platform", "channel", bot.ChannelName(rd.p, rev.Channel))
			}
		default:
			c.Value = bot.FormatValue(o.Config, rd.p, f, val)
		}
		l.Changes = append(l.Changes, c)
	}
	return l
}

func (o *Office) field(id string) *bot.Field {
	for i := range o.Config.Form.Fields {
		if o.Config.Form.Fields[i].ID == id {
			return &o.Config.Form.Fields[i]
		}
	}
	return nil
}

// photo sends a photo of an answer stored by the bot (a Zalo photo), for a
// reader who sees its unit: the n-th of the answer's photos (the first
// when the address names none).
func (o *Office) photo(w http.ResponseWriter, r *http.Request, rd reader) {
	period, unit, field := r.PathValue("period"), r.PathValue("unit"), r.PathValue("field")
	seq, err := strconv.ParseUint(r.PathValue("seq"), 10, 64)
	n := 1
	if s := r.PathValue("n"); s != "" && err == nil {
		n, err = strconv.Atoi(s)
	}
	if err != nil || n < 1 || !rd.sees(unit) {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	var data []byte
	err = o.view(r, func(tx bot.Tx) error {
		revs, err := tx.Revisions(period, unit)
		if err != nil {
			return err
		}
		for _, rev := range revs {
			if rev.Seq != seq {
				continue
			}
			if ps := bot.PhotosOf(rev.Values[field]); n <= len(ps) {
				if h, ok := strings.CutPrefix(ps[n-1].Ref, bot.BlobPrefix); ok {
					data, err = tx.Blob(h)
					return err
				}
			}
		}
		return bot.ErrNotFound
	})
	if err != nil {
		o.fail(w, r, rd, "photo", err)
		return
	}
	kind := http.DetectContentType(data)
	if !strings.HasPrefix(kind, "image/") || strings.Contains(kind, "svg") {
		kind = "application/octet-stream" // never a page of the site's own origin
		w.Header().Set("Content-Disposition", "attachment")
	}
	sendFile(w, kind, data)
}
