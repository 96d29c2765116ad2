package platform

import (
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
)

// WebhookBody checks a webhook request the way both platforms need: the
// secret in header compared in constant time (401 otherwise; an empty
// secret refuses everything), POST only (405), at most limit bytes of body
// (413). It answers the refusal itself and reports false; otherwise it
// returns the body.
func WebhookBody(rw http.ResponseWriter, r *http.Request, header, secret string, limit int64) ([]byte, bool) {
	got := r.Header.Get(header)
	if secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return nil, false
	}
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(rw, "request body too large", http.StatusRequestEntityTooLarge)
		return nil, false
	case err != nil:
		http.Error(rw, "cannot read body", http.StatusBadRequest)
		return nil, false
	}
	return body, true
}
