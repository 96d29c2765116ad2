package schedule_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"fieldbot/bot"
	"fieldbot/bot/schedule"
)

// fuzzJobs does nothing.
type fuzzJobs struct{}

func (fuzzJobs) Remind(context.Context, int, time.Time) (int, error) { return 0, nil }
func (fuzzJobs) Escalate(context.Context, time.Time) (int, error)    { return 0, nil }
func (fuzzJobs) SendDigest(context.Context, bot.Period) (int, error) { return 0, nil }

// FuzzSchedulePlan builds a Scheduler from a spec the configuration would
// accept (the same refusals as config's checkCron) in every job, and plans
// two hours: New never panics or refuses it, the runs are in order within
// the window, and every job shows at each moment the spec fires (all four
// share it). A spec that never fires ("0 0 30 2 *") plans nothing.
func FuzzSchedulePlan(f *testing.F) {
	for _, s := range []string{"0 8 * * 4", "30 7 * * 1-5", "*/15 8-10 * * *", "@daily", "@hourly", "@weekly", "0 0 1 1 *", "59 23 31 12 *", "0 0 29 2 *", "* * * * *"} {
		f.Add(s, uint16(0))
		f.Add(s, uint16(3000))
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Fuzz(func(t *testing.T, spec string, offset uint16) {
		if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "@every") {
			return // refused by the configuration
		}
		from := at("2020-09-14 00:00").Add(time.Duration(offset) * 5 * time.Minute)
		to := from.Add(2 * time.Hour)
		sched, ok := standard(spec)
		if !ok {
			return
		}
		never := sched.Next(from.In(hcm)).IsZero()
		cfg := &bot.Config{Area: bot.Area{Location: hcm}, Period: bot.PeriodSpec{Kind: bot.Weekly},
			Schedule: bot.Schedule{Reminders: []string{spec, spec}, Escalation: spec, Digest: spec}}
		s, err := schedule.New(cfg, fuzzJobs{}, bot.ClockFunc(func() time.Time { return to }), log)
		if err != nil {
			t.Fatalf("New refuses %q, which the configuration accepts: %v", spec, err)
		}
		runs := s.Plan(from, to)
		if never && len(runs) > 0 {
			t.Fatalf("%q never fires, yet %d runs are planned", spec, len(runs))
		}
		last := from
		perMoment := map[time.Time]int{}
		for _, r := range runs {
			if !r.At.After(from) || r.At.After(to) || r.At.Before(last) {
				t.Fatalf("%q: run %s at %v out of order or outside (%v, %v]", spec, r.Job, r.At, from, to)
			}
			last = r.At
			perMoment[r.At]++
		}
		for moment, n := range perMoment {
			if n != 4 {
				t.Fatalf("%q: %d jobs planned at %v, want all 4 (they share the spec)", spec, n, moment)
			}
		}
	})
}

// standard parses spec as the configuration's check does; a panic of the
// parser counts as a refusal there too.
func standard(spec string) (s cron.Schedule, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	s, err := cron.ParseStandard(spec)
	return s, err == nil
}
