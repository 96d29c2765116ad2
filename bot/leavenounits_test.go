package bot_test

import (
	"strings"
	"testing"
)

// TestLeaveWithoutUnits: /nghi from the office, which follows no unit,
// says that it needs no leave and how to set a member's, not that it has
// no report to send; the chair without units is told the first part.
func TestLeaveWithoutUnits(t *testing.T) {
	h := newHarness(t, testConfig(t))
	mustContain(t, h.say("office", "/nghi 01/10-05/10"),
		"Anh/chị không phụ trách đơn vị nào nên không cần báo nghỉ phép.",
		"Để ghi nghỉ phép cho một thành viên: /nghi <mã thành viên> 01/10-05/10, ví dụ /nghi lan 01/10-05/10.")
	h.say("office", "/ngonngu en")
	mustContain(t, h.say("office", "/leave"), "You follow no unit, so you need not set a leave.",
		"To set a member's leave: /leave <member id> 01/10-05/10, for example /leave lan 01/10-05/10.")
	chair := h.say("chair", "/nghi")
	mustContain(t, chair, "Anh/chị không phụ trách đơn vị nào nên không cần báo nghỉ phép.")
	if strings.Contains(chair, "báo cáo cần gửi") || strings.Contains(chair, "mã thành viên") {
		t.Errorf("the chair's /nghi:\n%s", chair)
	}
}
