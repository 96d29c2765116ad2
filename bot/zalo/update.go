package zalo

import (
	"strings"
	"time"

	"fieldbot/bot"
)

// PhotoPrefix marks a bot.Update.Photo that is a Zalo image URL. Such URLs
// do not last: the Poller and the Webhook download the image into
// bot.Update.PhotoData.
const PhotoPrefix = "zalo:"

// DedupeKey is the bot.Update.DedupeKey of an event: its name and message
// id ("message.text.received:abc123"). The platform may deliver an event
// twice; the engine skips a key it has seen.
func DedupeKey(ev Event) string {
	if ev.Message.MessageID == "" {
		return ""
	}
	return ev.EventName + ":" + string(ev.Message.MessageID)
}

// ToUpdate translates an event into a bot.Update, and reports false for
// events the bot does not act on: the bot's own messages (from.id is
// botID, or from.is_bot: deliveries of its own sends have been seen),
// events without a chat or a sender, and events that are not messages.
//
// Text maps to Text; an image to Photo (PhotoPrefix + its URL) with the
// caption as Text; a sticker, a voice note and the content Zalo withholds
// (message.unsupported.received, sent for accounts it protects) map to
// Unsupported "sticker", "voice" and "unsupported", as does any other
// message.*.received kind the documentation does not list ("file" for
// message.file.received, "unsupported" otherwise). An image event without
// a URL is "unsupported" too: there is nothing to read.
//
// Group is set unless chat_type is PRIVATE (or missing: the documented
// private events all carry it, and a bot sees groups only in a closed
// beta). At is the date in milliseconds; Seq stays 0 (no offset exists).
func ToUpdate(ev Event, botID string) (bot.Update, bool) {
	m := ev.Message
	if m.Chat.ID == "" || m.From.ID == "" || m.From.IsBot || botID != "" && string(m.From.ID) == botID {
		return bot.Update{}, false
	}
	kind, ok := eventKind(ev.EventName)
	if !ok {
		return bot.Update{}, false
	}
	u := bot.Update{
		Chat:      bot.ChatRef{Channel: Name, ChatID: string(m.Chat.ID)},
		UserID:    string(m.From.ID),
		Group:     m.Chat.ChatType != "" && !strings.EqualFold(m.Chat.ChatType, "PRIVATE"),
		UserName:  firstOf(m.From.DisplayName, m.From.FirstName),
		DedupeKey: DedupeKey(ev),
	}
	if m.Date > 0 {
		u.At = time.UnixMilli(int64(m.Date)).UTC()
	}
	switch kind {
	case "text":
		u.Text = m.Text
	case "image":
		if url := firstOf(m.PhotoURL, m.Photo, m.URL); url != "" {
			u.Photo = PhotoPrefix + url
		} else {
			u.Unsupported = "unsupported"
		}
		u.Text = firstOf(m.Caption, m.Text)
	case "sticker", "voice", "file":
		u.Unsupported = kind
	default:
		u.Unsupported = "unsupported"
	}
	return u, true
}

// eventKind is the middle of "message.<kind>.received", and false for
// events that are not a received message.
func eventKind(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "message.")
	if !ok {
		return "", false
	}
	kind, ok := strings.CutSuffix(rest, ".received")
	if !ok || kind == "" {
		return "", false
	}
	return kind, true
}

// PhotoURL is the image URL inside a bot.Update.Photo that ToUpdate made,
// or "".
func PhotoURL(u bot.Update) string {
	url, _ := strings.CutPrefix(u.Photo, PhotoPrefix)
	if url == u.Photo {
		return ""
	}
	return url
}
