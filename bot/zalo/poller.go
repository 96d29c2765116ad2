package zalo

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// Handler processes a batch of updates in one transaction; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, ups []bot.Update) error
}

// Poller long-polls getUpdates and hands what arrives to the Handler.
//
// getUpdates has no offset and no acknowledgement: an event it returned is
// not returned again, so once received it is ours to keep. The Poller holds
// the mapped updates in memory until Handle succeeds, retrying with backoff
// before it polls again; duplicates the platform sends anyway are skipped
// by the engine (DedupeKey). What cannot be saved: an event the platform
// handed to a poll cut off in flight, and updates held when the process
// stops while the database is failing (logged, by count).
type Poller struct {
	API     *API
	Handler Handler
	// Wake is called after each batch that committed something (to wake
	// the Sender).
	Wake func()
	Log  *slog.Logger
	// Timeout is how long one getUpdates waits for an update; default 30 s,
	// in whole seconds.
	Timeout time.Duration
	// Backoff is the wait after the nth failure in a row; default doubles
	// from about 1 s up to about 1 min, with jitter.
	Backoff func(n int) time.Duration
	// Observer is told whether each getUpdates went through (readiness,
	// metrics); nil observes nothing.
	Observer bot.Observer
}

// Run polls until ctx ends. A batch being handled when ctx ends is finished
// first; a poll under way is cut off. It returns nil when ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	var held []bot.Update // received, not yet committed
	failures := 0
	for ctx.Err() == nil {
		if len(held) > 0 {
			if err := p.handle(ctx, held); err != nil {
				failures++
				wait := p.backoff(failures)
				p.logger().Error("zalo: handling updates failed; keeping them to retry",
					"updates", len(held), "failures", failures, "wait", wait, "err", err)
				platform.Sleep(ctx, wait)
				continue
			}
			held, failures = nil, 0
			continue
		}
		evs, err := p.API.GetUpdates(ctx, p.timeout())
		if ctx.Err() != nil {
			break
		}
		bot.ObserverOr(p.Observer).PlatformCall(Name, err == nil)
		if err != nil {
			failures++
			wait := p.backoff(failures)
			p.logger().Warn("zalo: polling failed", "failures", failures, "wait", wait, "err", err)
			platform.Sleep(ctx, wait)
			continue
		}
		failures = 0
		held = mapEvents(ctx, p.API, evs, p.logger())
	}
	if len(held) > 0 {
		p.logger().Error("zalo: stopping with updates not handled; they are lost", "updates", len(held))
	}
	return nil
}

// handle hands ups to the Handler, not cut off by the end of ctx.
func (p *Poller) handle(ctx context.Context, ups []bot.Update) error {
	if err := p.Handler.Handle(context.WithoutCancel(ctx), ups); err != nil {
		return err
	}
	if p.Wake != nil {
		p.Wake()
	}
	return nil
}

func (p *Poller) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return 30 * time.Second
}

func (p *Poller) backoff(n int) time.Duration {
	if p.Backoff != nil {
		return p.Backoff(n)
	}
	return platform.Backoff(n)
}

func (p *Poller) logger() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

// mapEvents maps the events the bot acts on and downloads their photos
// (api nil: none). The bot's id comes from api.
func mapEvents(ctx context.Context, api *API, evs []Event, log *slog.Logger) []bot.Update {
	botID := ""
	if api != nil {
		botID = api.Self().ID
	}
	var ups []bot.Update
	for _, ev := range evs {
		u, ok := ToUpdate(ev, botID)
		if !ok {
			continue
		}
		fetchPhoto(ctx, api, &u, log)
		ups = append(ups, u)
	}
	return ups
}

// fetchPhoto downloads u's photo into u.PhotoData. Zalo's image URLs do
// not last, so a photo that cannot be downloaded is no photo: it becomes
// Unsupported "photo_failed" (the engine says so and asks again), and the
// failure is logged without the URL.
func fetchPhoto(ctx context.Context, api *API, u *bot.Update, log *slog.Logger) {
	url := PhotoURL(*u)
	if url == "" {
		return
	}
	var data []byte
	err := errNoAPI
	if api != nil {
		data, err = api.Download(context.WithoutCancel(ctx), url, MaxPhoto)
	}
	if err != nil {
		log.Warn("zalo: photo download failed", "chat", u.Chat.Key(), "key", u.DedupeKey, "err", err)
		u.Photo, u.Unsupported = "", "photo_failed"
		return
	}
	u.PhotoData = data
}

// errNoAPI is the download failure of a receiver given no client.
var errNoAPI = errors.New("zalo: no client to download the photo with")
