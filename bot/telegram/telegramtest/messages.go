package telegramtest

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Message is a message the bot sent, as it stands after any edits.
type Message struct {
	ID   int
	Chat string
	// Text is the text as the user sees it (HTML entities decoded).
	Text string
	// Raw is the text parameter as sent.
	Raw       string
	ParseMode string
	// Markup is the reply_markup parameter (JSON), if any.
	Markup string
	// Buttons are the inline keyboard's buttons, row by row.
	Buttons [][]Button
	// File is the uploaded file's name, for photos and documents.
	File  string
	Edits int
}

// Button is one inline keyboard button.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// maxText is Telegram's limit on a message's text, in UTF-16 code units.
const maxText = 4096

// sendMessage checks the text as Telegram would and keeps the message.
func (s *Server) sendMessage(c Call) (int, any) {
	m, status, body := s.checkText(c)
	if m == nil {
		return status, body
	}
	s.mu.Lock()
	m.ID = s.nextMsg
	s.nextMsg++
	s.messages[m.Chat] = append(s.messages[m.Chat], m)
	s.mu.Unlock()
	return ok(s.messageObject(m))
}

// editMessageText replaces a kept message's text and keyboard.
func (s *Server) editMessageText(c Call) (int, any) {
	m, status, body := s.checkText(c)
	if m == nil {
		return status, body
	}
	id, _ := strconv.Atoi(c.Params["message_id"])
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, old := range s.messages[m.Chat] {
		if old.ID != id {
			continue
		}
		if old.File != "" {
			return badRequest("there is no text in the message to edit")
		}
		if old.Raw == m.Raw && old.Markup == m.Markup {
			return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
		}
		old.Text, old.Raw, old.ParseMode, old.Markup, old.Buttons = m.Text, m.Raw, m.ParseMode, m.Markup, m.Buttons
		old.Edits++
		return ok(s.messageObject(old))
	}
	return badRequest("message to edit not found")
}

// htmlTag matches the tags Telegram's HTML parse mode knows.
var htmlTag = regexp.MustCompile(`^</?(b|strong|i|em|u|ins|s|strike|del|code|pre|a|tg-spoiler|span|blockquote)\b[^<>]*>`)

// htmlEntity matches the entities Telegram's HTML parse mode knows.
var htmlEntity = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);`)

// checkText validates chat_id, text, parse_mode and reply_markup, and
// returns the message they describe, or the error answer.
func (s *Server) checkText(c Call) (*Message, int, any) {
	p := c.Params
	if _, err := strconv.ParseInt(p["chat_id"], 10, 64); err != nil {
		st, b := badRequest("chat not found")
		return nil, st, b
	}
	m := &Message{Chat: p["chat_id"], Raw: p["text"], Text: p["text"], ParseMode: p["parse_mode"], Markup: p["reply_markup"]}
	if strings.EqualFold(m.ParseMode, "HTML") {
		plain, bad := parseHTML(m.Raw)
		if bad != "" {
			st, b := badRequest("can't parse entities: " + bad)
			return nil, st, b
		}
		m.Text = html.UnescapeString(plain)
	}
	switch {
	case strings.TrimSpace(m.Text) == "":
		st, b := badRequest("message text is empty")
		return nil, st, b
	case utf16Len(m.Text) > maxText:
		st, b := badRequest("message is too long")
		return nil, st, b
	}
	buttons, problem := parseMarkup(m.Markup)
	if problem != "" {
		st, b := badRequest(problem)
		return nil, st, b
	}
	m.Buttons = buttons
	return m, 0, nil
}

// parseHTML reads a text in Telegram's HTML parse mode: the text without
// its tags (entities still escaped), or what Telegram's parser would
// refuse first.
func parseHTML(s string) (plain, bad string) {
	var b strings.Builder
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			tag := htmlTag.FindString(s[i:])
			if tag == "" {
				return "", "unsupported start tag at byte offset " + strconv.Itoa(i)
			}
			b.WriteString(s[start:i])
			i += len(tag) - 1
			start = i + 1
		case '&':
			if !htmlEntity.MatchString(s[i:]) {
				return "", "unsupported entity at byte offset " + strconv.Itoa(i)
			}
		case '>':
			return "", "unexpected end tag at byte offset " + strconv.Itoa(i)
		}
	}
	b.WriteString(s[start:])
	return b.String(), ""
}

// parseMarkup reads an inline keyboard, checking callback data as Telegram
// does (1–64 bytes).
func parseMarkup(markup string) ([][]Button, string) {
	if markup == "" {
		return nil, ""
	}
	var kb struct {
		Inline [][]Button `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(markup), &kb); err != nil {
		return nil, "can't parse reply keyboard markup JSON object"
	}
	for _, row := range kb.Inline {
		for _, b := range row {
			if len(b.CallbackData) == 0 || len(b.CallbackData) > 64 {
				return nil, "BUTTON_DATA_INVALID"
			}
			if b.Text == "" {
				return nil, "text buttons are unallowed in the inline keyboard"
			}
		}
	}
	return kb.Inline, ""
}

