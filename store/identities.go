package store

import (
	"bytes"
	"strings"

	"fieldbot/bot"
)

// Identity returns the member bound to a platform user, or an error matching
// bot.ErrNotFound.
func (t *tx) Identity(channel, userID string) (string, error) {
	if err := checkIdentity(channel, userID); err != nil {
		return "", wrap("identity", err)
	}
	v := t.bucket(bucketIdentities).Get(key(channel, userID))
	if v == nil {
		return "", notFound("identity %s/%s", channel, userID)
	}
	return string(v), nil
}

// PutIdentity binds a platform user to a member, replacing an earlier binding
// of that user (and its entry in the member's reverse index).
func (t *tx) PutIdentity(channel, userID, memberID string) error {
	if err := checkIdentity(channel, userID); err != nil {
		return wrap("put identity", err)
	}
	if err := checkParts("member id", memberID); err != nil {
		return wrap("put identity", err)
	}
	ids, chats := t.bucket(bucketIdentities), t.bucket(bucketMemberChats)
	k := key(channel, userID)
	if old := ids.Get(k); old != nil {
		if err := chats.Delete(key(string(old), channel, userID)); err != nil {
			return wrap("put identity: drop old binding", err)
		}
	}
	if err := ids.Put(k, []byte(memberID)); err != nil {
		return wrap("put identity", err)
	}
	return wrap("put identity: index", chats.Put(key(memberID, channel, userID), nil))
}

// IdentitiesOf lists the chats bound to a member, ordered by channel then user
// id. A member's private chat on every channel is addressed by the user id.
func (t *tx) IdentitiesOf(memberID string) ([]bot.ChatRef, error) {
	if err := checkParts("member id", memberID); err != nil {
		return nil, wrap("identities of", err)
	}
	p := prefix(memberID)
	var out []bot.ChatRef
	c := t.bucket(bucketMemberChats).Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		channel, userID, ok := strings.Cut(string(k[len(p):]), "/")
		if !ok {
			return nil, wrap("identities of", errBadKey(bucketMemberChats, k))
		}
		out = append(out, bot.ChatRef{Channel: channel, ChatID: userID})
	}
	return out, nil
}

// checkIdentity checks the parts of an identities key.
func checkIdentity(channel, userID string) error {
	if err := checkParts("channel", channel); err != nil {
		return err
	}
	return checkLast("user id", userID)
}
