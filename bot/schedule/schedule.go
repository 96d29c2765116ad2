// Package schedule runs the periodic jobs (reminders, escalation, the weekly
// digest) at the times the configuration gives, in the area's time zone. It
// only calls engine methods; the engine writes outbox rows under
// deterministic keys, so a job that runs twice, or runs again after a
// restart, sends nothing twice.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"fieldbot/bot"
)

// Jobs are the engine methods the schedule calls.
type Jobs interface {
	Remind(ctx context.Context, slot int, at time.Time) (int, error)
	Escalate(ctx context.Context, at time.Time) (int, error)
	SendDigest(ctx context.Context, p bot.Period) (int, error)
}

// lookback is how far back start-up looks for a missed job.
const lookback = 8 * 24 * time.Hour

// Scheduler holds the parsed schedule and the jobs it runs.
type Scheduler struct {
	cfg   *bot.Config
	jobs  Jobs
	clock bot.Clock
	log   *slog.Logger
	// Sent is called after a job queued messages, to wake the sender.
	Sent func()
	// Observer is told of each job run and its duration; nil observes
	// nothing.
	Observer bot.Observer
	entries  []entry
}

// entry is one scheduled job.
type entry struct {
	name  string
	kind  kind
	slot  int // reminders: the index of the spec
	sched cron.Schedule
}

type kind int

const (
	reminder kind = iota
	escalation
	digest
)

// parser reads the standard five-field specs and descriptors like @weekly.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// New parses the configured schedule.
func New(cfg *bot.Config, jobs Jobs, clock bot.Clock, log *slog.Logger) (*Scheduler, error) {
	s := &Scheduler{cfg: cfg, jobs: jobs, clock: clock, log: log}
	add := func(name string, k kind, slot int, spec string) error {
		if spec == "" {
			return nil
		}
		sched, err := parser.Parse(spec)
		if err != nil {
			return fmt.Errorf("schedule: %s %q: %w", name, spec, err)
		}
		s.entries = append(s.entries, entry{name: name, kind: k, slot: slot, sched: sched})
		return nil
	}
	for i, spec := range cfg.Schedule.Reminders {
		if err := add(fmt.Sprintf("reminder %d", i+1), reminder, i, spec); err != nil {
			return nil, err
		}
	}
	if err := add("escalation", escalation, 0, cfg.Schedule.Escalation); err != nil {
		return nil, err
	}
	if err := add("digest", digest, 0, cfg.Schedule.Digest); err != nil {
		return nil, err
	}
	return s, nil
}

// Start runs the schedule on robfig/cron in the area's zone, with panics
// recovered and a job skipped while its previous run is still going, until
// ctx ends. It first catches up what was missed while the process was down.
// The returned wait blocks, once ctx has ended, until running jobs finish.
func (s *Scheduler) Start(ctx context.Context) (wait func()) {
	if err := s.CatchUp(ctx); err != nil {
		s.log.Error("catch-up failed", "err", err)
	}
	logger := cron.VerbosePrintfLogger(slog.NewLogLogger(s.log.Handler(), slog.LevelInfo))
	c := cron.New(cron.WithLocation(s.cfg.Area.Location),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, e := range s.entries {
		c.Schedule(e.sched, cron.FuncJob(func() { s.run(ctx, e, s.clock.Now()) }))
	}
	c.Start()
	stopped := make(chan struct{})
	go func() {
		<-ctx.Done()
		<-c.Stop().Done()
		close(stopped)
	}()
	return func() { <-stopped }
}

// Run is one planned run of a job.
type Run struct {
	Job string
	At  time.Time
	e   entry
}

// Plan lists the runs whose time falls in (from, to], in time order; jobs
// due at the same moment (a reminder and the escalation at 08:00) are all
// there, in their configured order.
func (s *Scheduler) Plan(from, to time.Time) []Run {
	var out []Run
	for {
		var at time.Time
		nexts := make([]time.Time, len(s.entries))
		for i := range s.entries {
			t := s.entries[i].sched.Next(from.In(s.cfg.Area.Location))
			nexts[i] = t
			if !t.IsZero() && !t.After(to) && (at.IsZero() || t.Before(at)) { // zero: it never fires
				at = t
			}
		}
		if at.IsZero() {
			return out
		}
		for i, t := range nexts {
			if t.Equal(at) {
				out = append(out, Run{Job: s.entries[i].name, At: at, e: s.entries[i]})
			}
		}
		from = at
	}
}

// RunDue runs every job whose time falls in (from, to], in time order. It
// drives the schedule when the clock is simulated (tests, the demo's --now).
func (s *Scheduler) RunDue(ctx context.Context, from, to time.Time) {
	for _, r := range s.Plan(from, to) {
		s.run(ctx, r.e, r.At)
	}
}

// CatchUp runs, once, the jobs whose time passed while the process was
// down and that are still useful: the latest digest of the last week, the
// escalation of the current period, and the latest reminder of the current
// period before its deadline. Keys make a job that already ran a no-op.
func (s *Scheduler) CatchUp(ctx context.Context) error {
	now := s.clock.Now()
	cur := s.periodAt(now)
	var lastReminder *entry
	var lastReminderAt time.Time
	for i := range s.entries {
		e := &s.entries[i]
		fire, ok := s.last(e, now)
		if !ok {
			continue
		}
		switch e.kind {
		case digest:
			s.run(ctx, *e, fire)
		case escalation:
			if s.periodAt(fire).Key == cur.Key {
				s.run(ctx, *e, fire)
			}
		case reminder:
			if s.periodAt(fire).Key == cur.Key && fire.After(lastReminderAt) {
				lastReminder, lastReminderAt = e, fire
			}
		}
	}
	if lastReminder != nil {
		s.run(ctx, *lastReminder, lastReminderAt)
	}
	return nil
}

// last is the latest time e fired at or before now, within the lookback.
func (s *Scheduler) last(e *entry, now time.Time) (time.Time, bool) {
	var last time.Time
	for t := e.sched.Next(now.Add(-lookback).In(s.cfg.Area.Location)); !t.IsZero() && !t.After(now); t = e.sched.Next(t) {
		last = t
	}
	return last, !last.IsZero()
}

// run runs one job for its firing time and logs the outcome.
func (s *Scheduler) run(ctx context.Context, e entry, fire time.Time) {
	var n int
	var err error
	start := s.clock.Now()
	defer func() { bot.ObserverOr(s.Observer).JobRan(jobName(e.kind), err == nil, s.clock.Now().Sub(start)) }()
	switch e.kind {
	case reminder:
		n, err = s.jobs.Remind(ctx, e.slot, fire)
	case escalation:
		n, err = s.jobs.Escalate(ctx, fire)
	case digest:
		n, err = s.jobs.SendDigest(ctx, s.cfg.Period.Prev(s.periodAt(fire)))
	}
	if err != nil {
		s.log.Error("scheduled job failed", "job", e.name, "at", fire, "err", err)
		return
	}
	s.log.Info("scheduled job ran", "job", e.name, "at", fire, "queued", n)
	if n > 0 && s.Sent != nil {
		s.Sent()
	}
}

// jobName is the job's kind as a metric label: each reminder is
// "reminder", so the label takes few values.
func jobName(k kind) string {
	switch k {
	case reminder:
		return "reminder"
	case escalation:
		return "escalation"
	default:
		return "digest"
	}
}

func (s *Scheduler) periodAt(t time.Time) bot.Period {
	return s.cfg.Period.PeriodAt(t, s.cfg.Area.Location)
}
