package zalotest

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// Message kinds in a chat, as the bot sent them.
const (
	KindText  = "text"
	KindPhoto = "photo"
)

// Sent is something the bot sent to a chat.
type Sent struct {
	ID   string
	Kind string // KindText or KindPhoto
	Text string // the text, or the photo's caption
	// PhotoURL is the photo's address and Photo the bytes the fake fetched
	// from it.
	PhotoURL string
	Photo    []byte
	At       time.Time
}

// sendMessage checks chat and text as the platform does and keeps the
// message.
func (s *Server) sendMessage(c Call) answer {
	text := c.Params["text"]
	n := utf8.RuneCountInString(text)
	switch {
	case n == 0:
		return failure(400, "Bad request: text is empty")
	case n > MaxText:
		return failure(400, "Bad request: text is too long (maximum 2000 characters)")
	}
	return s.knownChat(c, func() answer {
		m := s.keep(c.Chat(), Sent{Kind: KindText, Text: text})
		return ok(map[string]any{"message_id": m.ID, "date": m.At.UnixMilli()})
	})
}

// sendPhoto fetches the photo, as the platform does before it answers, and
// keeps it.
func (s *Server) sendPhoto(r *http.Request, c Call) answer {
	url := c.Params["photo"]
	if url == "" {
		return failure(400, "Bad request: photo is required")
	}
	if utf8.RuneCountInString(c.Params["caption"]) > MaxText {
		return failure(400, "Bad request: caption is too long")
	}
	return s.knownChat(c, func() answer {
		data, err := s.fetchImage(r.Context(), url)
		if err != nil {
			return failure(400, "Bad request: cannot get the photo from the url: "+err.Error())
		}
		m := s.keep(c.Chat(), Sent{Kind: KindPhoto, Text: c.Params["caption"], PhotoURL: url, Photo: data})
		return ok(map[string]any{"message_id": m.ID, "date": m.At.UnixMilli()})
	})
}

// fetchImage GETs url and checks that it is an image.
func (s *Server) fetchImage(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.fetch.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &fetchError{resp.Status}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
	if err != nil {
		return nil, err
	}
	if ct := http.DetectContentType(data); len(ct) < 6 || ct[:6] != "image/" {
		return nil, &fetchError{"not an image: " + ct}
	}
	return data, nil
}

type fetchError struct{ msg string }

func (e *fetchError) Error() string { return e.msg }

// knownChat runs send if the call's chat_id is a chat the bot may write
// to (a user's private chat, or a group it was written from). A user id is
// not a chat id.
func (s *Server) knownChat(c Call, send func() answer) answer {
	s.mu.Lock()
	known := s.chats[c.Chat()]
	s.mu.Unlock()
	if !known {
		return failure(400, "Bad request: chat not found")
	}
	return send()
}

// keep stores m in chat, and queues its echo when echoes are on.
func (s *Server) keep(chat string, m Sent) Sent {
	s.mu.Lock()
	m.ID = "bot" + strconv.Itoa(s.nextID)
	s.nextID++
	m.At = time.Now()
	s.sent[chat] = append(s.sent[chat], m)
	echo := s.echoes && m.Kind == KindText
	s.notifyLocked()
	s.mu.Unlock()
	if echo {
		s.Enqueue(Event{EventName: "message.text.received", Message: Message{MessageID: m.ID,
			Date: m.At.UnixMilli(), Chat: Chat{ID: chat, ChatType: "PRIVATE"},
			From: From{ID: s.bot.ID, DisplayName: s.bot.Name}, Text: m.Text}})
	}
	return m
}

// Messages is what the bot sent to chat, in order.
func (s *Server) Messages(chat string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent[chat]...)
}

// setWebhook keeps the url and secret (8–256 characters).
func (s *Server) setWebhook(c Call) answer {
	url, secret := c.Params["url"], c.Params["secret_token"]
	if url == "" {
		return failure(400, "Bad request: url is required")
	}
	if n := len(secret); n < 8 || n > 256 {
		return failure(400, "Bad request: secret_token must be 8 to 256 characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = Webhook{URL: url, Secret: secret}
	return ok(map[string]any{"url": url, "updated_at": time.Now().UnixMilli()})
}

// CurrentWebhook is the webhook set, if any.
func (s *Server) CurrentWebhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// Wait blocks until cond holds, checking after every change to the fake
// (and every 10 ms, for conditions on other state), or until ctx ends.
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
