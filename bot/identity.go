package bot

import "time"

// Identity is a member's account on one channel: who they are there, and the
// private chat the bot talks to them in. On Telegram the private chat's id
// is the user's id; on Zalo it is not, so both are kept.
type Identity struct {
	Channel string `json:"-"`
	UserID  string `json:"-"`
	Member  string `json:"member"`
	// Chat is the account's private chat: replies and reminders go there.
	Chat string `json:"chat,omitempty"`
	// Unreachable is why the last delivery to this account failed for
	// good ("" while it is reachable); cleared when the account writes.
	Unreachable   Reason    `json:"unreachable,omitempty"`
	UnreachableAt time.Time `json:"unreachable_at,omitzero"`
}

// ChatRef is the account's private chat.
func (id Identity) ChatRef() ChatRef {
	chat := id.Chat
	if chat == "" {
		chat = id.UserID
	}
	return ChatRef{Channel: id.Channel, ChatID: chat}
}

// Key names the account: "zalo/<user id>".
func (id Identity) Key() string { return id.Channel + "/" + id.UserID }

// pickAccount is the one account scheduled messages for a member go to: the
// preferred one (last written from, or chosen with /kenh) while it can be
// reached, else the first that can; when none can, the preferred one still,
// so the refusal is recorded and shown.
func pickAccount(ids []Identity, prefer string) (Identity, bool) {
	if len(ids) == 0 {
		return Identity{}, false
	}
	preferred, reachable := -1, -1
	for i, id := range ids {
		if id.Key() == prefer {
			preferred = i
		}
		if reachable < 0 && id.Unreachable == "" {
			reachable = i
		}
	}
	switch {
	case preferred >= 0 && ids[preferred].Unreachable == "":
		return ids[preferred], true
	case reachable >= 0:
		return ids[reachable], true
	case preferred >= 0:
		return ids[preferred], true
	}
	return ids[0], true
}
