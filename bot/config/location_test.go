package config

import (
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestLocationFieldType: "location" is a field type the configuration
// accepts, and the error for an unknown type lists it.
func TestLocationFieldType(t *testing.T) {
	doc := strings.Replace(base, baseForm, baseForm+`  - id: place
    type: location
    label: {vi: "Vị trí công trình", en: "Where the works are"}
    required: false
`, 1)
	c, err := Parse([]byte(doc), "place.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f, _, ok := c.Form.Field("place"); !ok || f.Type != bot.FieldLocation {
		t.Fatalf("place field = %+v, %v", f, ok)
	}
	_, err = Parse([]byte(strings.Replace(doc, "type: location", "type: place", 1)), "bad.yaml")
	if err == nil || !strings.Contains(err.Error(), "location") {
		t.Errorf("an unknown type: %v, want the types listed with location", err)
	}
}
