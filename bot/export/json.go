package export

import (
	"encoding/json"
	"fmt"
	"time"

	"fieldbot/i18n"
)

// Row is one report in the JSON export. Its keys are stable: the context
// under fixed names, answers and targets under the form's field IDs.
type Row struct {
	Period      string `json:"period"`
	Unit        string `json:"unit"`
	UnitName    string `json:"unit_name"`
	Member      string `json:"member"`
	MemberName  string `json:"member_name"`
	Channel     string `json:"channel"`
	SubmittedAt string `json:"submitted_at"` // RFC 3339, in the area's zone
	Revision    uint64 `json:"revision"`
	State       string `json:"state"` // submitted, returned or approved
	Late        bool   `json:"late"`
	// Values are the answers by field ID: numbers in the field's unit, a
	// choice's ID, true or false for yes/no, a date as YYYY-MM-DD, a text,
	// a place as "lat,lon", a photo answer as how many photos. A question
	// not answered is absent.
	Values map[string]any `json:"values"`
	// Targets are the unit's targets by field ID.
	Targets map[string]float64 `json:"targets"`
}

// JSON writes d as an array of Row, names (of units, choices) in lang.
func JSON(d *Data, lang i18n.Lang) ([]byte, error) {
	t := newTable(d, lang)
	rows := make([]Row, 0, len(d.Reports))
	for i := range d.Reports {
		r := &d.Reports[i]
		row := Row{Values: map[string]any{}, Targets: map[string]float64{}}
		for _, c := range t.cols {
			v := c.value(r)
			switch {
			case c.target:
				if v.kind == number {
					row.Targets[c.key] = v.num
				}
			case c.field != nil:
				if x := jsonValue(v); x != nil {
					row.Values[c.key] = x
				}
			default:
				row.context(c.key, v)
			}
		}
		rows = append(rows, row)
	}
	b, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("export: json: %w", err)
	}
	return append(b, '\n'), nil
}

// context sets the context value of column key.
func (row *Row) context(key string, v cell) {
	switch key {
	case "period":
		row.Period = v.text
	case "unit":
		row.Unit = v.text
	case "unit_name":
		row.UnitName = v.text
	case "member":
		row.Member = v.text
	case "member_name":
		row.MemberName = v.text
	case "channel":
		row.Channel = v.id // the channel's id ("telegram"), as stored
	case "submitted_at":
		row.SubmittedAt = v.at.Format(time.RFC3339)
	case "revision":
		row.Revision = uint64(v.num)
	case "state":
		row.State = v.id
	case "late":
		row.Late = v.yes
	}
}

// jsonValue is an answer's JSON value; nil for none.
func jsonValue(v cell) any {
	switch v.kind {
	case number:
		return v.num
	case flag:
		return v.yes
	case text:
		if v.id != "" {
			return v.id
		}
		return v.text
	}
	return nil
}
