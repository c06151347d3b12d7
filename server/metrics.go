package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics live in the Server's own registry, not Prometheus's global one:
// two servers in one process (tests) must not collide.
type metrics struct {
	reg        *prometheus.Registry
	latency    *prometheus.HistogramVec
	ingest     *prometheus.CounterVec
	jobs       *prometheus.CounterVec
	answers    *prometheus.CounterVec
	embeddings prometheus.Counter
	guard      *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "seogo_http_request_duration_seconds",
			Help:    "Latency of HTTP requests by route and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route", "code"}),
		ingest: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "seogo_ingest_files_total", Help: "Files ingested through the server, by outcome.",
		}, []string{"status"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "seogo_ingest_jobs_total", Help: "Ingest jobs finished, by outcome.",
		}, []string{"status"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "seogo_answers_total", Help: "Answers written, by generator (extractive or llm:provider:model) and outcome.",
		}, []string{"generator", "outcome"}),
		embeddings: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "seogo_embedding_requests_total", Help: "Embedding requests served on /v1/embeddings.",
		}),
		guard: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "seogo_guard_findings_total", Help: "Guard events: notices on answers and findings of guard scans, by kind.",
		}, []string{"kind"}),
	}
	m.reg.MustRegister(m.latency, m.ingest, m.jobs, m.answers, m.embeddings, m.guard,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.latency.WithLabelValues(route, strconv.Itoa(status)).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
