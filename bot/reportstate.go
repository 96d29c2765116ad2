package bot

import (
	"errors"
	"fmt"
	"time"
)

// ReportState is where a unit's report for a period stands in the review
// by the chair or an admin (issue 10 item 3). It applies to the latest
// revision: a revision filed after a return or an approval is submitted
// again, whatever the state record says of the earlier one.
type ReportState string

// The review states. The zero value reads as submitted.
const (
	StateSubmitted ReportState = "submitted" // filed, not reviewed yet (or corrected since)
	StateReturned  ReportState = "returned"  // sent back to the member with a reason
	StateApproved  ReportState = "approved"  // accepted by the chair or an admin
)

// String is the state's stable name ("approved"), for files and logs.
func (s ReportState) String() string {
	if s == "" {
		return string(StateSubmitted)
	}
	return string(s)
}

// LabelKey is the i18n key of the state's name for people ("Đã duyệt"):
// exports and screens write it with i18n.For(lang).T(s.LabelKey()).
func (s ReportState) LabelKey() string { return "state." + s.String() }

// ReviewSpec says whether reports are reviewed at all (config
// review.approval; off by default: no state is shown anywhere).
type ReviewSpec struct {
	Approval bool
}

// StateChange is one step of a report's review: what became of which
// revision, who did it, when, and the reason of a return.
type StateChange struct {
	State  ReportState `json:"state"`
	Seq    uint64      `json:"seq"` // the revision it applies to
	By     string      `json:"by"`  // member id
	At     time.Time   `json:"at"`
	Reason string      `json:"reason,omitempty"`
}

// ReviewRecord is the review of one unit's report for one period: the last
// state change, and every change before it, oldest first (the audit trail
// of the review; the revisions themselves are the trail of the figures).
type ReviewRecord struct {
	Period  string        `json:"period"`
	Unit    string        `json:"unit"`
	Changes []StateChange `json:"changes"`
}

// Last is the newest state change, or false when there is none.
func (r *ReviewRecord) Last() (StateChange, bool) {
	if r == nil || len(r.Changes) == 0 {
		return StateChange{}, false
	}
	return r.Changes[len(r.Changes)-1], true
}

// StateOf is the state of revision seq under the review record rec (nil:
// none): the last change's when it was made on that revision, else
// submitted (a correction after a return or an approval).
func (r *ReviewRecord) StateOf(seq uint64) ReportState {
	if c, ok := r.Last(); ok && c.Seq == seq {
		return c.State
	}
	return StateSubmitted
}

// ReviewTx keeps the review state of each (period, unit).
type ReviewTx interface {
	// Review returns the review record of a unit's report for a period, or
	// an error matching ErrNotFound when it was never reviewed.
	Review(period, unit string) (*ReviewRecord, error)
	// PutReview replaces the review record of (rec.Period, rec.Unit).
	PutReview(rec *ReviewRecord) error
	// PeriodReviews lists the review records of a period, by unit code.
	PeriodReviews(period string) ([]ReviewRecord, error)
}

// StateOf is the review state of the latest revision r of a unit's report,
// read through tx.
func StateOf(tx ReviewTx, r *Report) (ReportState, error) {
	rec, err := tx.Review(r.Period, r.Unit)
	switch {
	case errors.Is(err, ErrNotFound):
		return StateSubmitted, nil
	case err != nil:
		return "", fmt.Errorf("bot: review state: %w", err)
	}
	return rec.StateOf(r.Seq), nil
}

// PeriodStates maps each unit that reported in period to the review state
// of its latest revision.
func PeriodStates(tx interface {
	ReportTx
	ReviewTx
}, period string) (map[string]ReportState, error) {
	reports, err := tx.PeriodReports(period)
	if err != nil {
		return nil, fmt.Errorf("bot: period reports: %w", err)
	}
	recs, err := tx.PeriodReviews(period)
	if err != nil {
		return nil, fmt.Errorf("bot: period reviews: %w", err)
	}
	byUnit := make(map[string]*ReviewRecord, len(recs))
	for i := range recs {
		byUnit[recs[i].Unit] = &recs[i]
	}
	out := make(map[string]ReportState, len(reports))
	for _, r := range reports {
		out[r.Unit] = byUnit[r.Unit].StateOf(r.Seq)
	}
	return out, nil
}

// ApprovedCount is how many of period's reports are approved, and how
// many were filed.
func ApprovedCount(tx interface {
	ReportTx
	ReviewTx
}, period string) (approved, filed int, err error) {
	states, err := PeriodStates(tx, period)
	if err != nil {
		return 0, 0, err
	}
	for _, s := range states {
		if s == StateApproved {
			approved++
		}
	}
	return approved, len(states), nil
}
