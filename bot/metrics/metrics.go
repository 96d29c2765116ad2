// Package metrics is the Prometheus adapter of bot.Observer: the one
// package that knows Prometheus. It counts what the engine, the senders,
// the pollers and the scheduler report, reads the outbox at each scrape,
// and serves it all in the Prometheus text format.
package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"fieldbot/bot"
)

// Namespace prefixes every series of the bot's own.
const Namespace = "fieldbot"

// OutboxStat is one channel's outbox at a scrape.
type OutboxStat struct {
	Channel string
	Depth   int
	// OldestAge is how long the oldest waiting message has waited (0: none).
	OldestAge time.Duration
}

// OutboxSource reads every channel's outbox; it is called at each scrape,
// within scrapeTimeout.
type OutboxSource func(ctx context.Context) ([]OutboxStat, error)

// scrapeTimeout bounds the outbox read of one scrape.
const scrapeTimeout = 5 * time.Second

// Metrics counts what the bot reports; it is a bot.Observer. Make it with
// New.
type Metrics struct {
	reg *prometheus.Registry

	updates   *prometheus.CounterVec
	batchSize *prometheus.HistogramVec
	commit    *prometheus.HistogramVec
	sends     *prometheus.CounterVec
	limited   *prometheus.CounterVec
	dead      *prometheus.CounterVec
	jobs      *prometheus.CounterVec
	jobTime   *prometheus.HistogramVec
	digest    prometheus.Histogram
	calls     *prometheus.CounterVec
}

var _ bot.Observer = (*Metrics)(nil)

// New registers the bot's series, the Go runtime's and the process's on a
// registry of its own; outbox, when not nil, is read at each scrape.
func New(outbox OutboxSource) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{reg: reg,
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "updates_total",
			Help: "Inbound updates by channel and outcome (handled, duplicate, failed, deferred)."}, []string{"channel", "outcome"}),
		batchSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "batch_size",
			Help:    "Updates per committed transaction (group commit).",
			Buckets: []float64{1, 2, 5, 10, 20, 50, 100}}, []string{"channel"}),
		commit: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "batch_commit_seconds",
			Help:    "Time to handle and commit one batch of updates, fsync included.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}, []string{"channel"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "sends_total",
			Help: "Delivery attempts by channel and outcome (sent, retry, rate_limited, dead_letter)."}, []string{"channel", "outcome"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "rate_limited_total",
			Help: "Answers telling the bot to wait (HTTP 429, retry after) by channel."}, []string{"channel"}),
		dead: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "dead_letters_total",
			Help: "Messages moved to the dead letters by channel and cause."}, []string{"channel", "cause"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "job_runs_total",
			Help: "Scheduled job runs by job and outcome (ok, error)."}, []string{"job", "outcome"}),
		jobTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "job_duration_seconds",
			Help:    "Duration of scheduled job runs.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)}, []string{"job"}),
		digest: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "digest_build_seconds",
			Help:    "Time to build one digest (text, chart, workbook) in all its languages.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12)}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "platform_calls_total",
			Help: "Calls to a chat platform (polls, sends) and webhook requests from it, by channel and outcome (ok, error)."},
			[]string{"channel", "outcome"}),
	}
	reg.MustRegister(m.updates, m.batchSize, m.commit, m.sends, m.limited, m.dead, m.jobs, m.jobTime, m.digest, m.calls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if outbox != nil {
		reg.MustRegister(&outboxCollector{read: outbox})
	}
	return m
}

// Handler serves the registry in the Prometheus text format; a failed
// outbox read drops those series from the answer and keeps the others.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// UpdateHandled counts one update.
func (m *Metrics) UpdateHandled(channel string, o bot.UpdateOutcome) {
	m.updates.WithLabelValues(channel, string(o)).Inc()
}

// BatchCommitted observes one batch's size and commit time.
func (m *Metrics) BatchCommitted(channel string, size int, took time.Duration) {
	m.batchSize.WithLabelValues(channel).Observe(float64(size))
	m.commit.WithLabelValues(channel).Observe(took.Seconds())
}

// Sent counts one delivery attempt.
func (m *Metrics) Sent(channel string, o bot.SendOutcome) {
	m.sends.WithLabelValues(channel, string(o)).Inc()
}

// RateLimited counts one 429.
func (m *Metrics) RateLimited(channel string) { m.limited.WithLabelValues(channel).Inc() }

// DeadLettered counts one dead letter.
func (m *Metrics) DeadLettered(channel string, cause bot.Reason) {
	m.dead.WithLabelValues(channel, string(cause)).Inc()
}

// JobRan counts one job run and observes its duration.
func (m *Metrics) JobRan(job string, ok bool, took time.Duration) {
	m.jobs.WithLabelValues(job, outcome(ok)).Inc()
	m.jobTime.WithLabelValues(job).Observe(took.Seconds())
}

// DigestBuilt observes one digest build.
func (m *Metrics) DigestBuilt(took time.Duration) { m.digest.Observe(took.Seconds()) }

// PlatformCall counts one call to or from a platform.
func (m *Metrics) PlatformCall(channel string, ok bool) {
	m.calls.WithLabelValues(channel, outcome(ok)).Inc()
}

func outcome(ok bool) string {
	if ok {
		return "ok"
	}
	return "error"
}

// outboxCollector reads the outbox at each scrape.
type outboxCollector struct{ read OutboxSource }

var (
	depthDesc = prometheus.NewDesc(Namespace+"_outbox_depth", "Messages waiting in the outbox, by channel.",
		[]string{"channel"}, nil)
	ageDesc = prometheus.NewDesc(Namespace+"_outbox_oldest_age_seconds",
		"How long the oldest waiting message has waited, by channel (0: none waits).", []string{"channel"}, nil)
)

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- depthDesc; ch <- ageDesc }

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	stats, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(depthDesc, err)
		return
	}
	for _, s := range stats {
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(s.Depth), s.Channel)
		ch <- prometheus.MustNewConstMetric(ageDesc, prometheus.GaugeValue, s.OldestAge.Seconds(), s.Channel)
	}
}
