package store

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"fieldbot/bot"
)

// Identity returns the account (channel, userID) with its member and private
// chat, or an error matching bot.ErrNotFound.
func (t *tx) Identity(channel, userID string) (bot.Identity, error) {
	if err := checkIdentity(channel, userID); err != nil {
		return bot.Identity{}, wrap("identity", err)
	}
	v := t.bucket(bucketIdentities).Get(key(channel, userID))
	if v == nil {
		return bot.Identity{}, notFound("identity %s/%s", channel, userID)
	}
	id, err := decodeIdentity(channel, userID, v)
	return id, wrap("identity", err)
}

// decodeIdentity reads an identities value into a record of (channel, userID).
func decodeIdentity(channel, userID string, v []byte) (bot.Identity, error) {
	var id bot.Identity
	if err := decode(v, &id); err != nil {
		return bot.Identity{}, err
	}
	id.Channel, id.UserID = channel, userID
	if id.Chat == "" {
		id.Chat = userID
	}
	return id, nil
}

// PutIdentity stores an account's record, replacing an earlier binding of
// that account (and its entry in the member's reverse index).
func (t *tx) PutIdentity(id bot.Identity) error {
	if err := checkIdentity(id.Channel, id.UserID); err != nil {
		return wrap("put identity", err)
	}
	if err := checkParts("member id", id.Member); err != nil {
		return wrap("put identity", err)
	}
	ids, chats := t.bucket(bucketIdentities), t.bucket(bucketMemberChats)
	k := key(id.Channel, id.UserID)
	if v := ids.Get(k); v != nil {
		old, err := decodeIdentity(id.Channel, id.UserID, v)
		if err != nil {
			return wrap("put identity: old binding", err)
		}
		if err := chats.Delete(key(old.Member, id.Channel, id.UserID)); err != nil {
			return wrap("put identity: drop old binding", err)
		}
	}
	if err := putJSON(ids, k, id); err != nil {
		return wrap("put identity", err)
	}
	return wrap("put identity: index", chats.Put(key(id.Member, id.Channel, id.UserID), nil))
}

// IdentitiesOf lists the accounts bound to a member, ordered by channel then
// user id.
func (t *tx) IdentitiesOf(memberID string) ([]bot.Identity, error) {
	if err := checkParts("member id", memberID); err != nil {
		return nil, wrap("identities of", err)
	}
	p := prefix(memberID)
	var out []bot.Identity
	c := t.bucket(bucketMemberChats).Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		channel, userID, ok := strings.Cut(string(k[len(p):]), "/")
		if !ok {
			return nil, wrap("identities of", errBadKey(bucketMemberChats, k))
		}
		id, err := t.Identity(channel, userID)
		if err != nil {
			return nil, wrap("identities of "+memberID, err)
		}
		out = append(out, id)
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

// MarkUnreachable records why deliveries to a bound account are refused;
// an account no member is bound to (a stranger, a group) is left alone.
func (t *tx) MarkUnreachable(channel, userID string, why bot.Reason, at time.Time) error {
	id, err := t.Identity(channel, userID)
	if errors.Is(err, bot.ErrNotFound) {
		return nil
	}
	if err != nil {
		return wrap("mark unreachable", err)
	}
	id.Unreachable, id.UnreachableAt = why, at
	return t.PutIdentity(id)
}
