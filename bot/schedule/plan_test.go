package schedule_test

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/schedule"
)

// TestPlan checks the demo schedule's times in Asia/Ho_Chi_Minh, across a
// year boundary that has an ISO week 53, and the period each digest covers.
func TestPlan(t *testing.T) {
	cfg := config.Demo()
	s, err := schedule.New(cfg, nil, bot.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		from, to string
		want     []string
	}{
		{"2020-09-14 00:00", "2020-09-21 23:59", []string{
			"digest Mon 2020-09-14 07:30 2020-W38",
			"reminder 1 Thu 2020-09-17 08:00 2020-W38",
			"reminder 2 Fri 2020-09-18 08:00 2020-W38",
			"escalation Fri 2020-09-18 17:05 2020-W38",
			"digest Mon 2020-09-21 07:30 2020-W39"}},
		// 2020 has 53 ISO weeks: 28/12/2020–03/01/2021 is 2020-W53.
		{"2020-12-28 00:00", "2021-01-04 08:00", []string{
			"digest Mon 2020-12-28 07:30 2020-W53",
			"reminder 1 Thu 2020-12-31 08:00 2020-W53",
			"reminder 2 Fri 2021-01-01 08:00 2020-W53",
			"escalation Fri 2021-01-01 17:05 2020-W53",
			"digest Mon 2021-01-04 07:30 2021-W01"}},
		// Exactly at a firing time: (from, to] excludes from.
		{"2020-09-17 08:00", "2020-09-18 08:00", []string{"reminder 2 Fri 2020-09-18 08:00 2020-W38"}},
	}
	for _, c := range cases {
		var got []string
		for _, r := range s.Plan(at(c.from), at(c.to)) {
			got = append(got, fmt.Sprintf("%s %s %s", r.Job, r.At.Format("Mon 2006-01-02 15:04"), cfg.Period.PeriodAt(r.At, hcm).Key))
			if r.At.Location().String() != "Asia/Ho_Chi_Minh" {
				t.Errorf("%s fires in %s", r.Job, r.At.Location())
			}
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("plan %s → %s:\n%s\nwant:\n%s", c.from, c.to, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
	// The digest of Monday 04/01/2021 covers the week that ended: 2020-W53.
	p := cfg.Period.Prev(cfg.Period.PeriodAt(at("2021-01-04 07:30"), hcm))
	if p.Key != "2020-W53" || p.Start.Format("02/01/2006") != "28/12/2020" || p.LastDay().Format("02/01/2006") != "03/01/2021" {
		t.Errorf("digest period = %s %v–%v", p.Key, p.Start, p.LastDay())
	}
}
