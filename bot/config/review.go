package config

import (
	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
)

// review decodes the optional review section: whether the chair and admins
// approve or return reports (review.approval, off when absent).
func (d *decoder) review(n *yaml.Node) bot.ReviewSpec {
	var spec bot.ReviewSpec
	if isNull(n) {
		return spec
	}
	f := d.mapping(n, "review", "approval")
	spec.Approval = d.boolean(f.get("approval"), "review.approval", false)
	return spec
}
