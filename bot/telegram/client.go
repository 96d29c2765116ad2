// Package telegram is the Telegram channel: it turns Bot API updates into
// bot.Updates (ToUpdate), long-polls them (Poller) or receives them by
// webhook (Webhook), and delivers bot.Outgoing messages (Channel). Like every
// channel it only translates; the engine decides.
//
// It is built on go-telegram-bot-api/v5, with two repairs: every call gets a
// context (tgbotapi makes requests without one), and every error leaving the
// package has the bot token removed (tgbotapi's HTTP errors carry the request
// URL, which holds the token). sendMessage and editMessageText, the calls of
// nearly every delivery, are posted without tgbotapi's MakeRequest, with the
// same parameters and errors (textcall.go).
package telegram

import (
	"context"
	"fmt"
	"net/http"

	"fieldbot/bot/platform"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Name is the Telegram channel's name in chat references.
const Name = "telegram"

// API is a connection to the Bot API: tgbotapi's client with a context on
// every call and errors free of the token. It is safe for concurrent use.
type API struct {
	bot      *tgbotapi.BotAPI
	token    string
	endpoint string // the API endpoint format, for the file download address
}

// Dial connects to the Bot API at endpoint (a format like
// tgbotapi.APIEndpoint, "https://api.telegram.org/bot%s/%s"; empty: that
// one) with token, checks the token with getMe, and returns the connection.
// A nil client means http.DefaultClient.
func Dial(ctx context.Context, token, endpoint string, client *http.Client) (*API, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	b, err := tgbotapi.NewBotAPIWithClient(token, endpoint, ctxDoer{ctx: ctx, c: client})
	if err != nil {
		return nil, fmt.Errorf("telegram: connect (getMe): %w", platform.Redact(err, token))
	}
	b.Client = client
	return &API{bot: b, token: token, endpoint: endpoint}, nil
}

// Self is the bot's own account, as getMe returned it.
func (a *API) Self() tgbotapi.User { return a.bot.Self }

// with returns a copy of the tgbotapi client whose requests carry ctx. The
// copy is cheap and shares the HTTP client.
func (a *API) with(ctx context.Context) *tgbotapi.BotAPI {
	b := *a.bot
	b.Client = ctxDoer{ctx: ctx, c: a.bot.Client}
	return &b
}

// request makes one Bot API call. Its answer is not decoded further: the
// Channel needs only whether the call went through (tgbotapi's Send would
// decode the Message sent back, text and all, to throw it away).
func (a *API) request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	resp, err := a.with(ctx).Request(c)
	return resp, platform.Redact(err, a.token)
}

// call makes a Bot API call by method name, for parameters tgbotapi v5.5.1
// does not know (setWebhook's secret_token).
func (a *API) call(ctx context.Context, method string, params tgbotapi.Params) error {
	_, err := a.with(ctx).MakeRequest(method, params)
	return platform.Redact(err, a.token)
}

// getUpdates fetches the updates from offset on, waiting up to timeout
// seconds for one to arrive.
func (a *API) getUpdates(ctx context.Context, cfg tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) {
	ups, err := a.with(ctx).GetUpdates(cfg)
	return ups, platform.Redact(err, a.token)
}

// ctxDoer attaches a context to every request it makes.
type ctxDoer struct {
	ctx context.Context
	c   tgbotapi.HTTPClient
}

// Do sends req under the doer's context.
func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	return d.c.Do(req.WithContext(d.ctx))
}
