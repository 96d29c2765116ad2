package store

import "fieldbot/bot"

// Session returns a chat's conversation state, or an error matching
// bot.ErrNotFound.
func (t *tx) Session(chat bot.ChatRef) (*bot.Session, error) {
	if err := checkChat(chat); err != nil {
		return nil, wrap("session", err)
	}
	s := new(bot.Session)
	ok, err := getJSON(t.bucket(bucketSessions), []byte(chat.Key()), s)
	switch {
	case err != nil:
		return nil, wrap("session "+chat.Key(), err)
	case !ok:
		return nil, notFound("session %s", chat.Key())
	}
	return s, nil
}

// PutSession stores s under s.Chat, replacing the chat's previous session.
func (t *tx) PutSession(s *bot.Session) error {
	if err := checkChat(s.Chat); err != nil {
		return wrap("put session", err)
	}
	return wrap("put session "+s.Chat.Key(), putJSON(t.bucket(bucketSessions), []byte(s.Chat.Key()), s))
}

// DeleteSession removes a chat's session; deleting a missing one is not an
// error.
func (t *tx) DeleteSession(chat bot.ChatRef) error {
	if err := checkChat(chat); err != nil {
		return wrap("delete session", err)
	}
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
