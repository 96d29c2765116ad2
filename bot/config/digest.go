package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
)

// digest decodes the optional digest section: the word for the units as a
// group, the answers that mean nothing to report, and after how many
// periods figures are stale.
func (d *decoder) digest(n *yaml.Node) bot.DigestSpec {
	var spec bot.DigestSpec
	if isNull(n) {
		return spec
	}
	f := d.mapping(n, "digest", "unit_word", "nothing_to_report", "stale_after")
	spec.UnitWord = d.text(f.get("unit_word"), "digest.unit_word", false)
	if f.has("nothing_to_report") {
		spec.Nothing = []string{} // given empty: every answer is quoted
		for i, w := range d.list(f.get("nothing_to_report"), "digest.nothing_to_report") {
			if s := d.str(w, fmt.Sprintf("digest.nothing_to_report[%d]", i)); s != "" {
				spec.Nothing = append(spec.Nothing, s)
			}
		}
	}
	if f.has("stale_after") {
		v, ok := d.integer(f.get("stale_after"), "digest.stale_after")
		switch {
		case ok && v < 1:
			d.problem(f.at("stale_after"), "digest.stale_after", "", "config.stale_after_min")
		case ok:
			spec.StaleAfter = v
		}
	}
	return spec
}
