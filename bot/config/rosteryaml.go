package config

import (
	"bytes"

	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// ParseRoster decodes a roster file in the configuration's own syntax: the
// area totals (area: totals:), units and members sections, checked as the
// configuration checks them, against form; name is the file name used in
// error messages. Any problem gives an *Error with its line.
func ParseRoster(data []byte, name string, form *bot.Form) (*bot.Roster, error) {
	d := &decoder{}
	r := &bot.Roster{}
	if root := d.document(data); root != nil {
		f := d.mapping(root, "", "area", "units", "members")
		d.need(f, "units", "members")
		af := d.mapping(f.get("area"), "area", "totals")
		units := d.units(f.get("units"), form)
		r.Units = units.list
		r.Members = d.members(f.get("members"), units)
		d.deputies(&bot.Config{Units: r.Units, Members: r.Members}, units)
		var a bot.Area
		d.totals(&a, d.pairs(af.get("totals"), "area.totals"), units, form)
		r.Totals = a.Targets
	}
	if err := d.err(name); err != nil {
		return nil, err
	}
	return r, nil
}

// The roster as RosterYAML writes it: the configuration's keys, in its order.
type (
	yamlRoster struct {
		Area    *yamlArea    `yaml:"area,omitempty"`
		Units   []yamlUnit   `yaml:"units"`
		Members []yamlMember `yaml:"members"`
	}
	yamlArea struct {
		Totals map[string]float64 `yaml:"totals"`
	}
	yamlUnit struct {
		Code    string             `yaml:"code"`
		Name    i18n.Text          `yaml:"name"`
		Targets map[string]float64 `yaml:"targets,omitempty,flow"`
		Deputy  string             `yaml:"deputy,omitempty"`
	}
	yamlMember struct {
		ID     string    `yaml:"id"`
		Name   string    `yaml:"name"`
		Title  i18n.Text `yaml:"title,omitempty"`
		Phone  string    `yaml:"phone,omitempty"`
		Role   bot.Role  `yaml:"role"`
		Lang   i18n.Lang `yaml:"lang,omitempty"`
		Units  []string  `yaml:"units,omitempty,flow"`
		Active *bool     `yaml:"active,omitempty"`
	}
)

// RosterYAML writes r in the configuration's syntax: the sections to put in
// a configuration file in place of its own, or to import with ParseRoster.
func RosterYAML(r *bot.Roster) ([]byte, error) {
	y := yamlRoster{}
	if len(r.Totals) > 0 {
		y.Area = &yamlArea{Totals: r.Totals}
	}
	for _, u := range r.Units {
		y.Units = append(y.Units, yamlUnit{Code: u.Code, Name: u.Name, Targets: u.Targets, Deputy: u.Deputy})
	}
	for _, m := range r.Members {
		ym := yamlMember{ID: m.ID, Name: m.Name, Title: m.Title, Phone: m.Phone, Role: m.Role, Lang: m.Lang, Units: m.Units}
		if m.Inactive {
			no := false
			ym.Active = &no
		}
		y.Members = append(y.Members, ym)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2) // as the configuration is written
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
