package bot_test

import (
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestNudgeBeforeTheDeadline: /nhacngay for the current period before its
// deadline reminds with the deadline still to come, never "đã quá hạn";
// /nhacngay alone, when the last ended period has nobody late, names the
// command for the current period.
func TestNudgeBeforeTheDeadline(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có") // week 38
	quickReport(h, "lan", "binh-an h 5; d 100; e 10; p 2; m có")
	h.say("hung", "/ngonngu vi")
	quickReport(h, "hung", "cao-son h 3; d 10; p 1; m không")
	h.at(23, 9, 9, 0) // Wednesday of week 39
	mustContain(t, h.say("chair", "/nhacngay"), "Mọi đơn vị đã báo cáo tuần 38", "Nhắc cho tuần 39 (21/09–27/09/2020): /nhacngay tuan 39")
	h.say("chair", "/nhacngay tuan 39")
	rem := texts([]bot.Outgoing{h.last("lan")})
	mustContain(t, rem, "hạn nộp báo cáo tuần 39 (21/09–27/09/2020) là 25/09/2020 17:00")
	if strings.Contains(rem, "quá hạn") {
		t.Errorf("a reminder before the deadline says it is past:\n%s", rem)
	}
}
