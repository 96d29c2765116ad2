package main

import (
	"context"
	"net/http"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/bot/metrics"
)

// observation is the app's metrics and readiness: the observer the engine,
// the senders, the pollers and the scheduler report to.
type observation struct {
	metrics *metrics.Metrics
	ready   *readiness
	// listen, when set, is a private address of their own for /healthz,
	// /readyz and /metrics; empty serves them on the app's server.
	listen string
}

// observer is what the domain reports to.
func (o *observation) observer() bot.Observer { return bot.Observers{o.metrics, o.ready} }

// newObservation makes the metrics (the outbox of each channel read at
// each scrape) and the readiness of a; channels are added with track.
func (a *app) newObservation(listen string) *observation {
	o := &observation{listen: listen}
	o.metrics = metrics.New(a.outboxStats)
	o.ready = newReadiness(a.clock, readyWindow, func(ctx context.Context) error {
		return a.db.Update(ctx, func(bot.Tx) error { return nil }) // commits, so it writes and syncs
	})
	return o
}

// outboxStats reads each channel's outbox for a scrape.
func (a *app) outboxStats(ctx context.Context) ([]metrics.OutboxStat, error) {
	now := a.clock.Now()
	var out []metrics.OutboxStat
	for _, c := range a.channels {
		n, oldest, err := delivery.Depth(ctx, delivery.OutboxOf(a.db), c.spec.Send.Channel.Name())
		if err != nil {
			return nil, err
		}
		s := metrics.OutboxStat{Channel: c.spec.Send.Channel.Name(), Depth: n}
		if !oldest.IsZero() {
			s.OldestAge = max(now.Sub(oldest), 0)
		}
		out = append(out, s)
	}
	return out, nil
}

// observeRoutes are /readyz and /metrics, answered however busy the server.
func (o *observation) observeRoutes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/readyz", Handler: o.ready.handler(), Uncapped: true},
		{Method: http.MethodGet, Path: "/metrics", Handler: o.metrics.Handler(), Uncapped: true},
	}
}

// mountObserve adds /readyz and /metrics to the app's server, unless they
// have a private address of their own.
func (o *observation) mountObserve(routes []route) []route {
	if o.listen != "" {
		return routes
	}
	return append(routes, o.observeRoutes()...)
}

// listenPrivate binds the private server for /healthz, /readyz and
// /metrics, or returns nil when they share the app's server.
func (a *app) listenPrivate() (*httpServer, error) {
	if a.obs.listen == "" {
		return nil, nil
	}
	routes := append([]route{{Method: http.MethodGet, Path: "/healthz", Handler: healthz(), Uncapped: true}}, a.obs.observeRoutes()...)
	s, err := listenHTTP(a.obs.listen, a.limits, routes, a.log)
	if err != nil {
		return nil, &privateListenError{err}
	}
	return s, nil
}

// privateListenError is a failure to bind --metrics-listen (explain names
// that flag).
type privateListenError struct{ err error }

func (e *privateListenError) Error() string { return "metrics server: " + e.err.Error() }
func (e *privateListenError) Unwrap() error { return e.err }

// either is the first error of a or b, until ctx ends.
func either(ctx context.Context, a, b <-chan error) <-chan error {
	out := make(chan error, 1)
	go func() {
		select {
		case err := <-a:
			out <- err
		case err := <-b:
			out <- err
		case <-ctx.Done():
		}
	}()
	return out
}
