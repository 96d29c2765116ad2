package config

import (
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
)

// maxSymbol is the longest report symbol accepted ("BC-BCĐ" is 6 letters).
const maxSymbol = 20

// report decodes the optional report section: the letterhead and the
// signature of the official PDF report. Official names and titles may be a
// single text for every language.
func (d *decoder) report(n *yaml.Node) bot.ReportSpec {
	var spec bot.ReportSpec
	if isNull(n) {
		return spec
	}
	f := d.mapping(n, "report", "parent", "issuer", "symbol", "place", "signer_title", "signer", "recipients")
	spec.Parent = d.text(f.get("parent"), "report.parent", true)
	spec.Issuer = d.text(f.get("issuer"), "report.issuer", true)
	spec.Place = d.text(f.get("place"), "report.place", true)
	spec.SignerTitle = d.text(f.get("signer_title"), "report.signer_title", true)
	if f.has("signer") {
		spec.Signer = d.str(f.get("signer"), "report.signer")
	}
	if f.has("symbol") {
		s := d.str(f.get("symbol"), "report.symbol")
		switch {
		case s == "":
		case len([]rune(s)) > maxSymbol || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }):
			d.problem(f.at("symbol"), "report.symbol", s, "config.bad_symbol")
		default:
			spec.Symbol = s
		}
	}
	for i, r := range d.list(f.get("recipients"), "report.recipients") {
		if t := d.text(r, fmt.Sprintf("report.recipients[%d]", i), true); t != nil {
			spec.Recipients = append(spec.Recipients, t)
		}
	}
	return spec
}
