package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/export"
	"fieldbot/bot/schedule"
	"fieldbot/bot/web"
	"fieldbot/store"
)

// Timing of the app.
const (
	shutdownDeadline = 5 * time.Second  // to finish, flush and close on a signal
	setupTimeout     = 30 * time.Second // for each set-up call to a platform
	expireEvery      = 5 * time.Minute  // idle-session sweep
	maxSendAttempts  = 30               // about two hours of backoff, then dead letter
)

// appOptions are what the app is built from besides the configuration.
type appOptions struct {
	DB    string // the bbolt file
	Clock bot.Clock
	Log   *slog.Logger
	// Listen is the HTTP server's address; empty runs no server.
	Listen string
	// Limits bound the HTTP server; zero means defaultLimits.
	Limits serverLimits
	// Channels are the chat platforms the app sends to and hears from.
	Channels []channelSpec
	// Known are channels the engine must know of (their capabilities) whose
	// senders are added later with add (the demo's console).
	Known []bot.ChannelInfo
	// PublicURL is the HTTP server as the world reaches it; with it the
	// server hands out files by link (Zalo's pictures and workbooks).
	PublicURL string
	// Backup schedules hot backups of the database (backuploop.go).
	Backup backupOptions
	// MetricsListen, when set, serves /healthz, /readyz and /metrics on a
	// private address of their own instead of Listen.
	MetricsListen string
}

// app is the whole bot wired once: the store, the engine, the scheduler,
// one sender (and optional source of updates) per channel, and the HTTP
// server. fieldbot run runs it; fieldbot demo drives its parts itself.
type app struct {
	// cfg is the configuration with the database's roster as it was at
	// the start (seeded from the YAML on the first one).
	cfg      *bot.Config
	db       *store.DB
	dbPath   string
	eng      *bot.Engine
	sched    *schedule.Scheduler
	channels []*channel
	clock    bot.Clock
	log      *slog.Logger
	listen   string
	limits   serverLimits
	files    bool   // serve linked files and the office's web page (there is a public URL)
	public   string // the public URL
	backup   backupOptions
	obs      *observation
}

