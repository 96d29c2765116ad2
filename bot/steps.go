package bot

// stepFn is one step of the report conversation, in the spirit of a lexer's
// state functions: how the step's question is asked, and how an input to it
// is handled. Each handler moves the session on by asking the next step.
type stepFn struct {
	ask    func(*turn) error
	handle func(*turn, input) error
}

// steps is the whole report conversation, one entry per Step. input and
// reask only look the session's step up here, so a new step is one new row.
var steps = map[string]stepFn{
	StepPickUnit:     {ask: (*turn).askUnit, handle: (*turn).pickUnit},
	StepField:        {ask: (*turn).askField, handle: (*turn).answer},
	StepReview:       {ask: (*turn).review, handle: (*turn).reviewInput},
	StepEditPick:     {ask: (*turn).askEdit, handle: (*turn).editPick},
	StepPickLang:     {ask: (*turn).askLang, handle: (*turn).pickLang},
	StepInspect:      {ask: (*turn).askInspect, handle: (*turn).inspectInput},
	StepReturnReason: {ask: (*turn).askReason, handle: (*turn).reasonInput},
}

// input applies a conversation input to the open session. Cancel means the
// same at every step, so it is handled before the step is looked up.
func (t *turn) input(in input) error {
	if in.kind == inCancel {
		t.sess = nil
		t.say(t.p.T("cancel.done"))
		return nil
	}
	if in.kind == inPhoto && t.sess.Collect != "" && !t.onPhotoQuestion() {
		return t.morePhotos(in) // the rest of an album, after the photo question moved on
	}
	st, ok := steps[t.sess.Step]
	if !ok { // a session stored by a version with other steps
		t.sess = nil
		t.say(t.p.T("error.internal"))
		return nil
	}
	return st.handle(t, in)
}

// reask renders the session's current question again (after a stale button,
// a restart, or a language switch).
func (t *turn) reask() {
	st, ok := steps[t.sess.Step]
	if !ok {
		return
	}
	if err := st.ask(t); err != nil {
		t.e.log.Error("re-ask failed", "chat", t.u.Chat.Key(), "err", err)
	}
}
