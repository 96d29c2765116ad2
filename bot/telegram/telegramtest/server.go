// Package telegramtest is an in-process fake of the Telegram Bot API for
// tests: an httptest server routed by method name (/bot<token>/<method>)
// that parses parameters the way the real one does (form, multipart or
// JSON), queues updates for getUpdates (honouring offset, limit and the
// long-poll timeout), keeps the messages it was asked to send or edit,
// records every call, and answers as the documented Bot API does: a
// Message for sendMessage and editMessageText, true for
// answerCallbackQuery, setMyCommands, setWebhook and deleteWebhook, and
// {ok:false, error_code, description, parameters} for errors. A hook can
// make any call fail (429 with retry_after, 500, 403, ...) or hang, and
// Enforce makes it refuse messages beyond Telegram's flood limits.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Call is one request the fake received.
type Call struct {
	Method string
	// Params are the request's parameters as text (JSON values as JSON);
	// an uploaded file appears under its field name as "file:<name>".
	Params map[string]string
	// Files holds uploaded files' contents by field name.
	Files map[string][]byte
	// At is when the call arrived (when Telegram counts it for its limits).
	At time.Time
	// Answered is when the fake answered it; zero while hanging.
	Answered time.Time
	Status   int // HTTP status answered; 0 while hanging
}

// Chat is the call's chat_id parameter.
func (c Call) Chat() string { return c.Params["chat_id"] }

// User is a Telegram account that sends updates.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	UserName     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Server is the fake Bot API. Its methods are safe for concurrent use.
type Server struct {
	srv   *httptest.Server
	token string
	bot   User

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change
	closed     chan struct{}
	hook       func(Call) *Fault
	calls      []Call
	updates    []queued
	nextUpdate int
	enqueued   map[int]time.Time
	nextMsg    int
	messages   map[string][]*Message // by chat id
	callbacks  map[string]bool       // issued query ids → answered
	commands   map[string][]Command  // by language_code
	webhook    Webhook
	strict     *strict           // limits enforced (Enforce), if any
	deliveries map[int]int       // update_id → getUpdates answers that carried it
	files      map[string][]byte // sent documents by file_id (getFile, /file/)
}

// Webhook is what setWebhook last set.
type Webhook struct {
	URL, Secret string
	Params      map[string]string
}

// Command is one entry of a command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// New starts a fake for the bot with token. Close it when done.
func New(token string) *Server {
	s := &Server{token: token, bot: User{ID: 777000111, IsBot: true, FirstName: "Fieldbot", UserName: "fieldbot_test_bot"},
		changed: make(chan struct{}), closed: make(chan struct{}), nextUpdate: 100000, enqueued: map[int]time.Time{},
		nextMsg: 1, messages: map[string][]*Message{}, callbacks: map[string]bool{}, commands: map[string][]Command{},
		files: map[string][]byte{}}
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

// URL is the server's base address.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the API endpoint format for tgbotapi.NewBotAPIWithClient.
func (s *Server) Endpoint() string { return s.srv.URL + "/bot%s/%s" }

// Client is an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Bot is the bot's own account, as getMe answers.
func (s *Server) Bot() User { return s.bot }

// Hook sets a function called with every call before it is answered; a
// non-nil Fault makes the call fail that way. nil removes the hook.
func (s *Server) Hook(h func(Call) *Fault) {
	s.mu.Lock()
	s.hook = h
	s.mu.Unlock()
}

// ServeHTTP routes /bot<token>/<method>, and /file/bot<token>/<path> to
// the files users sent.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+s.token+"/documents/"); ok {
		s.mu.Lock()
		data, found := s.files[rest]
		s.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(data)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || token != s.token {
		writeJSON(w, http.StatusUnauthorized, failure(http.StatusUnauthorized, "Unauthorized", 0))
		return
	}
	c, err := parseCall(r, method)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, failure(http.StatusBadRequest, "Bad Request: "+err.Error(), 0))
		return
	}
	s.mu.Lock()
	hook := s.hook
	s.mu.Unlock()
	var f *Fault
	if hook != nil {
		f = hook(c)
	}
	if f == nil {
		f = s.limit(c)
	}
	idx := s.record(c)
	if f != nil {
		s.fail(w, r, idx, f)
		return
	}
	status, body := s.route(r, c)
	s.finish(idx, status)
	writeJSON(w, status, body)
}

// route answers a call by method name (case-insensitive, as Telegram).
func (s *Server) route(r *http.Request, c Call) (int, any) {
	switch strings.ToLower(c.Method) {
	case "getme":
		return ok(s.bot)
	case "getupdates":
		return s.getUpdates(r, c)
	case "sendmessage":
		return s.sendMessage(c)
	case "editmessagetext":
		return s.editMessageText(c)
	case "sendphoto", "senddocument":
		return s.sendFile(c)
	case "answercallbackquery":
		return s.answerCallback(c)
	case "setmycommands":
		return s.setCommands(c)
	case "setwebhook":
		return s.setWebhook(c)
	case "deletewebhook":
		s.mu.Lock()
		s.webhook = Webhook{}
		s.mu.Unlock()
		return ok(true)
	case "sendchataction":
		return ok(true)
	case "getfile":
		return s.getFile(c)
	}
	return http.StatusNotFound, failure(http.StatusNotFound, "Not Found", 0)
}

// record keeps c as it arrives (Status 0 until answered), wakes waiters,
// and returns its index for finish.
func (s *Server) record(c Call) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
	return len(s.calls) - 1
}

// finish records the status call idx is answered with, and when.
func (s *Server) finish(idx, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[idx].Status, s.calls[idx].Answered = status, time.Now()
	s.notifyLocked()
}

// notifyLocked wakes everyone waiting for a change; s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// parseCall reads the method's parameters from the query, a form, a
// multipart form or a JSON body.
func parseCall(r *http.Request, method string) (Call, error) {
	c := Call{Method: method, Params: map[string]string{}, Files: map[string][]byte{}, At: time.Now()}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return c, fmt.Errorf("can't parse JSON body: %v", err)
		}
		for k, v := range m {
			if s, isText := v.(string); isText {
				c.Params[k] = s
			} else {
				b, _ := json.Marshal(v)
				c.Params[k] = string(b)
			}
		}
		return c, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return c, err
		}
		if err := readFiles(r, &c); err != nil {
			return c, err
		}
	default:
		if err := r.ParseForm(); err != nil {
			return c, err
		}
	}
	for k, v := range r.Form {
		c.Params[k] = v[0]
	}
	return c, nil
}

// readFiles copies a multipart request's files into c.
func readFiles(r *http.Request, c *Call) error {
	for field, fhs := range r.MultipartForm.File {
		f, err := fhs[0].Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
		c.Params[field] = "file:" + fhs[0].Filename
		c.Files[field] = b
	}
	return nil
}

// ok is a successful answer.
func ok(result any) (int, any) {
	return http.StatusOK, okJSON{OK: true, Result: result}
}

// okJSON is a successful answer.
type okJSON struct {
	OK     bool `json:"ok"`
	Result any  `json:"result"`
}

// failure is an error answer as the Bot API gives it.
func failure(code int, description string, retryAfter int) map[string]any {
	m := map[string]any{"ok": false, "error_code": code, "description": description}
	if retryAfter > 0 {
		m["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	return m
}

// badRequest is a 400 answer.
func badRequest(description string) (int, any) {
	return http.StatusBadRequest, failure(http.StatusBadRequest, "Bad Request: "+description, 0)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
