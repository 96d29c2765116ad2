package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"

	"fieldbot/bot"
	"fieldbot/bot/telegram"
)

// Environment variables of fieldbot run. The token and the webhook secret
// come only from the environment or a file, never from flags (which other
// users of the machine can read) and never into logs.
const (
	tokenEnv         = "TELEGRAM_BOT_TOKEN"
	apiEnv           = "FIELDBOT_TELEGRAM_API"
	webhookSecretEnv = "FIELDBOT_WEBHOOK_SECRET"
)

// telegramCreds is what fieldbot run needs to reach Telegram.
type telegramCreds struct {
	token, api string
	webhookURL string // empty: long-poll
}

// secret reads a token from file, or else from the environment variable;
// "" when neither gives one. A file that is given must hold one.
func (e *env) secret(file, envVar string) (string, error) {
	if file == "" {
		return strings.TrimSpace(os.Getenv(envVar)), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", &fileError{kind: tokenFile, path: file, err: err}
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("%s", e.p.T("run.token_file_empty", "file", file))
	}
	return t, nil
}

// telegramChannel connects to Telegram and describes the channel: sent to
// within Telegram's limits, updates taken in by webhook when there is a
// webhook address, else by long polling. Invite links name the
// configuration's bot username, or else the bot's own.
func (e *env) telegramChannel(ctx context.Context, c telegramCreds, cfg *bot.Config, log *slog.Logger) (channelSpec, error) {
	dctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	api, err := telegram.Dial(dctx, c.token, c.api, telegram.HTTPClient(nil))
	if err != nil {
		return channelSpec{}, &saidError{msg: e.p.T("run.connect"), err: err}
	}
	log.Info("connected to Telegram", "bot", api.Self().UserName)
	ch := telegram.NewChannel(api, log) // its invite links use the bot's own username...
	if cfg.TelegramBot != "" {
		ch.Username = cfg.TelegramBot // ...unless the configuration names another
	}
	spec := channelSpec{Name: telegram.Name,
		Send: sendSettings{Channel: ch, Limiter: telegram.NewLimiter(), Workers: 8, MaxAttempts: maxSendAttempts},
		Setup: []setupCall{{What: "set the command menu", Call: func(ctx context.Context) error {
			return api.SetCommands(ctx, cfg.Period.Kind)
		}}}}
	if c.webhookURL == "" {
		telegramPoll(&spec, api)
		return spec, nil
	}
	return spec, telegramWebhook(&spec, api, c.webhookURL)
}

// telegramPoll takes Telegram's updates in by long polling, after deleting
// any webhook (Telegram refuses getUpdates while one is set).
func telegramPoll(spec *channelSpec, api *telegram.API) {
	spec.Setup = append(spec.Setup, setupCall{What: "delete the webhook (polling is refused while one is set)", Call: api.DeleteWebhook})
	spec.Poll = func(ctx context.Context, in intake) error {
		in.Log.Info("long-polling Telegram for updates")
		p := &telegram.Poller{API: api, Handler: in.Engine, Store: in.Store, Wake: in.Wake, Log: in.Log, Observer: in.Observer}
		return p.Run(ctx)
	}
}

// telegramWebhook takes Telegram's updates in on the shared HTTP server at
// hookURL's path, and tells Telegram to post them there with the secret
// (FIELDBOT_WEBHOOK_SECRET, or one made up now).
func telegramWebhook(spec *channelSpec, api *telegram.API, hookURL string) error {
	secret := os.Getenv(webhookSecretEnv)
	if secret == "" {
		var err error
		if secret, err = telegram.NewSecret(); err != nil {
			return err
		}
	}
	u, err := url.Parse(hookURL) // checked by checkRunFlags
	if err != nil {
		return fmt.Errorf("run: webhook url: %w", err)
	}
	spec.Webhook = &webhookSpec{Path: u.Path, OwnBodyLimit: true, // telegram.MaxWebhookBody, 413 beyond
		Handler: func(in intake) http.Handler {
			return &telegram.Webhook{Secret: secret, API: api, Handler: in.Engine, Wake: in.Wake, Log: in.Log}
		}}
	spec.Setup = append(spec.Setup, setupCall{What: "set the webhook", Required: true,
		Call: func(ctx context.Context) error { return api.SetWebhook(ctx, hookURL, secret) }})
	return nil
}
