package zalotest

import (
	"net/http"
)

// Fault is how a call fails instead of being answered.
type Fault struct {
	// Code is the error_code of an {ok:false} answer (sent with HTTP 200).
	Code        int
	Description string
	// Status and HTML, when HTML is set, answer with that HTTP status and
	// an HTML page instead, as a proxy in front of the API would.
	Status int
	HTML   string
	// Hang never answers: the call ends when the client gives up or the
	// server closes.
	Hang bool
}

// QuotaExceeded is the platform's 429. It gives no retry_after.
func QuotaExceeded() *Fault { return &Fault{Code: 429, Description: "Quota exceeded"} }

// InternalError is the platform's 403, which the documentation calls an
// internal server error.
func InternalError() *Fault { return &Fault{Code: 403, Description: "Internal server error"} }

// BadGateway is a 502 page from a proxy (not JSON).
func BadGateway() *Fault {
	return &Fault{Status: http.StatusBadGateway,
		HTML: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"}
}

// Refuse is an {ok:false} answer with code and description.
func Refuse(code int, description string) *Fault { return &Fault{Code: code, Description: description} }

// Hang never answers.
func Hang() *Fault { return &Fault{Hang: true} }

// fail answers the recorded call idx with f.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, idx int, f *Fault) {
	switch {
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
	case f.HTML != "":
		s.mu.Lock()
		s.calls[idx].Code = f.Status
		s.notifyLocked()
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.HTML))
	default:
		s.finish(idx, failure(f.Code, f.Description), w)
	}
}
