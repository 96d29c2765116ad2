// Package zalo is the Zalo Bot Platform channel: it turns the platform's
// events into bot.Updates (ToUpdate), long-polls them (Poller) or receives
// them by webhook (Webhook), and delivers bot.Outgoing messages as plain
// text and photos by URL (Channel). Like every channel it only translates;
// the engine decides.
//
// The client (API) is a thin layer on net/http: the platform has nine
// methods, a Telegram-like envelope, and no well-kept Go client. It runs
// on HTTPClient (a bounded pool of connections kept for the Sender's
// workers) and gives every call a deadline. Every error
// leaving the package has the bot token removed: the token is in every
// request URL.
//
// What the platform does differently from Telegram, and how this package
// copes (from copies of the platform's documentation of December 2025 and
// maintained open-source clients; none checked against a live bot):
//   - errors come as {ok:false} with HTTP 200: every answer's ok is checked;
//   - getUpdates has no offset and no acknowledgement: an update handed to
//     us is ours to keep (the Poller holds it in memory until the engine has
//     committed it), and updates are deduplicated by event name and
//     message id (bot.Update.DedupeKey) in the engine's transaction;
//   - an empty long poll answers 408, which is not an error;
//   - ids are strings, and a private chat's id is not its user's id;
//   - there are no buttons, edits or documents: choices are typed by number,
//     and photos go by public URL, which the platform fetches;
//   - deliveries of the bot's own sends have been seen: they are ignored.
package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fieldbot/bot/platform"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Name is the Zalo channel's name in chat references.
const Name = "zalo"

// DefaultBase is the Bot API's address; requests go to
// DefaultBase + "/bot" + token + "/" + method.
const DefaultBase = "https://bot-api.zaloplatforms.com"

// maxAnswer is the largest API answer read (a getUpdates event, a sent
// message's receipt: all small).
const maxAnswer = 4 << 20

// Bot is the bot's own account, as getMe answers.
type Bot struct {
	ID          string
	Name        string // display name
	AccountName string // the bot's handle ("bot.xxx"), if given
}

// API is a connection to the Zalo Bot API. It is safe for concurrent use.
type API struct {
	base   string
	token  string
	client *http.Client
	self   Bot
}

// APIError is the Bot API refusing a call: {ok:false, error_code,
// description}, whatever the HTTP status (often 200), or an HTTP error
// status with an answer that is not the API's (a proxy's error page).
type APIError struct {
	Method      string
	Code        int    // error_code, or the HTTP status when the body had none
	Description string // the platform's description (never holds the token)
}

func (e *APIError) Error() string {
	return fmt.Sprintf("zalo: %s: error %d: %s", e.Method, e.Code, e.Description)
}

// IsEmptyPoll reports whether err is the 408 a long poll answers when no
// update arrived in time.
func IsEmptyPoll(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == http.StatusRequestTimeout
}

// Dial connects to the Bot API at base (empty: DefaultBase) with token,
// checks the token with getMe, and keeps the bot's id and name (Self). A
// nil client means HTTPClient(nil): Go's default client has no bound on
// its idle connections' life and keeps only 2 per host.
func Dial(ctx context.Context, token, base string, client *http.Client) (*API, error) {
	if client == nil {
		client = HTTPClient(nil)
	}
	if base == "" {
		base = DefaultBase
	}
	a := &API{base: strings.TrimRight(base, "/"), token: token, client: client}
	var me struct {
		ID          ID     `json:"id"`
		DisplayName string `json:"display_name"`
		AccountName string `json:"account_name"`
		Name        string `json:"name"`
	}
	if err := a.call(ctx, "getMe", struct{}{}, &me); err != nil {
		return nil, fmt.Errorf("zalo: connect (getMe): %w", err)
	}
	if me.ID == "" {
		return nil, errors.New("zalo: connect (getMe): the answer has no bot id")
	}
	a.self = Bot{ID: string(me.ID), Name: firstOf(me.DisplayName, me.Name, me.AccountName), AccountName: me.AccountName}
	return a, nil
}

// Self is the bot's own account, as getMe returned it.
func (a *API) Self() Bot { return a.self }

// call POSTs params as JSON to method and decodes the result into result
// (nil: ignored), within ctx's deadline or else DefaultCallTimeout (no call
// waits for ever). Every error is free of the token.
func (a *API) call(ctx context.Context, method string, params, result any) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultCallTimeout)
		defer cancel()
	}
	return platform.Redact(a.do(ctx, method, params, result), a.token) // a net under do's own redaction
}

// do makes the call for call.
func (a *API) do(ctx context.Context, method string, params, result any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("zalo: %s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/bot"+a.token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("zalo: %s: %w", method, platform.Redact(err, a.token))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return fmt.Errorf("zalo: %s: %w", method, platform.Redact(err, a.token))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("zalo: %s: read answer: %w", method, platform.Redact(err, a.token))
	}
	var env struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		ErrorCode   int             `json:"error_code"`
		Description string          `json:"description"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		if resp.StatusCode != http.StatusOK {
			return &APIError{Method: method, Code: resp.StatusCode, Description: http.StatusText(resp.StatusCode) + " (not a Bot API answer)"}
		}
		return fmt.Errorf("zalo: %s: unreadable answer (HTTP %d, %d bytes): %w", method, resp.StatusCode, len(raw), err)
	}
	if !env.OK {
		code := env.ErrorCode
		if code == 0 {
			code = resp.StatusCode
		}
		return &APIError{Method: method, Code: code, Description: platform.MaskToken(env.Description, a.token)}
	}
	if result == nil || len(env.Result) == 0 {
		return nil
	}
	if err := json.Unmarshal(env.Result, result); err != nil {
		return fmt.Errorf("zalo: %s: unreadable result: %w", method, err)
	}
	return nil
}

// ID is a platform id. The platform sends ids as strings; a number is
// accepted too, kept as its digits.
type ID string

// UnmarshalJSON reads a string or a number.
func (id *ID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*id = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("zalo: id %s is neither a string nor a number", b)
	}
	*id = ID(n.String())
	return nil
}

// Millis is a date in milliseconds since 1970, sent as a number or a string.
type Millis int64

// UnmarshalJSON reads a number or a string of digits.
func (m *Millis) UnmarshalJSON(b []byte) error {
	var id ID
	if err := id.UnmarshalJSON(b); err != nil {
		return err
	}
	if id == "" {
		*m = 0
		return nil
	}
	f, err := strconv.ParseFloat(string(id), 64)
	if err != nil {
		return fmt.Errorf("zalo: date %s is not a number", b)
	}
	*m = Millis(f)
	return nil
}

// firstOf is the first non-empty string.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
