package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"

	"fieldbot/bot/platform"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// textCall is a sendMessage or an editMessageText call as the Channel makes
// them: an HTML text without link previews, and buttons or not.
type textCall struct {
	method    string // "sendMessage" or "editMessageText"
	chatID    int64
	messageID int    // the message edited (editMessageText)
	text      string // in Telegram's HTML
	markup    any    // reply_markup; nil for none
}

// maxAnswer is the most of an answer read: a Message object with a text of
// 4,096 characters and a keyboard is far less.
const maxAnswer = 1 << 20

// postText makes c. These are the calls of nearly every delivery, and
// tgbotapi's MakeRequest spent more on them than the call did: a map of
// the parameters, built by reflection, sorted and escaped into a second
// string, and the whole answer (the message sent back, text and keyboard)
// decoded into a RawMessage that nothing reads. This writes the same form
// parameters into one buffer and reads only whether the call went through
// and, if not, the refusal, as the same *tgbotapi.Error.
func (a *API) postText(ctx context.Context, c textCall) error {
	form := make([]byte, 0, 160+3*len(c.text))
	form = appendFormParam(form, "chat_id", strconv.FormatInt(c.chatID, 10))
	if c.messageID != 0 {
		form = appendFormParam(form, "message_id", strconv.Itoa(c.messageID))
	}
	form = appendFormParam(form, "disable_web_page_preview", "true")
	form = appendFormParam(form, "parse_mode", tgbotapi.ModeHTML)
	if m := reflect.ValueOf(c.markup); c.markup != nil && !(m.Kind() == reflect.Pointer && m.IsNil()) { // as tgbotapi's AddInterface
		kb, err := json.Marshal(c.markup)
		if err != nil {
			return fmt.Errorf("encode reply_markup: %w", err)
		}
		form = appendFormParam(form, "reply_markup", string(kb))
	}
	form = appendFormParam(form, "text", c.text)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf(a.endpoint, a.token, c.method), bytes.NewReader(form))
	if err != nil {
		return platform.Redact(err, a.token)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.bot.Client.Do(req)
	if err != nil {
		return platform.Redact(err, a.token)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return platform.Redact(err, a.token)
	}
	var answer struct {
		OK          bool                         `json:"ok"`
		ErrorCode   int                          `json:"error_code"`
		Description string                       `json:"description"`
		Parameters  *tgbotapi.ResponseParameters `json:"parameters"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return fmt.Errorf("read the answer to %s: %w", c.method, err)
	}
	if answer.OK {
		return nil
	}
	refusal := &tgbotapi.Error{Code: answer.ErrorCode, Message: answer.Description}
	if answer.Parameters != nil {
		refusal.ResponseParameters = *answer.Parameters
	}
	return refusal
}

// appendFormParam appends key=value to an application/x-www-form-urlencoded
// body, escaped as url.Values.Encode escapes them.
func appendFormParam(b []byte, key, value string) []byte {
	if len(b) > 0 {
		b = append(b, '&')
	}
	b = appendQueryEscape(b, key)
	b = append(b, '=')
	return appendQueryEscape(b, value)
}

// appendQueryEscape appends s as url.QueryEscape writes it: letters, digits
// and -_.~ as they are, a space as +, every other byte as %XX.
func appendQueryEscape(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&0xF])
		}
	}
	return b
}
