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
