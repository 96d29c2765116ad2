package bot_test

import (
	"strings"
	"testing"
)

// TestPermissionHistoryAndReview runs /lichsu and /xem as every role of
// roleConfig (approval on): a member sees the history of their own unit
// only; the chair, admins and viewers see any unit's; only the chair and
// admins open a report for review.
func TestPermissionHistoryAndReview(t *testing.T) {
	for role, id := range roleIDs {
		t.Run(string(role), func(t *testing.T) {
			cfg := roleConfig(t)
			cfg.Review.Approval = true
			h := newDigestHarness(t, cfg, fakeDigest)
			quickReport(h, "m", "an-binh h 12; d 250,5; p 2; m có") // the member's unit
			h.say("c", "/huy")
			may := policy[role]
			own := false
			for _, m := range cfg.Members {
				if m.ID == id {
					own = m.Assigned("an-binh")
				}
			}
			hist := h.say(id, "/lichsu an-binh")
			if got, want := strings.Contains(hist, "Lần 1 — Thành viên"), may["history"] && (own || may["historyAll"]); got != want {
				t.Errorf("/lichsu an-binh shown = %v, want %v:\n%s", got, want, hist)
			}
			if !own && !may["historyAll"] && !strings.Contains(hist, "không thuộc các đơn vị anh/chị phụ trách") {
				t.Errorf("/lichsu of another's unit not refused by name:\n%s", hist)
			}
			rev := h.say(id, "/xem an-binh")
			if got := strings.Contains(rev, "✔ Duyệt"); got != may["review"] {
				t.Errorf("/xem opened = %v, want %v:\n%s", got, may["review"], rev)
			}
			if !may["review"] && !strings.Contains(rev, "Chỉ lãnh đạo hoặc cơ quan thường trực") {
				t.Errorf("/xem not refused:\n%s", rev)
			}
		})
	}
}
