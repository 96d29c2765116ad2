package config

import (
	"strings"
	"testing"
)

// TestReviewSection: review.approval turns approval on; it is off when
// the section is absent (and in the demo, where it is a comment); a wrong
// key or value is reported with its path.
func TestReviewSection(t *testing.T) {
	c, err := Parse([]byte(base+"review:\n  approval: true\n"), "district.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Review.Approval {
		t.Error("review.approval: true not read")
	}
	if c, err := Parse([]byte(base), "district.yaml"); err != nil || c.Review.Approval {
		t.Errorf("without the section: approval %v, %v", c != nil && c.Review.Approval, err)
	}
	if Demo().Review.Approval {
		t.Error("the demo has approval on")
	}
	for doc, want := range map[string]string{
		base + "review:\n  approvals: true\n": "review.approvals",
		base + "review:\n  approval: maybe\n": "review.approval",
	} {
		_, err := Parse([]byte(doc), "district.yaml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one naming %s", doc[len(base):], err, want)
		}
	}
}
