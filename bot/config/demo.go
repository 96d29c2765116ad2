package config

import (
	_ "embed"

	"fieldbot/bot"
)

// demoYAML is the built-in demo: Chợ Đồn district, Bắc Kạn province, 2020,
// with district totals from the source document and an invented split.
//
//go:embed demo.yaml
var demoYAML []byte

// DemoName is the file name the demo's errors and listings use.
const DemoName = "demo.yaml"

// DemoYAML returns a copy of the embedded demo file, for `fieldbot demo` to
// write out as a starting point.
func DemoYAML() []byte { return append([]byte(nil), demoYAML...) }

// Demo parses the embedded demo. It panics only if the embedded file is
// broken, which TestDemo guards against.
func Demo() *bot.Config {
	c, err := Parse(demoYAML, DemoName)
	if err != nil {
		panic("config: the embedded demo is invalid: " + err.Error())
	}
	return c
}
