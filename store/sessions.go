package store

import "fieldbot/bot"

// Session returns a chat's conversation state, or an error matching
// bot.ErrNotFound.
func (t *tx) Session(chat bot.ChatRef) (*bot.Session, error) {
	if err := checkChat(chat); err != nil {
		return nil, wrap("session", err)
	}
	key := chat.Key()
	v := t.bucket(bucketSessions).Get([]byte(key))
	if v == nil {
		return nil, notFound("session %s", key)
	}
	if s, ok := t.sessions.get(key, v); ok {
		return s, nil
	}
	s := new(bot.Session)
	if err := decode(v, s); err != nil {
		return nil, wrap("session "+key, err)
	}
	t.sessions.put(key, v, false, s.Clone()) // decoded: as decoding gives it
	return s, nil
}

// PutSession stores s under s.Chat, replacing the chat's previous session.
func (t *tx) PutSession(s *bot.Session) error {
	if err := checkChat(s.Chat); err != nil {
		return wrap("put session", err)
	}
	key := s.Chat.Key()
	data, err := encodeSession(s)
	if err == nil {
		err = t.bucket(bucketSessions).Put([]byte(key), data)
	}
	if err != nil {
		t.sessions.drop(key)
		return wrap("put session "+key, err)
	}
	if keep, ok := asDecoded(s); ok {
		t.sessions.put(key, data, true, keep)
	} else {
		t.sessions.drop(key)
	}
	return nil
}

// DeleteSession removes a chat's session; deleting a missing one is not an
// error.
func (t *tx) DeleteSession(chat bot.ChatRef) error {
	if err := checkChat(chat); err != nil {
		return wrap("delete session", err)
	}
	t.sessions.drop(chat.Key())
	return wrap("delete session "+chat.Key(), t.bucket(bucketSessions).Delete([]byte(chat.Key())))
}

// Sessions calls fn for every stored session, in key order, stopping at fn's
// first error. The sessions are read before the first call, so fn may put or
// delete sessions (bbolt forbids changing a bucket under a live cursor).
func (t *tx) Sessions(fn func(*bot.Session) error) error {
	var all []*bot.Session
	err := t.bucket(bucketSessions).ForEach(func(k, v []byte) error {
		s := new(bot.Session)
		if err := decode(v, s); err != nil {
			return wrap("sessions: "+string(k), err)
		}
		all = append(all, s)
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range all {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// checkChat checks the parts of a ChatRef key.
func checkChat(chat bot.ChatRef) error {
	if err := checkParts("channel", chat.Channel); err != nil {
		return err
	}
	return checkLast("chat id", chat.ChatID)
}
