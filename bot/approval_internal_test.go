package bot

import (
	"testing"

	"fieldbot/i18n"
)

// TestInspectWithoutReport: a review step whose session does not name its
// report (a record of another version) ends it with an apology; it never
// panics.
func TestInspectWithoutReport(t *testing.T) {
	for _, step := range []string{StepInspect, StepReturnReason} {
		tr := &turn{e: &Engine{engine: &engine{}, cfg: &Config{}}, u: &Update{}, sess: &Session{Step: step}, p: i18n.For(i18n.VI)}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic %v", step, p)
				}
			}()
			if err := steps[step].handle(tr, input{kind: inText, text: "1"}); err != nil {
				t.Errorf("%s: %v", step, err)
			}
		}()
		if tr.sess != nil || len(tr.replies) != 1 {
			t.Errorf("%s: session %+v, replies %d", step, tr.sess, len(tr.replies))
		}
	}
}
