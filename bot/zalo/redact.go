package zalo

import (
	"errors"
	"net/url"
	"strings"
)

// tokenMask replaces the bot token wherever it would be shown.
const tokenMask = "<token>"

// redact returns err with every spelling of token replaced by tokenMask. A
// *url.Error (how net/http reports a failed request, URL included) stays a
// *url.Error, so timeouts and cancellations are still recognisable; any
// other error that mentions the token is flattened to its redacted text,
// keeping whether it was a timeout.
func redact(err error, token string) error {
	if err == nil || token == "" || !mentions(err.Error(), token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) && error(ue) == err {
		return &url.Error{Op: ue.Op, URL: maskToken(ue.URL, token), Err: redact(ue.Err, token)}
	}
	return &redactedError{msg: maskToken(err.Error(), token), timeout: isTimeout(err), cause: cleanCause(err, token)}
}

// cleanCause is the first error down err's chain whose text does not hold
// token (a context error, say), so errors.Is still sees it.
func cleanCause(err error, token string) error {
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		if !mentions(e.Error(), token) {
			return e
		}
	}
	return nil
}

// mentions reports whether s holds token, raw or escaped.
func mentions(s, token string) bool {
	return strings.Contains(s, token) || strings.Contains(s, url.PathEscape(token)) ||
		strings.Contains(s, url.QueryEscape(token))
}

// maskToken replaces token, raw or escaped, in s.
func maskToken(s, token string) string {
	if token == "" {
		return s
	}
	for _, t := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, t, tokenMask)
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

// isTimeout reports whether err says it is a timeout.
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