// sendFile keeps a sent photo or document.
func (s *Server) sendFile(c Call) (int, any) {
	field := "photo"
	if strings.EqualFold(c.Method, "sendDocument") {
		field = "document"
	}
	name, isFile := strings.CutPrefix(c.Params[field], "file:")
	if !isFile {
		return badRequest("there is no " + field + " in the request")
	}
	m := &Message{Chat: c.Params["chat_id"], File: name}
	s.mu.Lock()
	m.ID = s.nextMsg
	s.nextMsg++
	s.messages[m.Chat] = append(s.messages[m.Chat], m)
	s.mu.Unlock()
	obj := s.messageObject(m)
	if field == "photo" {
		obj.Photo = []map[string]any{{"file_id": "AgAD" + strconv.Itoa(m.ID), "file_unique_id": "p" + strconv.Itoa(m.ID), "width": 800, "height": 600}}
	} else {
		obj.Document = map[string]any{"file_id": "BQAD" + strconv.Itoa(m.ID), "file_unique_id": "d" + strconv.Itoa(m.ID), "file_name": name}
	}
	return ok(obj)
}

// messageObject is the Message object the Bot API returns for m.
func (s *Server) messageObject(m *Message) *messageJSON {
	id, _ := strconv.ParseInt(m.Chat, 10, 64)
	obj := &messageJSON{MessageID: m.ID, From: s.bot, Chat: chat(id, User{FirstName: "User"}), Date: time.Now().Unix()}
	if m.File == "" {
		obj.Text = &m.Text
	}
	if m.Edits > 0 {
		obj.EditDate = time.Now().Unix()
	}
	if len(m.Buttons) > 0 {
		obj.ReplyMarkup = &inlineMarkupJSON{InlineKeyboard: m.Buttons}
	}
	return obj
}

// messageJSON is a Message object as the Bot API sends it back (a struct
// rather than a map: it is encoded for every message a test sends).
type messageJSON struct {
	MessageID   int               `json:"message_id"`
	From        User              `json:"from"`
	Chat        map[string]any    `json:"chat"`
	Date        int64             `json:"date"`
	EditDate    int64             `json:"edit_date,omitempty"`
	Text        *string           `json:"text,omitempty"`
	ReplyMarkup *inlineMarkupJSON `json:"reply_markup,omitempty"`
	Photo       any               `json:"photo,omitempty"`
	Document    any               `json:"document,omitempty"`
}

// inlineMarkupJSON is an InlineKeyboardMarkup object.
type inlineMarkupJSON struct {
	InlineKeyboard [][]Button `json:"inline_keyboard"`
}

// answerCallback accepts one answer per query the fake issued.
func (s *Server) answerCallback(c Call) (int, any) {
	id := c.Params["callback_query_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	answered, issued := s.callbacks[id]
	if !issued || answered {
		return badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.callbacks[id] = true
	return ok(true)
}

// setCommands keeps a command menu per language_code.
func (s *Server) setCommands(c Call) (int, any) {
	var cmds []Command
	if err := json.Unmarshal([]byte(c.Params["commands"]), &cmds); err != nil {
		return badRequest("can't parse commands JSON object")
	}
	s.mu.Lock()
	s.commands[c.Params["language_code"]] = cmds
	s.mu.Unlock()
	return ok(true)
}

// setWebhook keeps the webhook address and secret.
func (s *Server) setWebhook(c Call) (int, any) {
	s.mu.Lock()
	s.webhook = Webhook{URL: c.Params["url"], Secret: c.Params["secret_token"], Params: c.Params}
	s.mu.Unlock()
	return ok(true)
}

// Messages lists the messages kept in chat, oldest first (copies).
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages[strconv.FormatInt(chatID, 10)] {
		out = append(out, *m)
	}
	return out
}

// Calls lists the calls of method (all calls when empty), in order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// Answered reports whether callback query id was answered.
func (s *Server) Answered(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callbacks[id]
}

// Commands is the command menu set for language_code ("" for the default).
func (s *Server) Commands(languageCode string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[languageCode]
}

// CurrentWebhook is what setWebhook last set (empty after deleteWebhook).
func (s *Server) CurrentWebhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// Wait blocks until cond holds or ctx ends. cond is checked after every
// change to the fake, and every 10 ms for conditions on other things.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-changed:
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// utf16Len counts s as Telegram does.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}
