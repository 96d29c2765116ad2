package zalo

import (
	"context"
	"errors"
	"fieldbot/bot/platform"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"time"
)

// Download bounds, for the images members send.
const (
	// MaxPhoto is the largest image the Poller and the Webhook download.
	MaxPhoto = 10 << 20
	// DownloadTimeout bounds one download.
	DownloadTimeout = 20 * time.Second
)

// GetUpdates long-polls for up to timeout (sent in whole seconds, as the
// platform wants it: a string) and returns what arrived: usually one event,
// possibly a list. An empty poll (the platform answers 408) returns no
// events and no error. There is no offset: what is returned is not handed
// out again, so the caller must keep it.
func (a *API) GetUpdates(ctx context.Context, timeout time.Duration) ([]Event, error) {
	secs := max(int(timeout/time.Second), 1)
	ctx, cancel := context.WithTimeout(ctx, time.Duration(secs)*time.Second+15*time.Second)
	defer cancel()
	var raw rawJSON
	err := a.call(ctx, "getUpdates", map[string]string{"timeout": strconv.Itoa(secs)}, &raw)
	if IsEmptyPoll(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeEvents(raw)
}

// rawJSON keeps a result undecoded.
type rawJSON []byte

// UnmarshalJSON keeps a copy of b.
func (r *rawJSON) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

// SetWebhook tells the platform to post events to url with secret in the
// X-Bot-Api-Secret-Token header (8–256 characters: see NewSecret). While it
// is set, getUpdates does not work.
func (a *API) SetWebhook(ctx context.Context, url, secret string) error {
	if n := len(secret); n < 8 || n > 256 {
		return fmt.Errorf("zalo: set webhook: the secret must be 8 to 256 characters, not %d", n)
	}
	return a.call(ctx, "setWebhook", map[string]string{"url": url, "secret_token": secret}, nil)
}

// DeleteWebhook switches the platform back to getUpdates.
func (a *API) DeleteWebhook(ctx context.Context) error {
	return a.call(ctx, "deleteWebhook", struct{}{}, nil)
}

// SendMessage sends text (1–2000 characters, plain) to chatID.
func (a *API) SendMessage(ctx context.Context, chatID, text string) error {
	return a.call(ctx, "sendMessage", map[string]string{"chat_id": chatID, "text": text}, nil)
}

// SendPhoto sends the image at photoURL, which the platform fetches before
// it answers (so the call is slow), with caption (may be empty).
func (a *API) SendPhoto(ctx context.Context, chatID, photoURL, caption string) error {
	params := map[string]string{"chat_id": chatID, "photo": photoURL}
	if caption != "" {
		params["caption"] = caption
	}
	return a.call(ctx, "sendPhoto", params, nil)
}

// ErrTooLarge is a download over its limit.
var ErrTooLarge = errors.New("zalo: download: larger than the limit")

// Download fetches the image at url (a Zalo image URL from an event) with
// a GET, at most limit bytes (0: MaxPhoto), within DownloadTimeout. It
// fails on an HTTP status other than 200, on a body over the limit, and on
// a body that is not an image. Its errors are free of the token (the URL is
// not the API's, but the client's errors are redacted all the same).
func (a *API) Download(ctx context.Context, url string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = MaxPhoto
	}
	ctx, cancel := context.WithTimeout(ctx, DownloadTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("zalo: download: %w", platform.Redact(err, a.token))
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("zalo: download: %w", platform.Redact(hideURL(err), a.token))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("zalo: download: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w (%d bytes, limit %d)", ErrTooLarge, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("zalo: download: %w", platform.Redact(err, a.token))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w (limit %d)", ErrTooLarge, limit)
	}
	if ct := http.DetectContentType(data); len(ct) < 6 || ct[:6] != "image/" {
		return nil, fmt.Errorf("zalo: download: not an image (%s)", ct)
	}
	return data, nil
}

// hideURL keeps only the scheme and host of the URL in a *url.Error: an
// image's address may be all it takes to see a member's photo, so it stays
// out of logs.
func hideURL(err error) error {
	var ue *neturl.Error
	if !errors.As(err, &ue) {
		return err
	}
	short := "(unparsable URL)"
	if u, perr := neturl.Parse(ue.URL); perr == nil {
		short = u.Scheme + "://" + u.Host + "/…"
	}
	return &neturl.Error{Op: ue.Op, URL: short, Err: ue.Err}
}
