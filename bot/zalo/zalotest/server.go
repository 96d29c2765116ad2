// Package zalotest is an in-process fake of the Zalo Bot API for tests, as
// strict as the platform is documented to be (its documentation of December
// 2025), so that it documents the platform for the next engineer:
//
//   - calls are routed by method name under /bot<token>/; a wrong token is
//     {ok:false, error_code:401} with HTTP 200, as every refusal is: a
//     client must check ok, not the status;
//   - ids are strings, and each user's private chat has an id different
//     from the user's;
//   - getUpdates (timeout in seconds, as a string) hands out each queued
//     event once, one per poll (or a list, with ListResults): there is no
//     offset, no acknowledgement; with nothing queued it waits up to its
//     timeout and answers {ok:false, error_code:408}; while a webhook is set
//     it refuses;
//   - sendMessage refuses text over 2000 characters (counted as runes) and
//     chats it does not know; sendPhoto fetches the photo URL (short
//     timeout) before answering and refuses what cannot be fetched or is not
//     an image;
//   - echoes of the bot's own sends can be switched on (the platform has
//     been seen delivering them);
//   - Post delivers an event to a webhook in either body shape seen;
//   - faults can be injected per method (429, an HTML 5xx page, a hang),
//     and every call is recorded.
package zalotest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// MaxText is the platform's limit on a message's text, in characters.
const MaxText = 2000

// Call is one request the fake received.
type Call struct {
	Method string
	// Params are the request's JSON fields as text (non-string values as
	// JSON).
	Params map[string]string
	At     time.Time
	// OK is the answer's ok; Code its error_code (0 when ok). Both are
	// zero while the call hangs.
	OK   bool
	Code int
}

// Chat is the call's chat_id parameter.
func (c Call) Chat() string { return c.Params["chat_id"] }

// User is a Zalo account that writes to the bot, with its private chat.
type User struct {
	ID     string // user id
	ChatID string // the id of the user's private chat with the bot: not ID
	Name   string // display_name
}

// Server is the fake Bot API. Its methods are safe for concurrent use.
type Server struct {
	srv   *httptest.Server
	token string
	bot   User
	fetch *http.Client // sendPhoto's fetcher

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change
	closed   chan struct{}
	hook     func(Call) *Fault
	faults   map[string][]*Fault // by method, next first
	calls    []Call
	queue    []Event
	enqueued map[string]time.Time // by message id
	nextID   int
	users    int
	chats    map[string]bool // chat ids the bot may write to
	sent     map[string][]Sent
	webhook  Webhook
	echoes   bool
	lists    bool
}

// Webhook is what setWebhook last set.
type Webhook struct{ URL, Secret string }

// New starts a fake for the bot with token ("<bot id>:<secret>"). Close it
// when done.
func New(token string) *Server {
	botID, _, _ := strings.Cut(token, ":")
	s := &Server{token: token, bot: User{ID: botID, Name: "Fieldbot"}, fetch: &http.Client{Timeout: 5 * time.Second},
		changed: make(chan struct{}), closed: make(chan struct{}), faults: map[string][]*Fault{},
		enqueued: map[string]time.Time{}, nextID: 1, chats: map[string]bool{}, sent: map[string][]Sent{}}
	s.srv = httptest.NewServer(s)
	return s
}

// Close stops the server; hanging calls end.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	s.mu.Unlock()
	s.srv.Close()
}

// URL is the server's base address, for zalo.Dial.
func (s *Server) URL() string { return s.srv.URL }

// Client is an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Bot is the bot's own account, as getMe answers (ChatID empty).
func (s *Server) Bot() User { return s.bot }

// Hook sets a function called with every call before it is answered; a
// non-nil Fault makes the call fail that way. nil removes the hook.
func (s *Server) Hook(h func(Call) *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = h
}

// Fail makes the next n calls of method fail with f.
func (s *Server) Fail(method string, n int, f *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], f)
	}
}