// newApp opens the store and wires the engine, the scheduler and the
// channels. Close it when done.
func newApp(cfg *bot.Config, o appOptions) (*app, error) {
	a := &app{clock: o.Clock, log: o.Log, listen: o.Listen, limits: o.Limits}
	if a.clock == nil {
		a.clock = bot.SystemClock{}
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	a.limits = a.limits.withDefaults()
	a.backup = o.Backup
	if err := prepareBackups(a.backup); err != nil {
		return nil, err
	}
	db, err := openDB(o.DB, store.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	a.db, a.dbPath = db, o.DB
	a.obs = a.newObservation(o.MetricsListen)
	infos := o.Known // what each channel can do, and its invite links
	for _, spec := range o.Channels {
		infos = append(infos, spec.Send.Channel)
	}
	a.eng = bot.New(bot.Options{Config: cfg, Store: db, Clock: a.clock, Logger: a.log, Digester: digester(cfg),
		Exporter: export.Exporter{Config: cfg}, Channels: infos, PublicURL: o.PublicURL, Observer: a.obs.observer(), RosterFile: readRosterDocument})
	a.files, a.public = o.PublicURL != "", o.PublicURL
	if a.cfg, err = a.seedRoster(cfg); err != nil {
		_ = db.Close()
		return nil, err
	}
	if a.sched, err = schedule.New(cfg, a.eng, a.clock, a.log); err != nil {
		_ = db.Close()
		return nil, err
	}
	a.sched.Sent = a.wakeAll
	a.sched.Observer = a.obs.observer()
	for _, spec := range o.Channels {
		a.add(spec)
	}
	return a, nil
}

// add wires one more channel into the app (before Run). The engine knows
// only the channels given to newApp (Channels and Known).
func (a *app) add(spec channelSpec) *channel {
	c := a.newChannel(spec)
	a.channels = append(a.channels, c)
	a.obs.ready.track(spec.Send.Channel.Name())
	return c
}

// Close closes the database.
func (a *app) Close() error {
	if err := a.db.Close(); err != nil {
		return fmt.Errorf("closing the database: %w", err)
	}
	return nil
}

// wakeAll wakes every channel's sender (after a job or an expiry queued
// messages, which may be for any channel).
func (a *app) wakeAll() {
	for _, c := range a.channels {
		c.kick()
	}
}

// Run runs the bot until ctx ends or a source of updates fails: senders,
// the expiry of idle sessions, the scheduler, the HTTP server, the set-up
// calls, then the channels' sources. At the end it stops taking updates in
// (the batch under way is committed), and sends what it can within
// shutdownDeadline; what is left goes at the next start.
func (a *app) Run(ctx context.Context) error {
	priv, err := a.listenPrivate()
	if err != nil {
		return err
	}
	srv, err := a.listenHTTP()
	if err != nil {
		if priv != nil {
			_ = priv.ln.Close() // bound, never served
		}
		return err
	}
	work, stop := context.WithCancel(ctx)
	defer stop()
	waitWork := a.startWork(work)
	waitSnap := a.serveSnapshots(work)
	served := either(work, srv.serve(), priv.serve())
	err = a.setup(work)
	if err == nil {
		err = a.takeIn(work, served)
	}
	stop()
	a.log.Info("stopping: sending what is left", "deadline", shutdownDeadline)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownDeadline)
	defer cancel()
	if serr := errors.Join(srv.shutdown(sctx), priv.shutdown(sctx)); serr != nil {
		a.log.Warn("HTTP requests cut off at shutdown", "err", serr)
	}
	waitWork() // the senders finish the sends under way (their Grace)
	waitSnap()
	dctx, cancelDrain := context.WithTimeout(context.WithoutCancel(ctx), shutdownDeadline)
	defer cancelDrain()
	a.drain(dctx) // then what is left gets its own deadline
	return err
}

// listenHTTP binds the HTTP server with the health endpoint and every
// channel's webhook, or returns nil when the app has no address (and so
// no webhook).
func (a *app) listenHTTP() (*httpServer, error) {
	routes := []route{{Method: http.MethodGet, Path: "/healthz", Handler: healthz(), Uncapped: true}}
	routes = a.obs.mountObserve(routes)
	if a.files {
		routes = append(routes, route{Pattern: web.Pattern, Handler: &web.Files{Store: a.db, Clock: a.clock, Log: a.log}})
		routes = append(routes, a.officeRoute())
	}
	for _, c := range a.channels {
		w := c.spec.Webhook
		switch {
		case w == nil:
		case a.listen == "":
			return nil, fmt.Errorf("%s: a webhook needs an HTTP server address", c.spec.Name)
		default:
			routes = append(routes, route{Method: http.MethodPost, Path: w.Path, Handler: w.Handler(c.in), OwnBodyLimit: w.OwnBodyLimit})
		}
	}
	if a.listen == "" {
		return nil, nil
	}
	return listenHTTP(a.listen, a.limits, routes, a.log)
}

// serveSnapshots serves copies of the database on the socket beside it
// (snapshot.go) until ctx ends; the returned function waits for it. A
// socket that cannot be made is logged: the bot runs all the same, and
// read-only commands say the database is in use.
func (a *app) serveSnapshots(ctx context.Context) (wait func()) {
	s, err := listenSnapshots(a.dbPath, a.db, a.log)
	if err != nil {
		a.log.Warn("no snapshot socket: fieldbot export cannot read the database while the bot runs", "err", err)
		return func() {}
	}
	done := make(chan struct{})
	go func() { defer close(done); s.serve(ctx) }()
	return func() { <-done }
}

// startWork starts what runs beside the intake: each channel's sender, the
// expiry loop, the /tonghop answers (those left by a crash first), the
// backups when configured, and the scheduler. The returned function waits
// for them to end after ctx does.
func (a *app) startWork(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for _, c := range a.channels {
		wg.Go(func() { c.send(ctx) })
	}
	wg.Go(func() { expireLoop(ctx, a.eng, a.wakeAll, a.log) })
	waitSummaries := a.eng.StartSummaries(ctx, a.wakeAll) // before the intake starts
	if a.backup.Dir != "" {
		wg.Go(func() { a.backupLoop(ctx, a.backup) })
	}
	waitJobs := a.sched.Start(ctx)
	return func() { wg.Wait(); waitSummaries(); waitJobs() }
}

// setup makes the channels' set-up calls, each within setupTimeout. A
// required one that fails stops the start; the end of ctx is no failure.
func (a *app) setup(ctx context.Context) error {
	for _, c := range a.channels {
		for _, s := range c.spec.Setup {
			cctx, cancel := context.WithTimeout(ctx, setupTimeout)
			err := s.Call(cctx)
			cancel()
			switch {
			case err == nil:
			case ctx.Err() != nil:
				return nil
			case s.Required:
				return fmt.Errorf("%s: %s: %w", c.spec.Name, s.What, err)
			default:
				a.log.Warn("set-up call failed", "channel", c.spec.Name, "call", s.What, "err", err)
			}
		}
	}
	return nil
}

// takeIn runs the channels' poll loops until ctx ends or one of them (or
// the HTTP server) fails, and returns once every loop has returned.
func (a *app) takeIn(ctx context.Context, served <-chan error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	failed := make(chan error, len(a.channels))
	var wg sync.WaitGroup
	for _, c := range a.channels {
		if c.spec.Poll == nil {
			continue
		}
		wg.Go(func() {
			if err := c.spec.Poll(ctx, c.in); err != nil && ctx.Err() == nil {
				failed <- fmt.Errorf("%s: %w", c.spec.Name, err)
			}
		})
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-failed:
	case err = <-served:
	}
	cancel()
	wg.Wait()
	return err
}

// drain sends every channel's outbox, all at once, until ctx ends.
func (a *app) drain(ctx context.Context) {
	var wg sync.WaitGroup
	for _, c := range a.channels {
		wg.Go(func() {
			if err := c.drain(ctx); err != nil {
				a.log.Warn("outbox not empty at shutdown; it is sent at the next start", "channel", c.spec.Name, "err", err)
			}
		})
	}
	wg.Wait()
}

// expireLoop ends idle sessions at start and every expireEvery, waking the
// senders when that queued messages.
func expireLoop(ctx context.Context, eng *bot.Engine, kick func(), log *slog.Logger) {
	tick := time.NewTicker(expireEvery)
	defer tick.Stop()
	for {
		n, err := eng.ExpireSessions(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("expiring idle sessions", "err", err)
		}
		if n > 0 {
			kick()
		}
		if _, err := eng.Prune(ctx); err != nil && ctx.Err() == nil {
			log.Error("pruning old dedupe keys and links", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
