package bot

import "fmt"

// summary answers /tonghop: the digest of the current period so far, for
// the roles that may read it (ActSummary). The turn only records the
// request, with the update it answers; the digest is built and rendered
// after the turn's transaction commits (ServeSummaries), so a large area
// does not hold every other writer while its chart and workbook are drawn.
func (t *turn) summary() error {
	if !t.member.Can(ActSummary) {
		t.say(t.p.T("summary.leaders_only"))
		return nil
	}
	if t.e.digester == nil {
		t.say(t.p.T("error.internal"))
		return nil
	}
	r := &SummaryRequest{Chat: t.u.Chat, User: t.recipient(), Member: t.member.ID, Lang: t.p.Lang(), At: t.now}
	if err := t.tx.RequestSummary(r); err != nil {
		return fmt.Errorf("bot: summary: %w", err)
	}
	return nil
}
