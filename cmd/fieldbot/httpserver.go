package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// serverLimits bound what clients can make the HTTP server hold.
type serverLimits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                                            int
	// MaxBody is the largest request body a handler without a limit of
	// its own is given; a larger one gets 413.
	MaxBody int64
	// MaxInFlight is how many requests are handled at once; more get 503
	// with Retry-After.
	MaxInFlight int
}

// defaultLimits suit a webhook that Telegram calls one request at a time
// (setWebhook asks for max_connections=1) and a health probe.
var defaultLimits = serverLimits{
	ReadHeaderTimeout: 5 * time.Second,
	ReadTimeout:       20 * time.Second,
	WriteTimeout:      60 * time.Second, // an update's handling (a digest renders) is inside it
	IdleTimeout:       2 * time.Minute,
	MaxHeaderBytes:    16 << 10,
	MaxBody:           64 << 10,
	MaxInFlight:       16,
}

// withDefaults fills each limit left at zero from defaultLimits.
func (l serverLimits) withDefaults() serverLimits {
	d := defaultLimits
	l.ReadHeaderTimeout = cmp.Or(l.ReadHeaderTimeout, d.ReadHeaderTimeout)
	l.ReadTimeout = cmp.Or(l.ReadTimeout, d.ReadTimeout)
	l.WriteTimeout = cmp.Or(l.WriteTimeout, d.WriteTimeout)
	l.IdleTimeout = cmp.Or(l.IdleTimeout, d.IdleTimeout)
	l.MaxHeaderBytes = cmp.Or(l.MaxHeaderBytes, d.MaxHeaderBytes)
	l.MaxBody = cmp.Or(l.MaxBody, d.MaxBody)
	l.MaxInFlight = cmp.Or(l.MaxInFlight, d.MaxInFlight)
	return l
}

// retryAfter is what a client is told to wait when the server is full.
const retryAfter = "1"

// route is one handler on the shared server.
type route struct {
	Method, Path string
	// Pattern, when set, is the mux pattern itself (with wildcards), in
	// place of Method and Path.
	Pattern string
	Handler http.Handler
	// OwnBodyLimit says the handler limits its body itself (the Telegram
	// webhook reads at most telegram.MaxWebhookBody and answers 413).
	OwnBodyLimit bool
	// Uncapped routes are answered however many requests are under way (the
	// health probe: a busy bot is not a dead one).
	Uncapped bool
}

// httpServer is the process's one HTTP server: every channel's webhook and
// the health endpoint, on one address.
type httpServer struct {
	srv *http.Server
	ln  net.Listener
	log *slog.Logger
}

// listenHTTP binds addr and prepares the server for routes; call serve to
// start answering.
func listenHTTP(addr string, l serverLimits, routes []route, log *slog.Logger) (*httpServer, error) {
	mux, err := newMux(l, routes)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("http server: %w", err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		// net/http's own messages name the client's address, never the
		// request path (which may hold a token).
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return &httpServer{srv: srv, ln: ln, log: log}, nil
}

// newMux routes each handler, with the body limit on those without one.
func newMux(l serverLimits, routes []route) (mux *http.ServeMux, err error) {
	mux = http.NewServeMux()
	defer func() {
		if recover() != nil { // the path is not shown: it may hold a token
			mux, err = nil, errors.New("http server: a webhook path is not usable, or two channels share one")
		}
	}()
	slots := make(chan struct{}, max(l.MaxInFlight, 1)) // shared by every capped route
	for _, r := range routes {
		h := r.Handler
		if !r.OwnBodyLimit {
			h = limitBody(h, l.MaxBody)
		}
		if !r.Uncapped {
			h = capInFlight(h, slots)
		}
		p := r.Pattern
		if p == "" {
			p = pattern(r.Method, r.Path)
		}
		mux.Handle(p, h)
	}
	return mux, nil
}

// pattern matches exactly path (a path ending in "/" is not a subtree).
func pattern(method, path string) string {
	if path == "" {
		path = "/"
	}
	if strings.HasSuffix(path, "/") {
		path += "{$}"
	}
	return method + " " + path
}

// serve answers requests until shutdown; the channel gets the error that
// stopped it early, if any.
func (s *httpServer) serve() <-chan error {
	failed := make(chan error, 1)
	if s == nil {
		return failed
	}
	s.log.Info("HTTP server listening", "addr", s.ln.Addr().String()) // the address only, never paths
	go func() {
		if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
			failed <- fmt.Errorf("http server: %w", err)
		}
	}()
	return failed
}

// shutdown stops taking requests and waits, until ctx ends, for those
// under way to finish; then it closes what is left.
func (s *httpServer) shutdown(ctx context.Context) error {
	if s == nil {
		return nil
	}
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
		return fmt.Errorf("http server shutdown: %w", err)
	}
	return nil
}

// capInFlight answers 503 with Retry-After while every slot is taken.
func capInFlight(h http.Handler, slots chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			h.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", retryAfter)
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	})
}

// limitBody answers 413 to a body over limit bytes: at once when the
// request says its length, else when the handler reads past it.
func limitBody(h http.Handler, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}

// healthz answers 200 "ok" while the process runs.
func healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, "ok")
	})
}
