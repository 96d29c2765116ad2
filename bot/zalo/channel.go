package zalo

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// DefaultCallTimeout bounds one Bot API call made by the Channel, and any
// call made with a context that has no deadline of its own; a call that
// hangs longer is a temporary failure, retried later. sendPhoto waits
// for the platform to fetch the image, so this is generous.
const DefaultCallTimeout = 30 * time.Second

// MaxText is the longest text one Zalo message holds (the platform counts
// characters; bot.SplitText counts UTF-16 units, never fewer).
const MaxText = 2000

// Caps are Zalo's capabilities: plain text of MaxText characters and photos
// by URL; no buttons, edits, documents or contact sharing.
var Caps = bot.Caps{MaxText: MaxText, Photos: bot.PhotoURL}

// Channel delivers bot.Outgoing messages through the Bot API; it
// implements bot.Channel. Text goes out as plain text, choices as numbered
// lines (bot.Render), split into messages of MaxText; photos go by URL.
type Channel struct {
	api *API
	log *slog.Logger
	// CallTimeout bounds each call; default DefaultCallTimeout.
	CallTimeout time.Duration

	mu sync.Mutex
	// done counts the calls of a partly delivered message that already
	// went out, so a retry does not repeat them (in memory: a restart may).
	done platform.Progress
}

var _ bot.Channel = (*Channel)(nil)

// NewChannel makes the channel on api. A nil log means slog.Default().
func NewChannel(api *API, log *slog.Logger) *Channel {
	if log == nil {
		log = slog.Default()
	}
	return &Channel{api: api, log: log}
}

// Name returns "zalo".
func (c *Channel) Name() string { return Name }

// Caps returns Caps.
func (c *Channel) Caps() bot.Caps { return Caps }

// InviteLink is "": Zalo bots have no deep links, so the member types the
// code (bare, or as "/start CODE").
func (c *Channel) InviteLink(string) string { return "" }

// step is one Bot API call of a message's delivery; photo marks a call
// whose refusal costs only that photo.
type step struct {
	call  func(ctx context.Context) error
	photo bool
}

// Send delivers out: its text parts in order, then its photos by URL. A
// failure returns a *bot.SendError; a retry resumes after the steps that
// went through. A photo the platform refuses (it could not fetch it, say)
// is logged and skipped: the rest of the message still goes.
func (c *Channel) Send(ctx context.Context, out *bot.Outgoing) error {
	if out.Chat.ChatID == "" {
		return bot.Refused(bot.ReasonChatGone, errors.New("zalo: no chat id"))
	}
	steps := c.plan(out)
	from := c.done.Done(out.ID)
	if from == 0 {
		for _, a := range out.Attach {
			if a.URL == "" {
				c.log.Warn("attachment without a URL skipped: Zalo takes pictures only by URL", "chat", out.Chat.Key(), "name", a.Name)
			}
		}
	}
	for i := from; i < len(steps); i++ {
		err := c.run(ctx, steps[i].call)
		if err != nil && steps[i].photo && refusedAlone(err) {
			c.log.Warn("photo refused, sending the rest", "chat", out.Chat.Key(), "err", err)
			continue
		}
		if err != nil {
			c.done.Remember(out.ID, i, err)
			return err
		}
	}
	c.done.Remember(out.ID, len(steps), nil)
	return nil
}

// Calls implements delivery.CallCounter: each text part and each photo is
// one call.
func (c *Channel) Calls(out *bot.Outgoing) int { return len(c.plan(out)) }

// plan lists the calls that deliver out. Attachments without a URL cannot
// go (Zalo takes no uploads; the engine gives them URLs beforehand) and
// are left out (Send logs them).
func (c *Channel) plan(out *bot.Outgoing) []step {
	chat := out.Chat.ChatID
	var steps []step
	for _, p := range bot.Render(out, Caps).Parts {
		steps = append(steps, step{call: func(ctx context.Context) error {
			return classify("send message", c.api.SendMessage(ctx, chat, p))
		}})
	}
	for _, a := range out.Attach {
		if a.URL == "" {
			continue
		}
		steps = append(steps, step{photo: true, call: func(ctx context.Context) error {
			return fileRefused(classify("send photo", c.api.SendPhoto(ctx, chat, a.URL, "")))
		}})
	}
	return steps
}

// refusedAlone reports whether err refuses this one call for good while the
// chat itself is fine.
func refusedAlone(err error) bool {
	var se *bot.SendError
	return errors.As(err, &se) && se.Permanent() && !se.Reason.Unreachable()
}

// run makes one call under the call timeout.
func (c *Channel) run(ctx context.Context, call func(context.Context) error) error {
	timeout := c.CallTimeout
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return call(ctx)
}
