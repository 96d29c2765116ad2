package bot

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
)

// inputKind is what a message or button press means inside a conversation.
type inputKind int

const (
	inText     inputKind = iota // a typed answer (numbers for choices included)
	inChoice                    // a pressed numbered button
	inPhoto                     // an attached photo
	inBack                      // ⬅ back
	inSkip                      // skip an optional question
	inCancel                    // cancel the conversation
	inConfirm                   // save the report
	inEdit                      // choose an answer to change
	inKeep                      // keep the answer already given and go on
	inLocation                  // a shared place
)

// input is one conversation input.
type input struct {
	kind inputKind
	n    int      // the choice number, for inChoice
	text string   // the typed text or photo reference
	loc  Location // the place, for inLocation
}

// choice returns the number the input picks: a pressed button's, or a typed
// whole number.
func (in input) choice() (int, bool) {
	if in.kind == inChoice {
		return in.n, true
	}
	if in.kind != inText {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(in.text), "."))
	return n, err == nil
}

// typed reads a plain message sent during a conversation.
func (t *turn) typed(text string) input {
	if t.u.Photo != "" {
		return input{kind: inPhoto, text: t.u.Photo}
	}
	if l := t.u.Location; l != nil {
		return input{kind: inLocation, loc: *l}
	}
	if in, ok := navWord(text); ok {
		return in
	}
	return input{kind: inText, text: text}
}

// Button payloads are "<nonce>:<code>": the nonce ties the button to the
// session's current question, and the code is a choice number or an action.
// Nothing in a payload names a unit or a member, so a forged payload can at
// most pick among the choices the session offers. The navigation codes are
// in navTable; langPrefix marks the language buttons, which need no session.
const langPrefix = "L:"

// payload builds a button payload for the session's current question.
func (s *Session) payload(code string) string { return s.Nonce + ":" + code }

// newNonce gives the session a fresh, unguessable question nonce.
func (s *Session) newNonce() {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("bot: crypto/rand: " + err.Error()) // never happens on supported systems
	}
	s.Nonce = strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
}

// callback handles a pressed button.
func (t *turn) callback(cb *Callback) error {
	if l, ok := strings.CutPrefix(cb.Data, langPrefix); ok {
		if err := t.setLang(l); err != nil || t.sess == nil {
			return err
		}
		t.reask()
		return nil
	}
	if n, ok := strings.CutPrefix(cb.Data, remindPrefix); ok {
		if n, key, past := strings.Cut(n, periodSep); past { // a nudge for an ended period
			p, err := t.e.cfg.Period.ParsePeriod(key, t.e.cfg.Area.Location)
			if err != nil || t.now.Before(p.Start) { // never sent: forged
				t.say(t.p.T("button.stale"))
				return nil
			}
			t.want = &p
			return t.reportUnit(n)
		}
		return t.reportUnit(n)
	}
	if ref, ok := strings.CutPrefix(cb.Data, applyPrefix); ok {
		return t.applyRosterFile(ref)
	}
	if key, ok := strings.CutPrefix(cb.Data, nudgePrefix); ok {
		return t.nudgeButton(key)
	}
	nonce, code, _ := strings.Cut(cb.Data, ":")
	if t.sess == nil || nonce != t.sess.Nonce || nonce == "" {
		t.say(t.p.T("button.stale"))
		if t.sess != nil {
			t.reask()
		}
		return nil
	}
	t.edit = true
	if key, ok := strings.CutPrefix(code, periodCode); ok && t.sess.Step == StepPickUnit {
		t.edit = false
		return t.choosePeriod(key)
	}
	if in, ok := navCode(code); ok {
		return t.input(in)
	}
	n, err := strconv.Atoi(code)
	if err != nil || n < 1 {
		t.edit = false
		t.say(t.p.T("button.stale"))
		t.reask()
		return nil
	}
	return t.input(input{kind: inChoice, n: n})
}
