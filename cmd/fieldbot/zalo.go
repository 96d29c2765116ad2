package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"fieldbot/bot/zalo"
)

// Environment variables of fieldbot run for Zalo. As for Telegram, the
// token and the webhook secret come only from the environment or a file.
const (
	zaloTokenEnv         = "ZALO_BOT_TOKEN"
	zaloAPIEnv           = "FIELDBOT_ZALO_API"
	zaloWebhookSecretEnv = "FIELDBOT_ZALO_WEBHOOK_SECRET"
)

// zaloPath is where the Zalo webhook listens under the public URL.
const zaloPath = "/zalo"

// zaloChannel connects to the Zalo Bot Platform and describes the channel:
// sent to with a conservative pace (Zalo publishes no rate), updates taken
// in by webhook at publicURL + /zalo when there is a public URL, else by
// long polling (which can lose an update: the platform has no offset).
func (e *env) zaloChannel(ctx context.Context, token, api, publicURL string, log *slog.Logger) (channelSpec, error) {
	dctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	z, err := zalo.Dial(dctx, token, api, zalo.HTTPClient(nil))
	if err != nil {
		return channelSpec{}, &saidError{msg: e.p.T("run.zalo_connect"), err: err}
	}
	log.Info("connected to Zalo", "bot", z.Self().Name)
	spec := channelSpec{Name: zalo.Name,
		Send: sendSettings{Channel: zalo.NewChannel(z, log), Limiter: zalo.NewLimiter(), Workers: 8, MaxAttempts: maxSendAttempts}}
	if publicURL == "" {
		log.Warn("Zalo by long polling: an update handed to a poll that is cut off is lost; give --public-url for the webhook")
		spec.Setup = []setupCall{{What: "delete the Zalo webhook (polling is refused while one is set)", Call: z.DeleteWebhook}}
		spec.Poll = func(ctx context.Context, in intake) error {
			p := &zalo.Poller{API: z, Handler: in.Engine, Wake: in.Wake, Log: in.Log, Observer: in.Observer}
			return p.Run(ctx)
		}
		return spec, nil
	}
	secret := strings.TrimSpace(os.Getenv(zaloWebhookSecretEnv))
	if secret == "" {
		if secret, err = zalo.NewSecret(); err != nil {
			return channelSpec{}, err
		}
	}
	hook := publicURL + zaloPath
	spec.Webhook = &webhookSpec{Path: zaloPath, OwnBodyLimit: true, // zalo.MaxWebhookBody, 413 beyond
		Handler: func(in intake) http.Handler {
			return &zalo.Webhook{Secret: secret, API: z, Handler: in.Engine, Wake: in.Wake, Log: in.Log}
		}}
	spec.Setup = []setupCall{{What: "set the Zalo webhook", Required: true,
		Call: func(ctx context.Context) error { return z.SetWebhook(ctx, hook, secret) }}}
	return spec, nil
}