// ServeHTTP routes /bot<token>/<method>.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || token != s.token {
		writeJSON(w, failure(401, "Unauthorized: invalid access token"))
		return
	}
	c := Call{Method: method, Params: map[string]string{}, At: time.Now()}
	var body map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil && r.ContentLength != 0 {
		s.finish(s.record(c), failure(400, "Bad request: the body is not JSON"), w)
		return
	}
	for k, v := range body {
		if text, isText := v.(string); isText {
			c.Params[k] = text
		} else {
			b, _ := json.Marshal(v)
			c.Params[k] = string(b)
		}
	}
	f := s.fault(c)
	idx := s.record(c)
	if f != nil {
		s.fail(w, r, idx, f)
		return
	}
	s.finish(idx, s.route(r, c), w)
}

// route answers a call by method name.
func (s *Server) route(r *http.Request, c Call) answer {
	switch c.Method {
	case "getMe":
		return ok(map[string]any{"id": s.bot.ID, "account_name": "bot.fieldbot", "account_type": "BASIC",
			"can_join_groups": false, "display_name": s.bot.Name})
	case "getUpdates":
		return s.getUpdates(r, c)
	case "sendMessage":
		return s.sendMessage(c)
	case "sendPhoto":
		return s.sendPhoto(r, c)
	case "sendChatAction":
		return s.knownChat(c, func() answer { return ok(true) })
	case "setWebhook":
		return s.setWebhook(c)
	case "deleteWebhook":
		s.mu.Lock()
		defer s.mu.Unlock()
		s.webhook = Webhook{}
		return ok(map[string]any{"url": ""})
	case "getWebhookInfo":
		s.mu.Lock()
		defer s.mu.Unlock()
		return ok(map[string]any{"url": s.webhook.URL, "updated_at": time.Now().UnixMilli()})
	}
	return failure(404, "Not found: unknown method "+c.Method)
}

// fault is the fault the call gets: an injected one for its method first,
// then the hook's.
func (s *Server) fault(c Call) *Fault {
	s.mu.Lock()
	if q := s.faults[c.Method]; len(q) > 0 {
		s.faults[c.Method] = q[1:]
		s.mu.Unlock()
		return q[0]
	}
	hook := s.hook
	s.mu.Unlock()
	if hook != nil {
		return hook(c)
	}
	return nil
}

// record keeps c as it arrives and returns its index for finish.
func (s *Server) record(c Call) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
	return len(s.calls) - 1
}

// finish records the answer to call idx and writes it (HTTP 200).
func (s *Server) finish(idx int, a answer, w http.ResponseWriter) {
	s.mu.Lock()
	s.calls[idx].OK, s.calls[idx].Code = a.OK, a.ErrorCode
	s.notifyLocked()
	s.mu.Unlock()
	writeJSON(w, a)
}

// Calls is every call of method so far ("" for all), in order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// InFlight is how many calls of method have not been answered yet. A
// getUpdates cut off by its client stays in flight until the server notices
// the closed connection; an event queued meanwhile can be handed to it and
// lost, as on the platform (no offset, no acknowledgement).
func (s *Server) InFlight(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Method == method && !c.OK && c.Code == 0 {
			n++
		}
	}
	return n
}

// notifyLocked wakes everyone waiting for a change; s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// answer is the Bot API's envelope.
type answer struct {
	OK          bool   `json:"ok"`
	Result      any    `json:"result,omitempty"`
	ErrorCode   int    `json:"error_code,omitempty"`
	Description string `json:"description,omitempty"`
}

func ok(result any) answer { return answer{OK: true, Result: result} }

func failure(code int, description string) answer {
	return answer{ErrorCode: code, Description: description}
}

// writeJSON answers with HTTP 200 whatever the outcome, as the platform
// does.
func writeJSON(w http.ResponseWriter, a answer) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(a)
}
