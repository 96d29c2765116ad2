package zalotest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Event is an update as the platform sends it: {event_name, message}.
type Event struct {
	EventName string  `json:"event_name"`
	Message   Message `json:"message"`
}

// Message is an event's message, with string ids and a date in
// milliseconds.
type Message struct {
	MessageID string `json:"message_id"`
	Date      int64  `json:"date"`
	Chat      Chat   `json:"chat"`
	From      From   `json:"from"`
	Text      string `json:"text,omitempty"`
	PhotoURL  string `json:"photo_url,omitempty"`
	Caption   string `json:"caption,omitempty"`
	Sticker   string `json:"sticker,omitempty"`
	URL       string `json:"url,omitempty"`
	VoiceURL  string `json:"voice_url,omitempty"`
}

// Chat is a message's chat: chat_type PRIVATE or GROUP.
type Chat struct {
	ID       string `json:"id"`
	ChatType string `json:"chat_type"`
}

// From is a message's sender.
type From struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	IsBot       bool   `json:"is_bot"`
}

// NewUser makes an account named name with its private chat, which the
// bot may then write to. Ids look like Zalo's: long digit strings.
func (s *Server) NewUser(name string) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users++
	u := User{ID: strconv.FormatInt(5100000000000000000+int64(s.users)*7919, 10),
		ChatID: strconv.FormatInt(8200000000000000000+int64(s.users)*104729, 10), Name: name}
	s.chats[u.ChatID] = true
	return u
}

// event builds an event from u in chat (chatType PRIVATE or GROUP).
func (s *Server) event(name string, u User, chat, chatType string, m Message) Event {
	s.mu.Lock()
	id := fmt.Sprintf("%x%08x", time.Now().UnixNano()&0xffffff, s.nextID)
	s.nextID++
	if chatType == "GROUP" {
		s.chats[chat] = true
	}
	s.mu.Unlock()
	m.MessageID, m.Date = id, time.Now().UnixMilli()
	m.Chat = Chat{ID: chat, ChatType: chatType}
	m.From = From{ID: u.ID, DisplayName: u.Name}
	return Event{EventName: name, Message: m}
}

// TextEvent is a text message from u in their private chat (not queued).
func (s *Server) TextEvent(u User, text string) Event {
	return s.event("message.text.received", u, u.ChatID, "PRIVATE", Message{Text: text})
}

// ImageEvent is an image from u, at url, with caption.
func (s *Server) ImageEvent(u User, url, caption string) Event {
	return s.event("message.image.received", u, u.ChatID, "PRIVATE", Message{PhotoURL: url, Caption: caption})
}

// StickerEvent is a sticker from u.
func (s *Server) StickerEvent(u User) Event {
	return s.event("message.sticker.received", u, u.ChatID, "PRIVATE",
		Message{Sticker: "bfe4f1e5c8a0", URL: "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=1"})
}

// VoiceEvent is a voice note from u.
func (s *Server) VoiceEvent(u User) Event {
	return s.event("message.voice.received", u, u.ChatID, "PRIVATE", Message{VoiceURL: "https://voice.example/1.aac"})
}

// UnsupportedEvent is what Zalo sends for a protected account's message:
// no content.
func (s *Server) UnsupportedEvent(u User) Event {
	return s.event("message.unsupported.received", u, u.ChatID, "PRIVATE", Message{})
}

// GroupTextEvent is a text message from u in group chat group.
func (s *Server) GroupTextEvent(group string, u User, text string) Event {
	return s.event("message.text.received", u, group, "GROUP", Message{Text: text})
}

// Enqueue queues ev for getUpdates and returns its message id. Queueing
// the same event twice delivers it twice, as the platform may.
func (s *Server) Enqueue(ev Event) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, ev)
	if _, seen := s.enqueued[ev.Message.MessageID]; !seen {
		s.enqueued[ev.Message.MessageID] = time.Now()
	}
	s.notifyLocked()
	return ev.Message.MessageID
}

// Text queues a text message from u and returns its message id.
func (s *Server) Text(u User, text string) string { return s.Enqueue(s.TextEvent(u, text)) }

// EnqueuedAt is when the event with message id was first queued.
func (s *Server) EnqueuedAt(id string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueued[id]
}

// Pending is how many queued events no poll has taken yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Echoes makes every successful sendMessage queue its own echo: a
// message.text.received from the bot's id in that chat.
func (s *Server) Echoes(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.echoes = on
}

// ListResults makes getUpdates answer a list of every queued event instead
// of one event (some clients have seen lists).
func (s *Server) ListResults(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists = on
}

// getUpdates hands out the first queued event (or all, with ListResults),
// waiting up to timeout seconds for one; then 408.
func (s *Server) getUpdates(r *http.Request, c Call) answer {
	secs, err := strconv.Atoi(c.Params["timeout"])
	if c.Params["timeout"] == "" {
		secs, err = 0, nil
	}
	if err != nil || secs < 0 {
		return failure(400, "Bad request: timeout must be a number of seconds")
	}
	deadline := time.NewTimer(time.Duration(secs) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.webhook.URL != "" {
			s.mu.Unlock()
			return failure(400, "Bad request: getUpdates is not available while a webhook is set")
		}
		if len(s.queue) > 0 {
			defer s.mu.Unlock()
			defer s.notifyLocked()
			if s.lists {
				all := s.queue
				s.queue = nil
				return ok(all)
			}
			first := s.queue[0]
			s.queue = s.queue[1:]
			return ok(first)
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			return failure(408, "Request timeout")
		case <-r.Context().Done():
			return failure(408, "Request timeout")
		case <-s.closed:
			return failure(408, "Request timeout")
		}
	}
}

// Shape is a webhook body's shape.
type Shape int

// The body shapes deliveries have been seen in.
const (
	Wrapped Shape = iota // {ok:true, result:{event_name, message}}, as documented
	Bare                 // {event_name, message}
)

// Post delivers ev to the webhook at url with secret in the
// X-Bot-Api-Secret-Token header (none when empty), in shape, and returns
// the HTTP status the webhook answered.
func (s *Server) Post(ctx context.Context, url, secret string, shape Shape, ev Event) (int, error) {
	var body any = ev
	if shape == Wrapped {
		body = map[string]any{"ok": true, "result": ev}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
