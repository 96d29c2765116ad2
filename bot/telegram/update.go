package telegram

import (
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

// PhotoPrefix marks a bot.Update.Photo that is a Telegram file_id.
const PhotoPrefix = "tg:"

// SeqOf is the bot.Update.Seq of a Telegram update_id: update_id + 1, so
// that update 0 is not mistaken for "no number" by the engine. The stored
// offset is then exactly the getUpdates offset that confirms everything
// handled (update_id of the last one + 1).
func SeqOf(updateID int) uint64 { return uint64(updateID) + 1 }

// ToUpdate translates a Bot API update into a bot.Update, and reports false
// for updates the bot does not act on.
//
// Messages with text (commands and their arguments included), a photo (the
// largest size, caption as text, and the album's media_group_id), an image
// sent as a file, a shared location or venue (its point), or a shared
// contact map to their fields. Other things a person sends — a sticker, a voice note, another kind of file — map to an update without
// text, so the engine still answers (it asks again for what it needs).
// Service messages (someone joined a group, a pinned message), edits,
// channel posts and messages from bots are not acted on. A button press
// maps to a Callback; Telegram does not date presses, so its At is zero.
func ToUpdate(u tgbotapi.Update) (bot.Update, bool) {
	if u.UpdateID < 0 {
		return bot.Update{}, false
	}
	switch {
	case u.CallbackQuery != nil:
		return fromCallback(u.UpdateID, u.CallbackQuery)
	case u.Message != nil:
		return fromMessage(u.UpdateID, u.Message)
	}
	return bot.Update{}, false
}

// fromMessage maps a new message.
func fromMessage(id int, m *tgbotapi.Message) (bot.Update, bool) {
	if m.From == nil || m.From.IsBot || m.Chat == nil || !fromPerson(m) {
		return bot.Update{}, false
	}
	u := base(id, m.Chat.ID, m.From)
	u.Group = m.Chat.Type != "private"
	u.At = time.Unix(int64(m.Date), 0).UTC()
	u.Text = m.Text
	switch {
	case m.Contact != nil:
		u.Contact = &bot.Contact{Phone: m.Contact.PhoneNumber}
		if m.Contact.UserID != 0 {
			u.Contact.UserID = strconv.FormatInt(m.Contact.UserID, 10)
		}
	case len(m.Photo) > 0:
		u.Photo, u.Text, u.MediaGroup = PhotoPrefix+largest(m.Photo).FileID, m.Caption, m.MediaGroupID
	case m.Document != nil && strings.HasPrefix(m.Document.MimeType, "image/"):
		u.Photo, u.Text, u.MediaGroup = PhotoPrefix+m.Document.FileID, m.Caption, m.MediaGroupID
	case m.Document != nil && rosterFileName(m.Document.FileName):
		// A roster workbook: the Poller downloads it (fetchDocuments).
		u.Document, u.Text = &bot.Document{Name: m.Document.FileName, Ref: m.Document.FileID}, m.Caption
	case m.Location != nil:
		u.Location = &bot.Location{Lat: m.Location.Latitude, Lon: m.Location.Longitude}
	case m.Venue != nil:
		u.Location = &bot.Location{Lat: m.Venue.Location.Latitude, Lon: m.Venue.Location.Longitude}
	case m.Text == "":
		u.Text = m.Caption
	}
	return u, true
}

// fromPerson reports whether m is something a person sent, not a service
// message.
func fromPerson(m *tgbotapi.Message) bool {
	return m.Text != "" || m.Contact != nil || len(m.Photo) > 0 || m.Document != nil ||
		m.Location != nil || m.Venue != nil || m.Sticker != nil || m.Voice != nil || m.Audio != nil ||
		m.Video != nil || m.VideoNote != nil || m.Animation != nil
}

// fromCallback maps a button press. A press on a message the bot cannot see
// (an inline message) is answered in the user's private chat. Whether the
// chat is a group comes from Telegram's chat type, never from comparing ids.
func fromCallback(id int, q *tgbotapi.CallbackQuery) (bot.Update, bool) {
	if q.From == nil {
		return bot.Update{}, false
	}
	chatID, msgID, group := q.From.ID, "", false
	if q.Message != nil && q.Message.Chat != nil {
		chatID, msgID = q.Message.Chat.ID, strconv.Itoa(q.Message.MessageID)
		group = q.Message.Chat.Type != "private"
	}
	u := base(id, chatID, q.From)
	u.Group = group
	u.Callback = &bot.Callback{ID: q.ID, Data: q.Data, MessageID: msgID}
	return u, true
}

// base fills what every update has: chat, sender and sequence number.
func base(id int, chatID int64, from *tgbotapi.User) bot.Update {
	return bot.Update{
		Chat:     bot.ChatRef{Channel: Name, ChatID: strconv.FormatInt(chatID, 10)},
		UserID:   strconv.FormatInt(from.ID, 10),
		UserName: displayName(from),
		LangHint: from.LanguageCode,
		Seq:      SeqOf(id),
	}
}

// displayName is how logs and the audit trail name a Telegram user.
func displayName(u *tgbotapi.User) string {
	if name := strings.TrimSpace(u.FirstName + " " + u.LastName); name != "" {
		return name
	}
	return u.UserName
}

// largest is the biggest of a photo's sizes.
func largest(sizes []tgbotapi.PhotoSize) tgbotapi.PhotoSize {
	best := sizes[0]
	for _, s := range sizes[1:] {
		if s.Width*s.Height > best.Width*best.Height ||
			s.Width*s.Height == best.Width*best.Height && s.FileSize > best.FileSize {
			best = s
		}
	}
	return best
}
