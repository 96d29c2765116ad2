// Package platform holds what every chat-platform adapter needs alike: the
// bot token kept out of every error and log line, webhook secrets, and the
// wait between failed polls.
package platform

import (
	"errors"
	"net/url"
	"strings"
)

// TokenMask replaces the bot token wherever it would be shown.
const TokenMask = "<token>"

// Redact returns err with every spelling of token replaced by TokenMask. A
// *url.Error (how net/http reports a failed request, URL included) stays a
// *url.Error, so timeouts and cancellations are still recognisable; any
// other error that mentions the token is flattened to its redacted text,
// keeping whether it was a timeout.
func Redact(err error, token string) error {
	if err == nil || token == "" || !Mentions(err.Error(), token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) && error(ue) == err {
		return &url.Error{Op: ue.Op, URL: MaskToken(ue.URL, token), Err: Redact(ue.Err, token)}
	}
	return &redactedError{msg: MaskToken(err.Error(), token), timeout: IsTimeout(err), cause: cleanCause(err, token)}
}

// cleanCause is the first error down err's chain whose text does not hold
// token (a context error, say), so errors.Is still sees it.
func cleanCause(err error, token string) error {
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		if !Mentions(e.Error(), token) {
			return e
		}
	}
	return nil
}

// Mentions reports whether s holds token, raw or escaped.
func Mentions(s, token string) bool {
	return strings.Contains(s, token) || strings.Contains(s, url.PathEscape(token)) ||
		strings.Contains(s, url.QueryEscape(token))
}

// MaskToken replaces token, raw or escaped, in s.
func MaskToken(s, token string) string {
	if token == "" {
		return s
	}
	for _, t := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, t, TokenMask)
	}
	return s
}

// redactedError is an error whose text had the token removed.
type redactedError struct {
	msg     string
	timeout bool
	cause   error // an error down the chain free of the token, if any
}

func (e *redactedError) Error() string { return e.msg }

// Timeout keeps net.Error's meaning of the original error.
func (e *redactedError) Timeout() bool { return e.timeout }

// Unwrap gives the part of the chain that did not mention the token.
func (e *redactedError) Unwrap() error { return e.cause }

// IsTimeout reports whether err says it is a timeout.
func IsTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
