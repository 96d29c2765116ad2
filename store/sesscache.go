package store

import (
	"bytes"
	"sync"
	"time"
	"unicode/utf8"

	"fieldbot/bot"
)

// sessionCache keeps each chat's session as last written or read, with the
// exact bytes stored, like rowCache for the outbox: every update reads its
// chat's session and decoding it was a good part of an update's cost. An
// entry is used only while the stored bytes are those same bytes, and holds
// what decoding them gives (times as JSON reads them back, empty lists as
// none); a session JSON would not give back as it is (text that is not
// UTF-8) is not kept. Each hit hands out a clone.
type sessionCache struct {
	mu    sync.Mutex
	chats map[string]cachedSession
}

// maxCachedSessions bounds the cache (a chat's session is about 1 KB).
const maxCachedSessions = 4096

type cachedSession struct {
	raw  []byte
	sess *bot.Session
}

// get returns chat's session, if raw is what was cached for it.
func (c *sessionCache) get(chat string, raw []byte) (*bot.Session, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.chats[chat]
	c.mu.Unlock()
	if !ok || !bytes.Equal(e.raw, raw) {
		return nil, false
	}
	return e.sess.Clone(), true
}

// put keeps s, stored as raw under chat, as decoding raw would give it;
// raw is kept as it is when owned (see rowCache.put), else copied.
func (c *sessionCache) put(chat string, raw []byte, owned bool, s *bot.Session) {
	if c == nil {
		return
	}
	keep, ok := asDecoded(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		delete(c.chats, chat)
		return
	}
	if c.chats == nil {
		c.chats = map[string]cachedSession{}
	}
	if _, had := c.chats[chat]; !had && len(c.chats) >= maxCachedSessions {
		return
	}
	if !owned {
		raw = bytes.Clone(raw)
	}
	c.chats[chat] = cachedSession{raw: raw, sess: keep}
}

// drop forgets chat's session.
func (c *sessionCache) drop(chat string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.chats, chat)
	c.mu.Unlock()
}

// asDecoded is a clone of s as encoding and decoding it gives it back:
// times read back from their JSON (no monotonic reading; the offset's
// location), empty maps and lists as nil (they are left out). ok is false
// when s holds text that is not UTF-8, which JSON would change.
func asDecoded(s *bot.Session) (*bot.Session, bool) {
	c := s.Clone()
	for _, t := range []*time.Time{&c.Updated, &c.Shown, &c.CarriedAt} {
		b, err := t.MarshalJSON()
		if err != nil {
			return nil, false
		}
		var back time.Time
		if err := back.UnmarshalJSON(b); err != nil {
			return nil, false
		}
		*t = back
	}
	if len(c.Answers) == 0 {
		c.Answers = nil
	}
	if len(c.Trail) == 0 {
		c.Trail = nil
	}
	if len(c.Fix) == 0 {
		c.Fix = nil
	}
	if len(c.Carried) == 0 {
		c.Carried = nil
	}
	return c, utf8Session(c)
}

// utf8Session reports whether every text of s is UTF-8.
func utf8Session(s *bot.Session) bool {
	for _, t := range [...]string{s.Chat.Channel, s.Chat.ChatID, s.Member, s.User, s.Step, s.Period, s.Unit,
		s.FieldID, s.Quick, s.CarriedFrom, s.Collect, s.Nonce} {
		if !utf8.ValidString(t) {
			return false
		}
	}
	if s.Inspect != nil && !(utf8.ValidString(s.Inspect.Period) && utf8.ValidString(s.Inspect.Unit)) {
		return false
	}
	for _, t := range s.Fix {
		if !utf8.ValidString(t) {
			return false
		}
	}
	for k, v := range s.Answers {
		if !utf8.ValidString(k) || !utf8.ValidString(v.Text) {
			return false
		}
	}
	for k := range s.Carried {
		if !utf8.ValidString(k) {
			return false
		}
	}
	return true
}
