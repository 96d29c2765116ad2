package i18n

import "fmt"

// Error is a message for a person: a catalog key and its {name}/value
// arguments, rendered in the reader's language by Printer.Error. It is how a
// validation failure reaches a user in their own language.
type Error struct {
	Key  string
	Args []any
}

// Errorf makes an Error for key with name/value arguments.
func Errorf(key string, args ...any) *Error { return &Error{Key: key, Args: args} }

// Error renders the key and arguments for logs.
func (e *Error) Error() string { return fmt.Sprintf("i18n: %s %v", e.Key, e.Args) }

// Render returns the message in p's language.
func (e *Error) Render(p *Printer) string { return p.T(e.Key, e.Args...) }
