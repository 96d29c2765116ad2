package config

import (
	"strings"
	"testing"

	"github.com/robfig/cron/v3"
)

// FuzzCheckCron checks the validation of schedule specs: checkCron never
// panics, and a spec it accepts has no time zone prefix, is not @every, and
// parses (without a panic) with the standard parser the scheduler uses,
// which does not recover.
func FuzzCheckCron(f *testing.F) {
	for _, s := range []string{"0 8 * * 4", "30 7 * * 1-5", "0 17 * * 5", "*/15 8-17 * * *", "@daily", "@weekly", "@every 1h", "TZ=Asia/Ho_Chi_Minh 0 8 * * 4",
		"CRON_TZ=x", "TZ=", "0 0 30 2 *", "0 8 * * 4 2020", "60 8 * * *", "0 8 * * 8", "0 8 ? * MON", "0 8 L * *", "", "* * * * *", "1-0 * * * *", "0/0 * * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		if checkCron(spec) != nil {
			return
		}
		if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "@every") {
			t.Fatalf("checkCron accepted %q", spec)
		}
		if _, err := cron.ParseStandard(spec); err != nil {
			t.Fatalf("checkCron accepted %q, which does not parse: %v", spec, err)
		}
	})
}
