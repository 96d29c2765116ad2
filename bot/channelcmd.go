package bot

import (
	"fmt"
	"strings"

	"fieldbot/i18n"
)

// channelCommand answers /kenh (/channel): without an argument it lists the
// member's accounts and the one reminders and digests go to; with a channel
// name it sends them there from now on (until the member writes from
// another account, which then becomes the one).
func (t *turn) channelCommand(arg string) error {
	ids, err := t.tx.IdentitiesOf(t.member.ID)
	if err != nil {
		return fmt.Errorf("bot: channel: %w", err)
	}
	st, err := t.tx.MemberState(t.member.ID)
	if err != nil {
		return fmt.Errorf("bot: channel: %w", err)
	}
	if want := i18n.Fold(strings.TrimSpace(arg)); want != "" {
		for _, id := range ids {
			if id.Channel == want || i18n.Fold(ChannelName(t.p, id.Channel)) == want {
				st.Prefer = id.Key()
				if err := t.tx.PutMemberState(t.member.ID, st); err != nil {
					return fmt.Errorf("bot: channel: %w", err)
				}
				t.say(t.p.T("channel.set", "channel", ChannelName(t.p, id.Channel)))
				return nil
			}
		}
		t.say(t.p.T("channel.unknown", "channel", arg))
	}
	current, _ := pickAccount(ids, st.Prefer)
	lines := []string{t.p.T("channel.title")}
	for _, id := range ids {
		line := "• " + ChannelName(t.p, id.Channel)
		if id.Key() == current.Key() {
			line += " " + t.p.T("channel.current")
		}
		if id.Unreachable != "" {
			line += " — " + ReasonText(t.p, id.Unreachable)
		}
		lines = append(lines, line)
	}
	lines = append(lines, t.p.T("channel.usage"))
	t.say(strings.Join(lines, "\n"))
	return nil
}
