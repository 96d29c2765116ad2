package telegram

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/bot/platform"
)

// DefaultCallTimeout bounds one Bot API call made by the Channel; a call that
// hangs longer is a temporary failure, retried later.
const DefaultCallTimeout = 30 * time.Second

// Channel delivers bot.Outgoing messages through the Bot API; it implements
// bot.Channel. Text goes out as HTML with everything escaped (the engine's
// text is plain), split into messages of MaxText; buttons become an inline
// keyboard; a message that answers a button press edits the pressed message
// in place where Telegram allows it.
type Channel struct {
	api *API
	log *slog.Logger
	// Username is the bot's Telegram username, for invite links
	// (https://t.me/<Username>?start=<code>); NewChannel takes it from getMe.
	Username string
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
	return &Channel{api: api, log: log, Username: api.Self().UserName}
}

// Name returns "telegram".
func (c *Channel) Name() string { return Name }

// Caps is what a Telegram message can carry: inline buttons, edits in place,
// 4096 UTF-16 units of text, documents, uploaded photos and the "share my
// phone number" keyboard.
func (c *Channel) Caps() bot.Caps { return Caps }

// Caps are Telegram's capabilities.
var Caps = bot.Caps{Buttons: true, Edit: true, MaxText: MaxText, Documents: true, Photos: bot.PhotoUpload, Contact: true}

// InviteLink is the deep link that sends "/start CODE" to the bot, or ""
// when the bot's username is not known.
func (c *Channel) InviteLink(code string) string { return InviteLink(c.Username, code) }

// InviteLink is https://t.me/<username>?start=<code>, or "" without a username.
func InviteLink(username, code string) string {
	if username == "" {
		return ""
	}
	return "https://t.me/" + username + "?start=" + url.QueryEscape(code)
}

// step is one Bot API call of a message's delivery.
type step func(ctx context.Context) error

