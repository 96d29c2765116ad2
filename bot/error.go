package bot

import (
	"errors"
	"fmt"

	"fieldbot/i18n"
)

// Error is an application error: Op says where it happened (for logs), Msg is
// what the user is told, in their language.
type Error struct {
	Op  string
	Msg *i18n.Error
	Err error
}

// Errorf wraps err with an operation name and a message key for the user.
func Errorf(op string, err error, key string, args ...any) *Error {
	return &Error{Op: op, Msg: i18n.Errorf(key, args...), Err: err}
}

func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("%s: %s", e.Op, e.Msg.Key)
	}
	return fmt.Sprintf("%s: %v", e.Op, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// UserMessage renders what the user should read for err: the message of an
// Error or an i18n.Error in the chain, or a generic apology.
func UserMessage(p *i18n.Printer, err error) string {
	var ae *Error
	if errors.As(err, &ae) && ae.Msg != nil {
		return ae.Msg.Render(p)
	}
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie.Render(p)
	}
	return p.T("error.internal")
}
