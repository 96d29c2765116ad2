package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestRosterYAMLRoundTrip: the demo's roster written by RosterYAML reads
// back through ParseRoster as the same roster, a deactivated member too.
func TestRosterYAMLRoundTrip(t *testing.T) {
	cfg := Demo()
	r := cfg.Roster()
	r.Members[1].Inactive = true
	r.Units[0].Deputy = r.Members[2].ID // not assigned to it
	data, err := RosterYAML(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRoster(data, "roster.yaml", &cfg.Form)
	if err != nil {
		t.Fatalf("ParseRoster: %v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got, r)
	}
}

// TestParseRosterProblems: an unknown unit in an assignment and totals that
// do not add up are named with their lines.
func TestParseRosterProblems(t *testing.T) {
	cfg := Demo()
	data, _ := RosterYAML(cfg.Roster())
	bad := strings.Replace(string(data), "households_escaped: 301", "households_escaped: 300", 1)
	bad = strings.Replace(bad, "units: [ban-thi", "units: [ban-thy", 1)
	_, err := ParseRoster([]byte(bad), "roster.yaml", &cfg.Form)
	ce, ok := err.(*Error)
	if !ok || len(ce.Problems) < 2 {
		t.Fatalf("ParseRoster = %v; want the two problems", err)
	}
	text := ce.Error()
	for _, want := range []string{"ban-thy", "area.totals"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems %q do not name %q", text, want)
		}
	}
}
