package bot

import (
	"fmt"

	"fieldbot/i18n"
)

// notice puts, before the first reply to an account the bot has never
// written to, that this is an automated system and what it keeps (Zalo's
// terms ask for it; Telegram's users deserve the same). It is in Vietnamese,
// and also in English when that is the reader's language. Group chats and
// turns without a sender get none.
func (t *turn) notice() error {
	first := firstText(t.replies)
	if first == nil || t.u.Group || t.u.UserID == "" {
		return nil
	}
	greeted, err := t.tx.Greeted(t.u.Chat.Channel, t.u.UserID, t.now)
	if err != nil {
		return fmt.Errorf("bot: first-contact notice: %w", err)
	}
	if greeted {
		return nil
	}
	text := noticeText(i18n.For(i18n.VI), t.u.Chat.Channel)
	if t.p.Lang() != i18n.VI {
		text += "\n" + noticeText(t.p, t.u.Chat.Channel)
	}
	first.Text = text + "\n\n" + first.Text
	return nil
}

// noticeText is the notice in p's language. It names the office by its
// role, not the area: a stranger learns nothing of the deployment from it.
func noticeText(p *i18n.Printer, channel string) string {
	return p.T("notice.first", "channel", ChannelName(p, channel))
}

// firstText is the first of outs with text, or nil.
func firstText(outs []*Outgoing) *Outgoing {
	for _, out := range outs {
		if out.Text != "" {
			return out
		}
	}
	return nil
}

// MissingPhoto is the Unsupported kind of a photo the member meant to send
// whose file is not there (the console's /anh PATH with no file at PATH).
const MissingPhoto = "missing_photo"
