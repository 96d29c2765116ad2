package telegram

import (
	"strconv"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

// MaxText is the longest text of one Telegram message, in UTF-16 code units
// (how Telegram counts; a Vietnamese letter is one, most emoji two).
const MaxText = 4096

// Button rows: labels up to shortLabel characters go three to a row, up to
// mediumLabel two, longer ones one, so they stay readable on a phone.
const (
	shortLabel  = 12
	mediumLabel = 20
)

// inlineKeyboard lays out the buttons: numbered choices first, as "N. label",
// then the navigation buttons (back, skip, cancel) on the last rows. Buttons
// without a payload are left out (they can still be typed).
func inlineKeyboard(buttons []bot.Button) *tgbotapi.InlineKeyboardMarkup {
	var choices, nav []tgbotapi.InlineKeyboardButton
	for _, b := range buttons {
		if b.Data == "" {
			continue
		}
		if b.Number > 0 {
			choices = append(choices, tgbotapi.NewInlineKeyboardButtonData(strconv.Itoa(b.Number)+". "+b.Label, b.Data))
		} else {
			nav = append(nav, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
		}
	}
	rows := append(layout(choices), layout(nav)...)
	if len(rows) == 0 {
		return nil
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// layout arranges buttons in rows as wide as their longest label allows,
// balanced so that no row is left with one button when it need not be.
func layout(bs []tgbotapi.InlineKeyboardButton) [][]tgbotapi.InlineKeyboardButton {
	if len(bs) == 0 {
		return nil
	}
	longest := 0
	for _, b := range bs {
		longest = max(longest, utf8.RuneCountInString(b.Text))
	}
	perRow := 1
	switch {
	case longest <= shortLabel:
		perRow = 3
	case longest <= mediumLabel:
		perRow = 2
	}
	total := len(bs)
	nrows := (total + perRow - 1) / perRow
	var rows [][]tgbotapi.InlineKeyboardButton
	for i := range nrows {
		n := total / nrows
		if i < total%nrows {
			n++ // the longer rows first
		}
		rows = append(rows, bs[:n])
		bs = bs[n:]
	}
	return rows
}

// contactKeyboard is a one-time keyboard with one button that shares the
// user's phone number.
func contactKeyboard(label string) tgbotapi.ReplyKeyboardMarkup {
	kb := tgbotapi.NewOneTimeReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButtonContact(label)))
	kb.ResizeKeyboard = true
	return kb
}

// keyboardNote is the text of the extra message that carries the buttons
// when one short message must also offer the contact keyboard (a message
// has room for one keyboard). It is a sign, not a word, so it needs no
// translation.
const keyboardNote = "👇"

// markups decides which keyboard goes with each text part: the buttons on
// the last part, the contact keyboard on the first. It may add a part when
// both are wanted and the text is one part.
func markups(out *bot.Outgoing, r bot.Rendered) ([]string, []any) {
	parts := r.Parts
	inline := inlineKeyboard(r.Buttons)
	hasContact := out.RequestContact != ""
	if len(parts) == 0 {
		return nil, nil
	}
	if inline != nil && hasContact && len(parts) == 1 {
		parts = append(parts, keyboardNote)
	}
	ms := make([]any, len(parts))
	if hasContact {
		ms[0] = contactKeyboard(out.RequestContact)
	} else if out.RemoveKeyboard {
		ms[0] = tgbotapi.NewRemoveKeyboard(true)
	}
	if inline != nil {
		ms[len(ms)-1] = *inline
	}
	return parts, ms
}
