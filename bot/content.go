package bot

import "fmt"

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
