package bot

import (
	"errors"

	"fieldbot/i18n"
)

// UserMessage renders what the user should read for err: the message of an
// i18n.Error in the chain (a validation message with its arguments), or a
// generic apology.
func UserMessage(p *i18n.Printer, err error) string {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie.Render(p)
	}
	return p.T("error.internal")
}
