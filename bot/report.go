package bot

import "time"

// Value is one answer. Numbers live in Num; texts, choice IDs, dates
// (YYYY-MM-DD) and photo references live in Text. A field without an answer is
// absent from the map that holds values.
type Value struct {
	Num  float64 `json:"n,omitempty"`
	Text string  `json:"t,omitempty"`
}

// Report is one revision of a unit's report for a period. Revisions are never
// overwritten: a correction is a new revision with the next Seq.
type Report struct {
	Period  string           `json:"period"`
	Unit    string           `json:"unit"`
	Seq     uint64           `json:"seq"` // 1 for the first revision
	Member  string           `json:"member"`
	Channel string           `json:"channel"`
	At      time.Time        `json:"at"`
	Values  map[string]Value `json:"values"`
	// Changed lists the field IDs whose value differs from the previous revision
	// (every answered field for the first one).
	Changed []string `json:"changed,omitempty"`
	// Late is set when the report was first filed after its period's
	// deadline; its corrections keep it.
	Late bool `json:"late,omitempty"`
}

// Diff lists the IDs of form fields whose values differ between prev and next,
// in form order.
func (f *Form) Diff(prev, next map[string]Value) []string {
	var out []string
	for _, fl := range f.Fields {
		a, aok := prev[fl.ID]
		b, bok := next[fl.ID]
		if aok != bok || a != b {
			out = append(out, fl.ID)
		}
	}
	return out
}
