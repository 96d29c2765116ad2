package bot

import (
	"strings"
)

// MaxPhotos is how many photos one photo question keeps (a Telegram album
// holds at most ten).
const MaxPhotos = 10

// Photo is one photo of a photo answer: the platform's or the store's
// reference, and the caption sent with it.
type Photo struct {
	Ref     string
	Caption string
}

// PhotosOf reads the photos of a photo answer (the office's web page shows
// them).
func PhotosOf(v Value) []Photo { return photosOf(v) }

// photosOf reads the photos of a photo answer. Its Text holds one photo a
// line, "REF" or "REF<tab>CAPTION"; an answer stored before photo answers
// held several is one photo without a caption, and reads the same way.
func photosOf(v Value) []Photo {
	if v.Text == "" {
		return nil
	}
	var out []Photo
	for _, line := range strings.Split(v.Text, "\n") {
		ref, caption, _ := strings.Cut(line, "\t")
		if ref != "" {
			out = append(out, Photo{Ref: ref, Caption: caption})
		}
	}
	return out
}

// photoValue writes photos as a photo answer (see photosOf). Captions lose
// their tabs and line breaks, which the encoding reserves.
func photoValue(ps []Photo) Value {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Ref
		if c := strings.Join(strings.Fields(p.Caption), " "); c != "" {
			lines[i] += "\t" + c
		}
	}
	return Value{Text: strings.Join(lines, "\n")}
}

// photoInput handles a photo sent to a photo question: it is the answer,
// with its caption, and the report moves on. The session keeps collecting
// for the question (Collect), so the rest of an album, or a photo sent just
// after, is added to the same answer (morePhotos). It reports false for
// anything but a photo, which the question handles as usual.
func (t *turn) photoInput(f *Field, in input) (bool, error) {
	if in.kind != inPhoto {
		return false, nil
	}
	s := t.sess
	ps := []Photo{{Ref: in.text, Caption: strings.TrimSpace(t.u.Text)}}
	s.Answers[f.ID], s.Collect = photoValue(ps), f.ID
	from := len(t.replies)
	err := t.next()
	t.lead(from, t.p.Plural("photo.received", len(ps), "field", f.Label.In(t.p.Lang())))
	return true, err
}

// lead puts text at the head of the first reply said since index from (the
// question that follows), or says it alone when there is none: one message,
// not two.
func (t *turn) lead(from int, text string) {
	if from < len(t.replies) {
		t.replies[from].Text = text + "\n\n" + t.replies[from].Text
		return
	}
	t.say(text)
}

// onPhotoQuestion reports whether the session is at a photo question.
func (t *turn) onPhotoQuestion() bool {
	s := t.sess
	return s.Step == StepField && s.Field < len(t.e.cfg.Form.Fields) && t.e.cfg.Form.Fields[s.Field].Type == FieldPhoto
}

// morePhotos adds a photo to the answer being collected (see photoInput),
// wherever the conversation is now, and asks the open question again.
func (t *turn) morePhotos(in input) error {
	s := t.sess
	f, _, ok := t.e.cfg.Form.Field(s.Collect)
	if !ok { // the form changed: nothing to add to
		s.Collect = ""
		return t.input(in)
	}
	ps := photosOf(s.Answers[f.ID])
	label := f.Label.In(t.p.Lang())
	if len(ps) >= MaxPhotos {
		t.say(t.p.T("photo.too_many", "field", label, "max", MaxPhotos))
		t.reask()
		return nil
	}
	ps = append(ps, Photo{Ref: in.text, Caption: strings.TrimSpace(t.u.Text)})
	s.Answers[f.ID] = photoValue(ps)
	from := len(t.replies)
	t.reask()
	t.lead(from, t.p.Plural("photo.received", len(ps), "field", label))
	return nil
}

// formatPhotos writes a photo answer for people: how many photos, and
// their captions.
func (v view) formatPhotos(val Value) string {
	ps := photosOf(val)
	s := v.p.Plural("photo.count", len(ps))
	var caps []string
	for _, p := range ps {
		if p.Caption != "" {
			caps = append(caps, "“"+p.Caption+"”")
		}
	}
	if len(caps) > 0 {
		s += " (" + strings.Join(caps, ", ") + ")"
	}
	return s
}

// markAlbums sets albumMore on every album photo followed, later in ups,
// by a photo of the same album in the same chat, so that an album handled
// in one batch is answered once, after its last photo.
func markAlbums(ups []Update) {
	last := map[[2]string]int{}
	for i := range ups {
		if ups[i].MediaGroup != "" {
			last[[2]string{ups[i].Chat.Key(), ups[i].MediaGroup}] = i
		}
	}
	for i := range ups {
		if g := ups[i].MediaGroup; g != "" && last[[2]string{ups[i].Chat.Key(), g}] > i {
			ups[i].albumMore = true
		}
	}
}
