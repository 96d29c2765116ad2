package digest

import (
	"fieldbot/bot"
	"fieldbot/i18n"
)

// Rating is one choice field (the progress rating: on track, behind, at
// risk) counted over the reports of the digest's period.
type Rating struct {
	Field   string
	Label   i18n.Text
	Choices []ChoiceCount // in the form's order, the first the best
	Unrated int           // units that reported without answering it
}

// ChoiceCount is one option of a rating with the units that chose it.
type ChoiceCount struct {
	ID    string
	Label i18n.Text
	Units []string // unit codes, in configuration order
}

// Rated is how many units answered the rating.
func (r Rating) Rated() int {
	n := 0
	for _, c := range r.Choices {
		n += len(c.Units)
	}
	return n
}

// ratings counts every choice field of the form over this period's reports.
func ratings(cfg *bot.Config, cur map[string]*bot.Report, period string) []Rating {
	var out []Rating
	for _, f := range cfg.Form.Fields {
		if f.Type != bot.FieldSelect || len(f.Choices) == 0 {
			continue
		}
		r := Rating{Field: f.ID, Label: f.Label}
		at := map[string]int{}
		for i, c := range f.Choices {
			r.Choices = append(r.Choices, ChoiceCount{ID: c.ID, Label: c.Label})
			at[c.ID] = i
		}
		for _, u := range cfg.Units {
			rep := cur[u.Code]
			if rep == nil || rep.Period != period {
				continue
			}
			if i, ok := at[rep.Values[f.ID].Text]; ok {
				r.Choices[i].Units = append(r.Choices[i].Units, u.Code)
			} else {
				r.Unrated++
			}
		}
		out = append(out, r)
	}
	return out
}
