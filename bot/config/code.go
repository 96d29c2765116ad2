package config

import (
	"fmt"

	"fieldbot/bot"
)

// codes checks the fields' declared quick-entry codes: each names one field,
// so it may be neither another field's code nor another field's id. A code
// refused is dropped (the field gets a derived one), so one mistake gives
// one problem.
func (d *decoder) codes(form *bot.Form, lines []int) {
	owner := map[string]int{} // code or id → index of its field
	for i, f := range form.Fields {
		owner[f.ID] = i
	}
	for i, f := range form.Fields {
		if f.Code == "" {
			continue
		}
		if j, taken := owner[f.Code]; taken && j != i {
			d.problem(lines[i], fmt.Sprintf("form[%d].code", i), f.Code, "config.dup_code", "line", lines[j])
			form.Fields[i].Code = ""
			continue
		}
		owner[f.Code] = i
	}
}
