package bot

import (
	"fmt"

	"fieldbot/i18n"
)

// summary answers /tonghop: the digest of the current period so far, for
// the roles that may read it (ActSummary).
func (t *turn) summary() error {
	if !t.member.Can(ActSummary) {
		t.say(t.p.T("summary.leaders_only"))
		return nil
	}
	if t.e.digester == nil {
		t.say(t.p.T("error.internal"))
		return nil
	}
	p := t.period()
	// Built and rendered inside the turn's transaction: the reply is
	// stored with the turn.
	data, err := t.e.digester.Build(t.tx, p, t.now)
	if err != nil {
		return fmt.Errorf("bot: summary %s: %w", p.Key, err)
	}
	msgs, err := t.e.digester.Render(data, []i18n.Lang{t.p.Lang()})
	if err != nil {
		return fmt.Errorf("bot: summary %s: %w", p.Key, err)
	}
	msg := msgs[t.p.Lang()]
	t.say(t.p.T("summary.so_far") + "\n\n" + msg.Text)
	t.replies[len(t.replies)-1].Attach = msg.Attach
	return nil
}
