package bot

import "fmt"

// unsupported answers content the bot cannot read (a sticker, a voice
// message, a message Zalo hides) by saying so and what it can read, then
// asks the open question again.
func (t *turn) unsupported() {
	key := "unsupported." + t.u.Unsupported
	switch t.u.Unsupported {
	case "sticker", "voice", "file", "unsupported", "photo_failed":
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
// when the open question asks for one or a photo answer is being collected, and refers to them instead; other
// photos' bytes are not kept (nobody asked for them). A photo the adapter
// could not download arrives as Unsupported "photo_failed" instead.
func (t *turn) keepPhoto() error {
	if len(t.u.PhotoData) == 0 {
		return nil
	}
	if t.sess == nil || !t.onPhotoQuestion() && t.sess.Collect == "" { // Collect: a photo added to an answer
		return nil
	}
	h, err := t.tx.PutBlob(t.u.PhotoData)
	if err != nil {
		return fmt.Errorf("bot: keep photo: %w", err)
	}
	t.u.Photo = BlobPrefix + h
	return nil
}

// BlobPrefix marks a photo reference that is a stored blob's hash.
const BlobPrefix = "blob:"
