package bot_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestHelpNotation: every /trogiup line writes its arguments the same
// way, <word> for what to type and [ ] for what may be left out, in both
// languages; no CLI-style UNIT or KỲ_ĐẦU placeholders.
func TestHelpNotation(t *testing.T) {
	cfg := testConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	shout := regexp.MustCompile(`\p{Lu}{3,}|_`)
	for _, id := range []string{"office", "chair", "lan"} {
		for _, lang := range []string{"vi", "en"} {
			h.say(id, "/ngonngu "+lang)
			help := h.say(id, "/trogiup")
			for _, line := range strings.Split(help, "\n") {
				cmd, _, ok := strings.Cut(line, " — ")
				if ok && shout.MatchString(cmd) {
					t.Errorf("%s %s: %q writes its arguments in capitals", id, lang, cmd)
				}
			}
		}
	}
	mustContain(t, h.say("office", "/trogiup"), "/reopen <unit> [period]", "/export [<first> <last>]")
	h.say("office", "/ngonngu vi")
	mustContain(t, h.say("office", "/trogiup"), "/molai <đơn vị> [kỳ]", "/xuat [<kỳ đầu> <kỳ cuối>]", "/lichsu <đơn vị> [kỳ]")
}
