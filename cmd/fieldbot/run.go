package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/schedule"
	"fieldbot/bot/telegram"
	"fieldbot/store"
)

// Environment variables of fieldbot run. The token and the webhook secret
// come only from the environment or a file, never from flags (which other
// users of the machine can read) and never into logs.
const (
	tokenEnv         = "TELEGRAM_BOT_TOKEN"
	apiEnv           = "FIELDBOT_TELEGRAM_API"
	webhookSecretEnv = "FIELDBOT_WEBHOOK_SECRET"
)

// Timing of fieldbot run.
const (
	shutdownDeadline = 5 * time.Second  // to finish, flush and close on a signal
	setupTimeout     = 30 * time.Second // for each set-up call to Telegram
	expireEvery      = 5 * time.Minute  // idle-session sweep
	maxSendAttempts  = 30               // about two hours of backoff, then dead letter
)

// serveOptions are fieldbot run's flags.
type serveOptions struct {
	config, db, tokenFile, api string
	listen, webhookURL         string
	verbose                    bool
}

// serve runs the bot on Telegram until ctx ends: fieldbot run --config FILE
// --db FILE [--token-file FILE] [--telegram-api FORMAT]
// [--webhook-listen ADDR --webhook-url URL] [-v].
func (e *env) serve(ctx context.Context, args []string) error {
	o, err := e.serveFlags(args)
	if err != nil {
		return err
	}
	token, err := e.token(o.tokenFile)
	if err != nil {
		return err
	}
	cfg, err := config.Load(o.config)
	if err != nil {
		return err
	}
	log := e.serveLogger(o.verbose)
	db, err := store.Open(o.db, store.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
	}()
	dctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	api, err := telegram.Dial(dctx, token, o.api, &http.Client{})
	if err != nil {
		return fmt.Errorf("%s", e.p.T("run.connect", "err", err))
	}
	log.Info("connected to Telegram", "bot", api.Self().UserName, "db", o.db)
	if cfg.TelegramBot == "" {
		cfg.TelegramBot = api.Self().UserName // for the invite links admins make in the chat
	}
	return e.runBot(ctx, o, cfg, db, api, log)
}

// serveFlags parses and checks fieldbot run's flags.
func (e *env) serveFlags(args []string) (serveOptions, error) {
	var o serveOptions
	fs := e.flags("run")
	fs.StringVar(&o.config, "config", "", e.p.T("cli.flag.config"))
	fs.StringVar(&o.db, "db", "fieldbot.db", e.p.T("cli.flag.db"))
	fs.StringVar(&o.tokenFile, "token-file", "", e.p.T("run.flag.token_file"))
	fs.StringVar(&o.api, "telegram-api", os.Getenv(apiEnv), e.p.T("run.flag.telegram_api"))
	fs.StringVar(&o.listen, "webhook-listen", "", e.p.T("run.flag.webhook_listen"))
	fs.StringVar(&o.webhookURL, "webhook-url", "", e.p.T("run.flag.webhook_url"))
	fs.BoolVar(&o.verbose, "v", false, e.p.T("cli.flag.verbose"))
	if err := parse(fs, args); err != nil {
		return o, err
	}
	switch {
	case o.config == "":
		return o, fmt.Errorf("%s", e.p.T("cli.need_config"))
	case o.api != "" && strings.Count(o.api, "%s") != 2:
		return o, fmt.Errorf("%s", e.p.T("run.bad_api", "value", o.api))
	case (o.listen == "") != (o.webhookURL == ""):
		return o, fmt.Errorf("%s", e.p.T("run.webhook_pair"))
	}
	if o.webhookURL != "" {
		if u, err := url.Parse(o.webhookURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return o, fmt.Errorf("%s", e.p.T("run.bad_webhook_url", "value", o.webhookURL))
		}
	}
	return o, nil
}

