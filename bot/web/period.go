package web

import (
	"net/http"
	"strings"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// periodView is the period page: completeness per unit and, for the
// leaders, the district totals and the chart.
type periodView struct {
	Period, Built         string
	Prev, Next            string // links to the neighbouring periods; Next is "" for the current one
	Reported, Late, Total string
	Missing               string
	Units                 []unitLine
	Totals                []totalLine // empty for a member
	Chart                 string      // the chart's address; "" when there is none
}

type unitLine struct {
	Href, Name, Members, Status, Class, AsOf string
}

type totalLine struct {
	Group, Label, Value, Target, Percent, Coverage string
}

func (o *Office) periodPage(w http.ResponseWriter, r *http.Request, rd reader) {
	per, ok := o.period(r)
	if !ok {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	d, err := o.digestOf(r, per)
	if err != nil {
		o.fail(w, r, rd, "period", err)
		return
	}
	o.render(w, r, rd, http.StatusOK, "period", digest.PeriodName(rd.p, per), o.periodView(rd, d))
}

// periodView shapes d for rd: a member's units only, unless rd sees all.
func (o *Office) periodView(rd reader, d *digest.Digest) periodView {
	p, loc := rd.p, o.Config.Area.Location
	deadline := o.Config.Period.Deadline(d.Period)
	v := periodView{Period: digest.PeriodName(p, d.Period), Built: p.DateTime(d.Built.In(loc))}
	v.Prev = bot.WebPath + "?p=" + d.Prev.Key + amp(rd)
	if cur := o.Config.Period.PeriodAt(o.now(), loc); d.Period.Key < cur.Key {
		next := o.Config.Period.PeriodAt(d.Period.End, loc)
		v.Next = bot.WebPath + "?p=" + next.Key + amp(rd)
	}
	var reported, late, total int
	for _, u := range d.Units {
		if !rd.sees(u.Code) {
			continue
		}
		total++
		l := unitLine{Href: bot.WebPath + "unit/" + u.Code + "?p=" + d.Period.Key + amp(rd), Name: u.Name.In(rd.lang),
			Members: strings.Join(u.Members, ", ")}
		switch {
		case u.Reported && (u.Late || u.AsOf.After(deadline)):
			reported++
			late++
			l.Status, l.Class = p.T("web.status.late"), "late"
		case u.Reported:
			reported++
			l.Status, l.Class = p.T("web.status.reported"), "ok"
		default:
			l.Status, l.Class = p.T("web.status.missing"), "missing"
		}
		if u.HasData {
			l.AsOf = p.DateTime(u.AsOf.In(loc))
		}
		v.Units = append(v.Units, l)
	}
	v.Reported, v.Late, v.Total, v.Missing = p.Int(int64(reported)), p.Int(int64(late)), p.Int(int64(total)), p.Int(int64(total-reported))
	if !rd.all() {
		return v
	}
	for _, t := range d.Headline {
		v.Totals = append(v.Totals, totalRow(p, rd.lang, "", t))
	}
	for _, it := range d.Items {
		for _, t := range it.Fields {
			v.Totals = append(v.Totals, totalRow(p, rd.lang, it.Label.In(rd.lang), t))
		}
	}
	if o.Chart != nil {
		v.Chart = bot.WebPath + "chart/" + d.Period.Key + "?lang=" + string(rd.lang)
	}
	return v
}

// totalRow writes a district total the way the digest text does.
func totalRow(p *i18n.Printer, lang i18n.Lang, group string, t digest.Total) totalLine {
	l := totalLine{Group: group, Label: t.Label.In(lang), Value: digest.Figure(p, t.Type, t.Value)}
	if t.Units > 0 && t.Covered == 0 {
		l.Value = p.T("web.no_figures")
	}
	if t.Target > 0 {
		l.Target, l.Percent = digest.Figure(p, t.Type, t.Target), p.Percent(t.Percent())
	}
	if t.Covered > 0 && t.Covered < t.Units {
		l.Coverage = p.T("web.coverage", "covered", p.Int(int64(t.Covered)), "total", p.Int(int64(t.Units)))
	}
	return l
}

// amp is the language query to add after another ("&lang=en").
func amp(rd reader) string {
	if rd.q == "" {
		return ""
	}
	return "&" + rd.q[1:]
}

// chart sends the period's chart in ?lang= (the reader's language), for
// the readers who see every unit.
func (o *Office) chart(w http.ResponseWriter, r *http.Request, rd reader) {
	per, ok := o.period(r)
	if !ok || !rd.all() || o.Chart == nil {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	d, err := o.digestOf(r, per)
	if err != nil {
		o.fail(w, r, rd, "chart", err)
		return
	}
	png, err := o.Chart(d, rd.lang)
	if err != nil {
		o.fail(w, r, rd, "chart", err)
		return
	}
	if png == nil {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	sendFile(w, "image/png", png)
}

// digestOf builds period per's digest as of now, in a read transaction.
func (o *Office) digestOf(r *http.Request, per bot.Period) (*digest.Digest, error) {
	var d *digest.Digest
	err := o.view(r, func(tx bot.Tx) (err error) {
		cfg, err := bot.CurrentConfig(tx, o.Config) // the database's roster
		if err != nil {
			return err
		}
		d, err = digest.Build(tx, cfg, per, o.now())
		return err
	})
	return d, err
}
