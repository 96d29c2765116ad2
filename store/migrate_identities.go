package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// migrateIdentities is schema version 2. Version 1 stored an identity as the
// bare member id and assumed the private chat's id was the user id (true on
// Telegram, not on Zalo), kept "unreachable" once per member, and kept dead
// letters with the platform's text only. Version 2 stores each identity as a
// bot.Identity record (member, private chat, unreachable mark), moves a
// member's mark to their Telegram accounts (the only channel that could
// refuse), and gives dead letters a cause. The time of a moved mark is not
// known and stays zero.
func migrateIdentities(btx *bolt.Tx) error {
	marks, err := takeMemberMarks(btx.Bucket(bucketMembers))
	if err != nil {
		return err
	}
	ids := btx.Bucket(bucketIdentities)
	type row struct{ k, v []byte }
	var rows []row
	err = ids.ForEach(func(k, v []byte) error {
		channel, userID, ok := strings.Cut(string(k), "/")
		if !ok {
			return errBadKey(bucketIdentities, k)
		}
		id := bot.Identity{Channel: channel, UserID: userID, Member: string(v), Chat: userID}
		if len(v) > 0 && v[0] == '{' {
			return nil // already a record
		}
		if mark, ok := marks[id.Member]; ok && mark != "" && channel == "telegram" {
			// Version 1 marked a member only when Telegram refused them
			// for good (a console never refuses): the mark is the
			// Telegram account's, and the cause one that means unreachable.
			id.Unreachable = legacyCause(mark)
			if !id.Unreachable.Unreachable() {
				id.Unreachable = bot.ReasonChatGone
			}
		}
		data, err := encode(id)
		if err != nil {
			return err
		}
		rows = append(rows, row{bytes.Clone(k), data})
		return nil
	})
	if err != nil {
		return fmt.Errorf("identities: %w", err)
	}
	for _, r := range rows { // never write while iterating a cursor
		if err := ids.Put(r.k, r.v); err != nil {
			return fmt.Errorf("identities: %w", err)
		}
	}
	return causeDeadLetters(btx.Bucket(bucketDead))
}

// takeMemberMarks removes the version 1 "unreachable" field from every
// member state and returns it by member.
func takeMemberMarks(b *bolt.Bucket) (map[string]string, error) {
	marks := map[string]string{}
	rewrite := map[string][]byte{}
	err := b.ForEach(func(k, v []byte) error {
		var st map[string]json.RawMessage
		if err := json.Unmarshal(v, &st); err != nil {
			return fmt.Errorf("member state %s: %w", k, err)
		}
		raw, ok := st["unreachable"]
		if !ok {
			return nil
		}
		var mark string
		if err := json.Unmarshal(raw, &mark); err != nil {
			return fmt.Errorf("member state %s: %w", k, err)
		}
		marks[string(k)] = mark
		delete(st, "unreachable")
		data, err := json.Marshal(st)
		rewrite[string(k)] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	for k, v := range rewrite {
		if err := b.Put([]byte(k), v); err != nil {
			return nil, fmt.Errorf("member state %s: %w", k, err)
		}
	}
	return marks, nil
}

// causeDeadLetters gives every version 1 dead letter a cause.
func causeDeadLetters(b *bolt.Bucket) error {
	rewrite := map[string][]byte{}
	err := b.ForEach(func(k, v []byte) error {
		dl, err := decodeDead(k, v)
		if err != nil {
			return err
		}
		if dl.Cause != "" {
			return nil
		}
		dl.Cause = legacyCause(dl.Reason)
		data, err := encode(dl)
		rewrite[string(k)] = data
		return err
	})
	if err != nil {
		return fmt.Errorf("dead letters: %w", err)
	}
	for k, v := range rewrite {
		if err := b.Put([]byte(k), v); err != nil {
			return fmt.Errorf("dead letters: %w", err)
		}
	}
	return nil
}

// legacyCause reads the cause out of a version 1 failure text, which was
// Telegram's answer or the sender's "gave up after". Only this migration
// reads such texts: since version 2 the adapter says why.
func legacyCause(text string) bot.Reason {
	t := strings.ToLower(text)
	switch { // in the order version 1 read them
	case strings.Contains(t, "blocked"):
		return bot.ReasonBlocked
	case strings.Contains(t, "not found"), strings.Contains(t, "deactivated"), strings.Contains(t, "kicked"),
		strings.Contains(t, "peer_id_invalid"):
		return bot.ReasonChatGone
	case strings.Contains(t, "gave up after"):
		return bot.ReasonGaveUp
	}
	return bot.ReasonRefused
}