// token reads the bot token from the file, or else from TELEGRAM_BOT_TOKEN.
func (e *env) token(file string) (string, error) {
	if file == "" {
		if t := strings.TrimSpace(os.Getenv(tokenEnv)); t != "" {
			return t, nil
		}
		return "", fmt.Errorf("%s", e.p.T("run.need_token"))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s", e.p.T("run.token_file", "file", file, "err", err))
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("%s", e.p.T("run.token_file_empty", "file", file))
	}
	return t, nil
}

// serveLogger logs to stderr: information and up, or everything with -v.
func (e *env) serveLogger(verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// runBot wires the engine, the sender and the source of updates, runs them
// until ctx ends, then shuts down: updates stop (the batch under way is
// committed), and what can be sent within shutdownDeadline is sent.
func (e *env) runBot(ctx context.Context, o serveOptions, cfg *bot.Config, db *store.DB, api *telegram.API, log *slog.Logger) error {
	eng := bot.New(bot.Options{Config: cfg, Store: db, Clock: e.clock, Logger: log, Digester: digester(cfg)})
	sched, err := schedule.New(cfg, eng, e.clock, log)
	if err != nil {
		return err
	}
	sender := &bot.Sender{Store: db, Channel: telegram.NewChannel(api, log), Clock: e.clock, Log: log,
		Limiter: telegram.NewLimiter(), Workers: 8, MaxAttempts: maxSendAttempts, Grace: shutdownDeadline}
	if err := setup(ctx, api.SetCommands); err != nil {
		log.Warn("could not set the command menu", "err", err)
	}
	wake, kick := bot.NewWake()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _ = sender.Run(ctx, wake) }()
	go func() { defer wg.Done(); expireLoop(ctx, eng, kick, log) }()
	sched.Sent = kick
	waitJobs := sched.Start(ctx)
	if o.listen != "" {
		err = e.webhook(ctx, o, eng, db, api, kick, log)
	} else {
		err = e.poll(ctx, eng, db, api, kick, log)
	}
	log.Info("stopping: sending what is left", "deadline", shutdownDeadline)
	wg.Wait()
	waitJobs()
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownDeadline)
	defer cancel()
	if derr := sender.Drain(dctx); derr != nil {
		log.Warn("outbox not empty at shutdown; it is sent at the next start", "err", derr)
	}
	return err
}

// poll long-polls Telegram until ctx ends.
func (e *env) poll(ctx context.Context, eng *bot.Engine, db *store.DB, api *telegram.API, kick func(), log *slog.Logger) error {
	if err := setup(ctx, api.DeleteWebhook); err != nil {
		log.Warn("could not delete the webhook; polling may be refused until it is", "err", err)
	}
	log.Info("long-polling Telegram for updates")
	p := &telegram.Poller{API: api, Handler: eng, Store: db, Wake: kick, Log: log}
	return p.Run(ctx)
}

// webhook receives updates on o.listen until ctx ends, after telling
// Telegram where to post them.
func (e *env) webhook(ctx context.Context, o serveOptions, eng *bot.Engine, db *store.DB, api *telegram.API, kick func(), log *slog.Logger) error {
	secret := os.Getenv(webhookSecretEnv)
	if secret == "" {
		var err error
		if secret, err = telegram.NewSecret(); err != nil {
			return err
		}
	}
	u, _ := url.Parse(o.webhookURL) // checked by serveFlags
	mux := http.NewServeMux()
	mux.Handle("POST "+cmp.Or(u.Path, "/"), &telegram.Webhook{Secret: secret, Handler: eng, Wake: kick, Log: log})
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("run: webhook listen: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	setWebhook := func(ctx context.Context) error { return api.SetWebhook(ctx, o.webhookURL, secret) }
	if err := setup(ctx, setWebhook); err != nil {
		_ = srv.Close()
		return err
	}
	log.Info("receiving updates by webhook", "listen", ln.Addr().String()) // not the path: some put the token in it
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("run: webhook server: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownDeadline)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("run: webhook shutdown: %w", err)
	}
	return nil
}

// setup makes one set-up call to Telegram, bounded by setupTimeout.
func setup(ctx context.Context, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	return call(ctx)
}

// expireLoop ends idle sessions at start and every expireEvery, waking the
// sender when that queued messages.
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
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