// Send delivers out: it answers the button press (always, so the spinner
// stops), then sends or edits the text parts, then the attachments. A
// failure returns a *bot.SendError; a retry resumes after the steps that
// went through.
func (c *Channel) Send(ctx context.Context, out *bot.Outgoing) error {
	chatID, err := strconv.ParseInt(out.Chat.ChatID, 10, 64)
	if err != nil {
		return bot.Refused(bot.ReasonChatGone, fmt.Errorf("telegram: chat id %q is not a number", out.Chat.ChatID))
	}
	steps := c.plan(chatID, out)
	firstFile := len(steps) - len(out.Attach)
	for i := c.done.Done(out.ID); i < len(steps); i++ {
		answered := func() {}
		if counted := i > 0 || out.AnswerCallback == ""; counted {
			var err error
			if answered, err = delivery.Pace(ctx); err != nil { // the limiter's turn for this call
				c.done.Remember(out.ID, i, err)
				return bot.Temporary(fmt.Errorf("telegram: wait for the rate limit: %w", err))
			}
		}
		err := c.run(ctx, steps[i], answered)
		if err != nil && i >= firstFile && refusedAlone(err) {
			// One file Telegram will not take (a photo too large, say) must
			// not cost the recipient the rest of the message.
			c.log.Warn("attachment refused, sending the rest", "chat", out.Chat.Key(), "err", err)
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

// PacesCalls implements delivery.Paced: Send waits for delivery.Pace
// before each call that Calls counts, and tells it when the call was
// answered.
func (c *Channel) PacesCalls() {}

// Calls implements bot.CallCounter: every step but the button answer is a
// call to the chat that Telegram's limits count.
func (c *Channel) Calls(out *bot.Outgoing) int {
	parts, _ := markups(out, bot.Render(out, Caps))
	return len(parts) + len(out.Attach)
}

// refusedAlone reports whether err refuses this one call for good while the
// chat itself is fine.
func refusedAlone(err error) bool {
	var se *bot.SendError
	return errors.As(err, &se) && se.Permanent() && !se.Reason.Unreachable()
}

// run makes one call under the call timeout, then calls answered: a call
// counts for the limits until a window after its answer (delivery.Pace).
func (c *Channel) run(ctx context.Context, s step, answered func()) error {
	defer answered()
	ctx, cancel := context.WithTimeout(ctx, c.callTimeout())
	defer cancel()
	return s(ctx)
}

// plan lists the calls that deliver out.
func (c *Channel) plan(chatID int64, out *bot.Outgoing) []step {
	var steps []step
	if out.AnswerCallback != "" {
		steps = append(steps, func(ctx context.Context) error { return c.answer(ctx, out.AnswerCallback) })
	}
	r := bot.Render(out, Caps)
	parts, marks := markups(out, r)
	for i, p := range parts {
		if i == 0 && r.Edit != "" {
			steps = append(steps, func(ctx context.Context) error { return c.edit(ctx, chatID, r.Edit, p, marks[i]) })
			continue
		}
		steps = append(steps, func(ctx context.Context) error { return c.sendText(ctx, chatID, p, marks[i]) })
	}
	for _, a := range out.Attach {
		steps = append(steps, func(ctx context.Context) error { return c.attach(ctx, chatID, a) })
	}
	return steps
}

// answer stops the pressed button's spinner. Only a cancelled send fails
// the message: a press answered too late ("query is too old"), or not at all
// because Telegram hung or refused, only leaves the spinner turning a little
// longer, and the reply matters more.
func (c *Channel) answer(ctx context.Context, id string) error {
	_, err := c.api.request(ctx, tgbotapi.NewCallback(id, ""))
	switch {
	case err == nil:
	case errors.Is(ctx.Err(), context.Canceled):
		return classify("answer callback query", err)
	case isAPIError(err, "query is too old", "query id is invalid"):
		c.log.Debug("button press answered too late", "err", err)
	default:
		c.log.Warn("answering a button press failed", "err", err)
	}
	return nil
}

// sendText sends one text message with its keyboard, if any.
func (c *Channel) sendText(ctx context.Context, chatID int64, text string, markup any) error {
	err := c.api.postText(ctx, textCall{method: "sendMessage", chatID: chatID, text: html.EscapeString(text), markup: markup})
	return classify("send message", err)
}

// edit replaces the text and buttons of message msgID. An edit Telegram
// finds pointless ("message is not modified") is done; one it cannot make
// (the message is too old, gone, or the id is not ours) becomes a new
// message, as does one that must carry the contact keyboard.
func (c *Channel) edit(ctx context.Context, chatID int64, msgID, text string, markup any) error {
	id, err := strconv.Atoi(msgID)
	_, isInline := markup.(tgbotapi.InlineKeyboardMarkup)
	if err != nil || markup != nil && !isInline {
		return c.sendText(ctx, chatID, text, markup)
	}
	call := textCall{method: "editMessageText", chatID: chatID, messageID: id, text: html.EscapeString(text)}
	if isInline {
		call.markup = markup
	}
	err = c.api.postText(ctx, call)
	switch {
	case err == nil, isAPIError(err, "message is not modified"):
		return nil
	case isAPIError(err, "message to edit not found", "message can't be edited", "message_id_invalid",
		"there is no text in the message to edit"):
		c.log.Debug("cannot edit, sending anew", "chat", chatID, "err", err)
		return c.sendText(ctx, chatID, text, markup)
	}
	return classify("edit message", err)
}

// attach sends a file: a photo, or a document.
func (c *Channel) attach(ctx context.Context, chatID int64, a bot.Attachment) error {
	file := tgbotapi.FileBytes{Name: a.Name, Bytes: a.Data}
	if a.Photo {
		_, err := c.api.request(ctx, tgbotapi.NewPhoto(chatID, file))
		return fileRefused(classify("send photo", err))
	}
	_, err := c.api.request(ctx, tgbotapi.NewDocument(chatID, file))
	return fileRefused(classify("send document", err))
}

func (c *Channel) callTimeout() time.Duration {
	if c.CallTimeout > 0 {
		return c.CallTimeout
	}
	return DefaultCallTimeout
}
