package bot

import (
	"fieldbot/i18n"
)

// ReasonText says in the reader's language why a message could not be
// delivered; the platform's own words (English, technical) stay in the logs
// and the dead-letter record.
func ReasonText(p *i18n.Printer, r Reason) string {
	switch r {
	case ReasonBlocked:
		return p.T("unreachable.blocked")
	case ReasonChatGone:
		return p.T("unreachable.gone")
	case ReasonGaveUp:
		return p.T("unreachable.retries")
	case ReasonTooLong:
		return p.T("unreachable.too_long")
	case ReasonFileRefused:
		return p.T("unreachable.file_refused")
	}
	return p.T("unreachable.refused")
}

// ChannelName is a channel's name for people ("Telegram", "Zalo").
func ChannelName(p *i18n.Printer, channel string) string {
	switch channel {
	case "telegram", "zalo", "console":
		return p.T("channel." + channel)
	}
	return channel
}

// unreachableLines lists, for the chair and admins, the accounts the bot can
// no longer reach, each with its channel: a member who blocked the bot on
// one channel may still be reached on another.
func (t *turn) unreachableLines() ([]string, error) {
	var out []string
	for _, m := range t.e.cfg.Members {
		ids, err := t.tx.IdentitiesOf(m.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if id.Unreachable != "" {
				out = append(out, t.p.T("status.unreachable_line", "member", m.Name,
					"channel", ChannelName(t.p, id.Channel), "reason", ReasonText(t.p, id.Unreachable)))
			}
		}
	}
	if len(out) > 0 {
		out = append([]string{t.p.T("status.unreachable")}, out...)
	}
	return out, nil
}
