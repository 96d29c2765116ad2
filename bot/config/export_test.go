package config

import (
	"strings"
	"testing"
)

// TestExportSection: viewers may export only when the configuration says
// so; a value that is not true or false is a problem on its line.
func TestExportSection(t *testing.T) {
	c, err := Parse([]byte(base), "district.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Export.Viewers {
		t.Error("viewers may export by default")
	}
	c, err = Parse([]byte(base+"export:\n  viewers: true\n"), "district.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Export.Viewers {
		t.Error("export.viewers: true is not read")
	}
	_, err = Parse([]byte(base+"export:\n  viewers: maybe\n  admins: true\n"), "district.yaml")
	if err == nil {
		t.Fatal("no problem reported")
	}
	for _, want := range []string{"export.viewers", "maybe", "admins"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
