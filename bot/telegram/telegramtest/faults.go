package telegramtest

import (
	"net/http"
	"strconv"
)

// Fault is how a call fails instead of being answered.
type Fault struct {
	// Code is the error_code and the HTTP status.
	Code        int
	Description string
	// RetryAfter is parameters.retry_after, in seconds.
	RetryAfter int
	// Hang never answers: the call ends when the client gives up or the
	// server closes.
	Hang bool
	// Raw, when set, is the whole body, as a proxy's error page would be.
	Raw string
}

// TooManyRequests is Telegram's flood control answer.
func TooManyRequests(retryAfter int) *Fault {
	return &Fault{Code: 429, Description: "Too Many Requests: retry after " + strconv.Itoa(retryAfter), RetryAfter: retryAfter}
}

// ServerError is a 500 from the Bot API.
func ServerError() *Fault { return &Fault{Code: 500, Description: "Internal Server Error"} }

// BadGateway is a 502 page from a proxy in front of the Bot API (not JSON).
func BadGateway() *Fault {
	return &Fault{Code: 502, Raw: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"}
}

// Blocked is the answer for a user who blocked the bot.
func Blocked() *Fault {
	return &Fault{Code: 403, Description: "Forbidden: bot was blocked by the user"}
}

// Deactivated is the answer for a deleted account.
func Deactivated() *Fault { return &Fault{Code: 403, Description: "Forbidden: user is deactivated"} }

// ChatNotFound is the answer for a chat the bot cannot see.
func ChatNotFound() *Fault { return &Fault{Code: 400, Description: "Bad Request: chat not found"} }

// Hang never answers.
func Hang() *Fault { return &Fault{Hang: true} }

// fail answers the recorded call idx with f.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, idx int, f *Fault) {
	if f.Hang {
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		return
	}
	s.finish(idx, f.Code)
	if f.Raw != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Code)
		_, _ = w.Write([]byte(f.Raw))
		return
	}
	writeJSON(w, f.Code, failure(f.Code, f.Description, f.RetryAfter))
}
