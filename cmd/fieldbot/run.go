package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"fieldbot/bot/zalo"
)

// runOptions are fieldbot run's flags.
type runOptions struct {
	config, db, tokenFile, api string
	zaloTokenFile, zaloAPI     string
	listen, webhookListen      string
	webhookURL, publicURL      string
	metricsListen, logFormat   string
	verbose                    bool
	backup                     backupOptions
}

// addr is the HTTP server's address: --listen, or its old spelling
// --webhook-listen.
func (o runOptions) addr() string {
	if o.listen != "" {
		return o.listen
	}
	return o.webhookListen
}

// runCommand runs the bot on every channel that has credentials (Telegram,
// Zalo, or both) until ctx ends: fieldbot run --config FILE --db FILE
// [--token-file FILE] [--telegram-api FORMAT] [--zalo-token-file FILE]
// [--zalo-api URL] [--listen ADDR [--public-url URL] [--webhook-url URL]]
// [--metrics-listen ADDR] [--log-format text|json] [-v].
func (e *env) runCommand(ctx context.Context, args []string) (err error) {
	o, err := e.runFlags(args)
	if err != nil {
		return err
	}
	tgToken, err := e.secret(o.tokenFile, tokenEnv)
	if err != nil {
		return err
	}
	zaloToken, err := e.secret(o.zaloTokenFile, zaloTokenEnv)
	if err != nil {
		return err
	}
	if tgToken == "" && zaloToken == "" {
		return fmt.Errorf("%s", e.p.T("run.need_token"))
	}
	cfg, err := e.loadConfig(o.config) // not empty: checkRunFlags saw to it
	if err != nil {
		return err
	}
	log := e.serviceLogger(o.logFormat, o.verbose) // a service logs what it does
	var specs []channelSpec
	if tgToken != "" {
		hook := o.webhookURL
		if hook == "" && o.publicURL != "" {
			hook = o.publicURL + telegramPath
		}
		tg, err := e.telegramChannel(ctx, telegramCreds{token: tgToken, api: o.api, webhookURL: hook}, cfg, log)
		if err != nil {
			return err
		}
		specs = append(specs, tg)
	}
	if zaloToken != "" {
		z, err := e.zaloChannel(ctx, zaloToken, cmpOr(o.zaloAPI, zalo.DefaultBase), o.publicURL, log)
		if err != nil {
			return err
		}
		specs = append(specs, z)
	}
	a, err := newApp(cfg, appOptions{DB: o.db, Clock: e.clock, Log: log, Listen: o.addr(), Channels: specs, PublicURL: o.publicURL,
		Backup: o.backup, MetricsListen: o.metricsListen})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	return a.Run(ctx)
}

// runFlags parses and checks fieldbot run's flags.
func (e *env) runFlags(args []string) (runOptions, error) {
	var o runOptions
	fs := e.flags("run")
	fs.StringVar(&o.config, "config", "", e.p.T("cli.flag.config"))
	fs.StringVar(&o.db, "db", "fieldbot.db", e.p.T("cli.flag.db"))
	fs.StringVar(&o.tokenFile, "token-file", "", e.p.T("run.flag.token_file"))
	fs.StringVar(&o.api, "telegram-api", os.Getenv(apiEnv), e.p.T("run.flag.telegram_api"))
	fs.StringVar(&o.listen, "listen", "", e.p.T("run.flag.listen"))
	fs.StringVar(&o.webhookListen, "webhook-listen", "", e.p.T("run.flag.webhook_listen"))
	fs.StringVar(&o.webhookURL, "webhook-url", "", e.p.T("run.flag.webhook_url"))
	fs.StringVar(&o.zaloTokenFile, "zalo-token-file", "", e.p.T("run.flag.zalo_token_file"))
	fs.StringVar(&o.zaloAPI, "zalo-api", os.Getenv(zaloAPIEnv), e.p.T("run.flag.zalo_api"))
	fs.StringVar(&o.publicURL, "public-url", os.Getenv(publicURLEnv), e.p.T("run.flag.public_url"))
	fs.StringVar(&o.backup.Dir, "backup-dir", "", e.p.T("run.flag.backup_dir"))
	fs.DurationVar(&o.backup.Every, "backup-every", defaultBackupEvery, e.p.T("run.flag.backup_every"))
	fs.IntVar(&o.backup.Keep, "backup-keep", defaultBackupKeep, e.p.T("run.flag.backup_keep"))
	fs.StringVar(&o.metricsListen, "metrics-listen", "", e.p.T("run.flag.metrics_listen"))
	fs.StringVar(&o.logFormat, "log-format", logText, e.p.T("run.flag.log_format"))
	fs.BoolVar(&o.verbose, "v", false, e.p.T("cli.flag.verbose"))
	if err := parse(fs, args); err != nil {
		return o, err
	}
	o.publicURL = strings.TrimRight(o.publicURL, "/")
	return o, e.checkRunFlags(o)
}

// checkRunFlags refuses flags that do not go together.
func (e *env) checkRunFlags(o runOptions) error {
	switch {
	case o.config == "":
		return fmt.Errorf("%s", e.p.T("cli.need_config"))
	case o.api != "" && strings.Count(o.api, "%s") != 2:
		return fmt.Errorf("%s", e.p.T("run.bad_api", "value", o.api))
	case o.listen != "" && o.webhookListen != "" && o.listen != o.webhookListen:
		return fmt.Errorf("%s", e.p.T("run.listen_twice"))
	case o.webhookListen != "" && o.webhookURL == "":
		return fmt.Errorf("%s", e.p.T("run.webhook_pair"))
	case o.webhookURL != "" && o.addr() == "":
		return fmt.Errorf("%s", e.p.T("run.webhook_needs_listen"))
	case o.publicURL != "" && o.addr() == "":
		return fmt.Errorf("%s", e.p.T("run.public_needs_listen"))
	case o.backup.Every < minBackupEvery:
		return fmt.Errorf("%s", e.p.T("run.bad_backup_every", "value", o.backup.Every))
	case o.backup.Keep < 1:
		return fmt.Errorf("%s", e.p.T("run.bad_backup_keep", "value", o.backup.Keep))
	case o.logFormat != logText && o.logFormat != logJSON:
		return fmt.Errorf("%s", e.p.T("run.bad_log_format", "value", o.logFormat))
	case o.metricsListen != "" && o.metricsListen == o.addr():
		return fmt.Errorf("%s", e.p.T("run.metrics_same_listen"))
	}
	if o.publicURL != "" {
		// No path: the webhooks and the file links are served at the root
		// (/zalo, /telegram, /f/); a proxy that adds a prefix strips it.
		if u, err := url.Parse(o.publicURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") ||
			u.RawQuery != "" || u.Path != "" {
			return fmt.Errorf("%s", e.p.T("run.bad_public_url", "value", o.publicURL))
		}
	}
	if o.zaloAPI != "" {
		if u, err := url.Parse(o.zaloAPI); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("%s", e.p.T("run.bad_zalo_api", "value", o.zaloAPI))
		}
	}
	if o.webhookURL != "" {
		if u, err := url.Parse(o.webhookURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("%s", e.p.T("run.bad_webhook_url", "value", o.webhookURL))
		}
	}
	return nil
}

// publicURLEnv may give --public-url.
const publicURLEnv = "FIELDBOT_PUBLIC_URL"

// telegramPath is where the Telegram webhook listens under --public-url
// when --webhook-url does not say.
const telegramPath = "/telegram"

// cmpOr is the first non-empty string.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
