package store

import (
	"time"
	"unicode/utf8"

	"fieldbot/bot"
)

// sessionCache keeps each chat's session as last written or read
// (recordCache): every update reads its chat's session, and decoding it was
// a good part of an update's cost. A session written is kept as decoding
// its bytes gives it back (asDecoded); one JSON would not give back as it
// is (text that is not UTF-8) is not kept.
type sessionCache = recordCache[string, *bot.Session]

// maxCachedSessions bounds the cache (a chat's session is about 1 KB).
const maxCachedSessions = 4096

func newSessionCache() *sessionCache {
	return newRecordCache[string](maxCachedSessions, (*bot.Session).Clone)
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
