// Package web is what the bot's HTTP server shows of the bot itself: for
// now the files handed out by link (charts that Zalo fetches by URL,
// workbooks for channels without documents), each under an unguessable
// token that expires.
package web

import (
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"time"

	"fieldbot/bot"
)

// Files serves bot.Link files at GET bot.LinkPath + "{token}/{name}". An
// unknown or expired token, or a name that is not the link's, is 404: the
// answer never tells a guessed token from a stale one.
type Files struct {
	Store bot.Store
	Clock bot.Clock // default bot.SystemClock
	Log   *slog.Logger
}

// Pattern is the route Files answers on the server's mux.
const Pattern = "GET " + bot.LinkPath + "{token}/{name}"

// readTimeout bounds the store read behind one request.
const readTimeout = 5 * time.Second

func (f *Files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, name := r.PathValue("token"), r.PathValue("name")
	ctx, cancel := context.WithTimeout(r.Context(), readTimeout)
	defer cancel()
	var data []byte
	var link bot.Link
	err := f.Store.View(ctx, func(tx bot.Tx) error {
		l, err := tx.Link(token)
		if err != nil {
			return err
		}
		if !f.now().Before(l.Expires) || l.Name != name {
			return bot.ErrNotFound
		}
		link = l
		data, err = tx.Blob(l.Blob)
		return err
	})
	switch {
	case errors.Is(err, bot.ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		f.log().Error("serving a linked file", "err", err) // no token: it is the key
		http.Error(w, "error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	kind := mime.TypeByExtension(path.Ext(link.Name))
	if kind == "" {
		kind = http.DetectContentType(data)
	}
	h.Set("Content-Type", kind)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Referrer-Policy", "no-referrer")
	disposition := "attachment"
	if kind == "image/png" || kind == "image/jpeg" {
		disposition = "inline"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": link.Name}))
	_, _ = w.Write(data)
}

func (f *Files) now() time.Time {
	if f.Clock == nil {
		return time.Now()
	}
	return f.Clock.Now()
}

func (f *Files) log() *slog.Logger {
	if f.Log == nil {
		return slog.Default()
	}
	return f.Log
}
