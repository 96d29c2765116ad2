package telegram

import (
	"net/http"

	"fieldbot/bot/platform"
)

// IdleConns is how many idle connections HTTPClient keeps (platform.IdleConns).
const IdleConns = platform.IdleConns

// HTTPClient is platform.HTTPClient: a pooled client with dial, handshake
// and idle timeouts, for the Telegram Bot API.
func HTTPClient(base *http.Client) *http.Client { return platform.HTTPClient(base) }
