package bot

import (
	"fmt"
	"slices"
	"strings"
)

// inviteCommand answers /moi (/invite) for admins (ActInvite): with a member
// ID it makes a one-time registration code (and each channel's invite link,
// where it has one), so invites need no stop of the running bot; without one it
// lists the members not registered on any channel yet.
func (t *turn) inviteCommand(arg string) error {
	if !t.member.Can(ActInvite) {
		t.say(t.p.T("invite.admins_only"))
		return nil
	}
	id := strings.TrimSpace(arg)
	if id == "" {
		return t.unregistered()
	}
	m, ok := t.e.cfg.Member(id)
	if !ok {
		t.say(t.p.T("invite.no_member", "id", id))
		return t.unregistered()
	}
	inv, err := t.e.invite(t.tx, m.ID, t.now, t.member.ID)
	if err != nil {
		return err
	}
	text := t.p.T("invite.made", "name", m.Name, "id", m.ID, "code", inv.Display(),
		"time", t.p.DateTime(inv.Expires.In(t.e.cfg.Area.Location)))
	for _, ch := range t.e.channels {
		if link := ch.InviteLink(inv.Display()); link != "" {
			text += "\n" + t.p.T("invite.link", "link", link)
		}
	}
	note, err := t.registeredNote(m)
	if err != nil {
		return err
	}
	t.say(note + text)
	return nil
}

// registeredNote tells the admin, before a code for a member who is
// registered already, on which channels, and that the code adds an account
// (a new phone, another channel) without removing those; "" for a member
// not registered yet.
func (t *turn) registeredNote(m *Member) (string, error) {
	ids, err := t.tx.IdentitiesOf(m.ID)
	if err != nil {
		return "", fmt.Errorf("bot: chats of %s: %w", m.ID, err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	var names []string
	for _, id := range ids {
		if n := ChannelName(t.p, id.Channel); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return t.p.T("invite.already_registered", "name", m.Name, "channels", strings.Join(names, ", ")) + "\n\n", nil
}

// unregistered lists the roster members with no chat bound yet.
func (t *turn) unregistered() error {
	lines := []string{t.p.T("invite.usage")}
	for _, m := range t.e.cfg.Members {
		chats, err := t.tx.IdentitiesOf(m.ID)
		if err != nil {
			return fmt.Errorf("bot: chats of %s: %w", m.ID, err)
		}
		if len(chats) == 0 {
			lines = append(lines, t.p.T("invite.unregistered_line", "id", m.ID, "name", m.Name))
		}
	}
	if len(lines) == 1 {
		lines = append(lines, t.p.T("invite.all_registered"))
	}
	t.say(strings.Join(lines, "\n"))
	return nil
}
