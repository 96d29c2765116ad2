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

// unsupported answers content the bot cannot read (a sticker, a voice
// message, a message Zalo hides) by saying so and what it can read, then
// asks the open question again.
func (t *turn) unsupported() {
	key := "unsupported." + t.u.Unsupported
	switch t.u.Unsupported {
	case "sticker", "voice", "file", "unsupported":
	case MissingPhoto: // what was meant is clear: only the file is not there
		t.say(t.p.T("unsupported.missing_photo"))
		if t.sess != nil {
			t.reask()
		}
		return
	default:
		key = "unsupported.other"
	}
	t.say(t.p.T(key) + " " + t.p.T("unsupported.what"))
	if t.sess != nil {
		t.reask()
	}
}

// keepPhoto stores the bytes of a photo the platform does not keep (Zalo),
// when the open question asks for one, and refers to them instead; other
// photos' bytes are not kept (nobody asked for them). It reports false when
// such a photo came without its bytes (the download failed): the member was
// told, and the update is done.
func (t *turn) keepPhoto() (bool, error) {
	if t.u.Photo != "" && len(t.u.PhotoData) == 0 && t.e.caps(t.u.Chat.Channel).Photos == PhotoURL {
		t.say(t.p.T("unsupported.photo_failed") + " " + t.p.T("unsupported.what"))
		if t.sess != nil {
			t.reask()
		}
		return false, nil
	}
	if len(t.u.PhotoData) == 0 {
		return true, nil
	}
	s := t.sess
	if s == nil || s.Step != StepField || s.Field >= len(t.e.cfg.Form.Fields) || t.e.cfg.Form.Fields[s.Field].Type != FieldPhoto {
		return true, nil
	}
	h, err := t.tx.PutBlob(t.u.PhotoData)
	if err != nil {
		return false, fmt.Errorf("bot: keep photo: %w", err)
	}
	t.u.Photo = BlobPrefix + h
	return true, nil
}

// BlobPrefix marks a photo reference that is a stored blob's hash.
const BlobPrefix = "blob:"
