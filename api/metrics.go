package api

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/graphql-go/graphql/language/ast"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// maxOperationLabels bounds the operation names metrics keep apart: clients choose the
// names, and every name is a time series. Names past the bound are counted as "other".
const maxOperationLabels = 200

// metrics counts GraphQL requests and their latencies by operation name, on a registry
// of the server's own (so that servers in tests do not collide on the global one).
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// cache counts the requests the result cache answered (hit) and those it could not
	// (miss), so that a benchmark can say which of its answers were computed.
	cache               *prometheus.CounterVec
	cacheHit, cacheMiss prometheus.Counter

	mu    sync.Mutex
	names map[string]bool
}

func newMetrics() (*metrics, error) {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "policykg_graphql_requests_total",
			Help: "GraphQL requests by operation name and HTTP status.",
		}, []string{"operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "policykg_graphql_request_duration_seconds",
			Help:    "Time to answer a GraphQL request, by operation name.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "policykg_graphql_result_cache_total",
			Help: "GraphQL requests looked up in the result cache, by result: hit (answered from it) or miss (executed).",
		}, []string{"result"}),
		names: map[string]bool{},
	}
	m.cacheHit, m.cacheMiss = m.cache.WithLabelValues("hit"), m.cache.WithLabelValues("miss")
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.cache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := m.registry.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

// handler serves the metrics; compression is left to the server's gzip middleware.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{DisableCompression: true})
}

// operationLabel names an operation for metrics: its name, "anonymous", or "other" once
// maxOperationLabels names are taken.
func (m *metrics) operationLabel(op *ast.OperationDefinition) string {
	if op == nil {
		return "none"
	}
	if op.Name == nil || op.Name.Value == "" {
		return "anonymous"
	}
	name := op.Name.Value
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationLabels {
		return "other"
	}
	m.names[name] = true
	return name
}

// observe records one answered request.
func (m *metrics) observe(operation string, status int, took time.Duration) {
	m.requests.WithLabelValues(operation, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(operation).Observe(took.Seconds())
}

// cacheLookup records one look-up in the result cache.
func (m *metrics) cacheLookup(hit bool) {
	if hit {
		m.cacheHit.Inc()
		return
	}
	m.cacheMiss.Inc()
}
