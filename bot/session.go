package bot

import (
	"maps"
	"slices"
	"time"
)

// Steps of the report conversation.
const (
	StepPickUnit = "pick_unit"
	StepField    = "field"
	StepReview   = "review"
	StepEditPick = "edit_pick"
	StepPickLang = "pick_lang" // the language list of /ngonngu, when no report is open
	// The review of a filed report by the chair or an admin (/xem); the
	// session has no Unit, so it is never taken for a draft.
	StepInspect      = "inspect"       // the report on screen: approve or return
	StepReturnReason = "return_reason" // the next message is the reason of a return
)

// Session is the server-side state of one chat's conversation. It is stored
// after every update, so a restart resumes at the same question.
type Session struct {
	Chat   ChatRef `json:"chat"`
	Member string  `json:"member"`
	User   string  `json:"user,omitempty"` // the account writing, for messages the member did not prompt (expiry)
	Step   string  `json:"step"`
	Period string  `json:"period,omitempty"`
	Unit   string  `json:"unit,omitempty"`
	Field  int     `json:"field,omitempty"` // index into Form.Fields while Step is StepField
	// FieldID is the ID of the field at Field when it was asked: if the form
	// changed since, the session is moved to a question that still exists.
	FieldID string           `json:"field_id,omitempty"`
	Answers map[string]Value `json:"answers,omitempty"`
	// Trail is the stack of field indexes answered or skipped, for "back".
	Trail []int `json:"trail,omitempty"`
	// Editing is set when a field is asked from the review screen, so answering
	// it returns to the review.
	Editing bool `json:"editing,omitempty"`
	// Warned is set while the review on screen shows warnings.
	Warned bool `json:"warned,omitempty"`
	// Quick is a quick entry waiting for the member to say which unit it is for.
	Quick string `json:"quick,omitempty"`
	// Fix lists the IDs of the fields a quick entry left wrong or missing,
	// still to be asked after the open one; then the review.
	Fix []string `json:"fix,omitempty"`
	// Carried marks the answers copied from the unit's previous report that
	// the member has not confirmed one by one yet (the review says so).
	Carried map[string]bool `json:"carried,omitempty"`
	// CarriedFrom and CarriedAt name the report they were copied from: its
	// period and when it was sent.
	CarriedFrom string    `json:"carried_from,omitempty"`
	CarriedAt   time.Time `json:"carried_at,omitzero"`
	// Base is the revision being corrected (0 for a first report).
	Base uint64 `json:"base,omitempty"`
	// Collect is the ID of the photo question whose answer is being
	// collected: photos sent to it are added to its answer until the member
	// says done; a photo sent when it is not set starts the answer afresh.
	Collect string `json:"collect,omitempty"`
	// Inspect is the report a review conversation (/xem) is about.
	Inspect *Inspected `json:"inspect,omitempty"`
	// Nonce changes with every question; button payloads carry it, so a press on
	// an old message is recognised and refused.
	Nonce   string    `json:"nonce"`
	Updated time.Time `json:"updated"`
	// Shown is when the open question was last shown without the member
	// writing (a restart re-asking it): a draft's idle clock (Updated) stays
	// as it was, but the member has the question in front of them again.
	Shown time.Time `json:"shown,omitzero"`
}

// Expired reports whether the session has been idle longer than ttl at now.
func (s *Session) Expired(now time.Time, ttl time.Duration) bool {
	return now.Sub(s.Updated) > ttl
}

// Clone is a copy of s that shares nothing with it that either may change:
// its own maps, slices and Inspect.
func (s *Session) Clone() *Session {
	c := *s
	c.Answers = maps.Clone(s.Answers)
	c.Trail = slices.Clone(s.Trail)
	c.Fix = slices.Clone(s.Fix)
	c.Carried = maps.Clone(s.Carried)
	if s.Inspect != nil {
		in := *s.Inspect
		c.Inspect = &in
	}
	return &c
}
