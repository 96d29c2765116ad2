package bot

// fitForm fits a stored session to the form as it is now, after the
// configuration changed between two messages (a field removed, moved or
// added): answers to fields that are gone are dropped, the others kept; an
// open question that moved is followed by its ID; one that is gone gives way
// to the first question still unanswered, or to the review. It reports
// whether anything had to change.
func (t *turn) fitForm() bool {
	s, form := t.sess, &t.e.cfg.Form
	changed := false
	for id := range s.Answers {
		if _, _, ok := form.Field(id); !ok {
			delete(s.Answers, id)
			changed = true
		}
	}
	trail := s.Trail[:0]
	for _, i := range s.Trail {
		if i >= 0 && i < len(form.Fields) {
			trail = append(trail, i)
		} else {
			changed = true
		}
	}
	s.Trail = trail
	if s.Step == StepField && !t.fieldStillThere() {
		t.moveToFirstUnanswered()
		changed = true
	}
	if changed && s.Step == StepField {
		// Positions in the form moved: "back" walks the questions asked of
		// the unit before this one, as they are now.
		s.Trail = s.Trail[:0]
		for _, i := range t.applicable() {
			if i < s.Field {
				s.Trail = append(s.Trail, i)
			}
		}
	}
	if _, known := steps[s.Step]; !known {
		s.Step = StepReview // an unknown step: show what there is
		changed = true
	}
	return changed
}

// fieldStillThere reports whether the open question is still in the form,
// following it to its new place if it moved.
func (t *turn) fieldStillThere() bool {
	s, form := t.sess, &t.e.cfg.Form
	if s.FieldID == "" { // stored before FieldID: trust the index if it is valid
		return s.Field >= 0 && s.Field < len(form.Fields)
	}
	_, i, ok := form.Field(s.FieldID)
	if ok {
		s.Field = i
	}
	return ok
}

// moveToFirstUnanswered opens the first question of the unit not answered
// yet, or the review when every one is.
func (t *turn) moveToFirstUnanswered() {
	s := t.sess
	for _, i := range t.applicable() {
		if _, ok := s.Answers[t.e.cfg.Form.Fields[i].ID]; !ok {
			s.Step, s.Field, s.FieldID = StepField, i, t.e.cfg.Form.Fields[i].ID
			return
		}
	}
	s.Step = StepReview
}
