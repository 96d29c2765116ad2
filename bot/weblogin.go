package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// The office's web page: a member sends /web and gets a sign-in link that
// lasts WebLoginTTL and works once; it opens a session that lasts
// WebSessionTTL. Both are tokens signed with the store's web key
// (WebTx.WebKey), so they cannot be made or altered without it.
const (
	WebPath       = "/web/"
	WebLoginTTL   = 10 * time.Minute
	WebSessionTTL = 8 * time.Hour
)

// What a web token is for; a token signed for one is refused as the other.
const (
	WebLogin   = "login"
	WebSession = "session"
)

// WebClaim is what a web token says: who, until when, and for a sign-in
// link its nonce (the key of its single use).
type WebClaim struct {
	Member  string `json:"m"`
	Expires int64  `json:"e"` // Unix seconds
	Nonce   string `json:"n,omitempty"`
}

// ErrWebToken is a web token that is malformed, forged, expired or for
// another purpose; the error does not say which.
var ErrWebToken = errors.New("bot: web token refused")

var b64 = base64.RawURLEncoding

// SignWeb makes the token of c for purpose: the claim in base64url, a dot,
// and its HMAC-SHA256 under key.
func SignWeb(key []byte, purpose string, c WebClaim) string {
	body, _ := json.Marshal(c) // a struct of strings and an int: cannot fail
	payload := b64.EncodeToString(body)
	return payload + "." + b64.EncodeToString(webMAC(key, purpose, payload))
}

// VerifyWeb checks token's signature under key for purpose and that it has
// not expired at now, and returns its claim.
func VerifyWeb(key []byte, purpose, token string, now time.Time) (WebClaim, error) {
	payload, sig, ok := strings.Cut(token, ".")
	if !ok || len(key) == 0 {
		return WebClaim{}, ErrWebToken
	}
	got, err := b64.DecodeString(sig)
	if err != nil || !hmac.Equal(got, webMAC(key, purpose, payload)) {
		return WebClaim{}, ErrWebToken
	}
	body, err := b64.DecodeString(payload)
	if err != nil {
		return WebClaim{}, ErrWebToken
	}
	var c WebClaim
	if err := json.Unmarshal(body, &c); err != nil || c.Member == "" || !now.Before(time.Unix(c.Expires, 0)) {
		return WebClaim{}, ErrWebToken
	}
	if purpose == WebLogin && c.Nonce == "" {
		return WebClaim{}, ErrWebToken
	}
	return c, nil
}

func webMAC(key []byte, purpose, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("fieldbot web " + purpose + "\x00" + payload))
	return m.Sum(nil)
}

// webNonce is 128 random bits in base64url.
func webNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail (Go 1.24+)
	return b64.EncodeToString(b)
}
