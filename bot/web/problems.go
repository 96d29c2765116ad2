package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"fieldbot/bot"
)

// deadLetterDays is how far back the page lists dead letters.
const deadLetterDays = 90

// maxJobRuns is how many job runs the page lists, the newest.
const maxJobRuns = 100

// problemsView is who cannot be reached and why, and the jobs that ran.
type problemsView struct {
	Dead []deadLine
	Jobs []jobLine
}

type deadLine struct{ Who, Channel, Why, Detail, When string }

type jobLine struct{ Job, Period, When string }

// problemsPage is for the roles that see every unit's status.
func (o *Office) problemsPage(w http.ResponseWriter, r *http.Request, rd reader) {
	if !rd.m.Can(bot.ActStatusAll) {
		o.refuse(w, r, http.StatusNotFound, "web.not_found")
		return
	}
	loc := o.Config.Area.Location
	var v problemsView
	err := o.view(r, func(tx bot.Tx) error {
		dead, err := tx.DeadLetters(o.now().AddDate(0, 0, -deadLetterDays))
		if err != nil {
			return err
		}
		for i := len(dead) - 1; i >= 0; i-- { // newest first
			d := &dead[i]
			who := rd.p.T("web.unknown_member")
			if id, err := tx.Identity(d.Out.Chat.Channel, d.Out.Recipient()); err == nil {
				if m, ok := rd.cfg.Member(id.Member); ok {
					who = m.Name
				}
			} else if !errors.Is(err, bot.ErrNotFound) {
				return err
			}
			v.Dead = append(v.Dead, deadLine{Who: who, Channel: bot.ChannelName(rd.p, d.Out.Chat.Channel),
				Why: bot.ReasonText(rd.p, d.Cause), Detail: d.Reason, When: rd.p.DateTime(d.At.In(loc))})
		}
		runs, err := tx.JobRuns()
		if err != nil {
			return err
		}
		slices.SortFunc(runs, func(a, b bot.JobRun) int { return b.At.Compare(a.At) })
		for _, j := range runs[:min(len(runs), maxJobRuns)] {
			job, period, _ := strings.Cut(j.Key, "/")
			if job == "digest" || job == "escalate" {
				job = rd.p.T("web.job." + job)
			}
			v.Jobs = append(v.Jobs, jobLine{Job: job, Period: period, When: rd.p.DateTime(j.At.In(loc))})
		}
		return nil
	})
	if err != nil {
		o.fail(w, r, rd, "problems", err)
		return
	}
	o.render(w, r, rd, http.StatusOK, "problems", rd.p.T("web.nav.problems"), v)
}
