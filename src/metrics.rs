//! What an operator watches, in the Prometheus text format: every series is registered here, in
//! one place, on a registry of the application's own (no global recorder: each instance, and
//! each test app, exports only what it saw). Requests are labelled by route template
//! (`/v1/attempts/{id}`), never by the raw path, so the series stay few whatever clients send.
//!
//! The series are served on a listener of their own (`--metrics-bind`), off by default; see
//! `app::Application`.
use prometheus_client::encoding::{prometheus_text, EncodeLabelSet};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

/// A request as counted: its method, route template and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

/// A route: its method and template.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

/// Whether a document could be graded (`graded`) or was refused as unreadable (`ungradable`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: &'static str,
}

/// Database connections by state: `in_use` or `idle`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    pub state: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// Seconds from 1 ms to about 33 s.
fn seconds() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// Bytes from 1 KiB to 4 MiB.
fn document_bytes() -> Histogram {
    Histogram::new(exponential_buckets(1024.0, 2.0, 13))
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub request_duration: Histograms<RouteLabels>,
    /// Answered 429: a throttle or rate limit said no.
    pub throttled: Family<RouteLabels, Counter>,
    pub gradings: Family<OutcomeLabels, Counter>,
    pub grading_duration: Histogram,
    pub document_size: Histogram,
    pub submissions: Counter,
    pub drill_reviews: Counter,
    pub attempts_started: Counter,
    pub login_failures: Counter,
    pub pool_connections: Family<PoolLabels, Gauge>,
    pub pool_wait: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("apidojo");
        let m = Metrics {
            registry: Registry::default(),
            requests: Family::default(),
            request_duration: Family::new_with_constructor(seconds as fn() -> Histogram),
            throttled: Family::default(),
            gradings: Family::default(),
            grading_duration: seconds(),
            document_size: document_bytes(),
            submissions: Counter::default(),
            drill_reviews: Counter::default(),
            attempts_started: Counter::default(),
            login_failures: Counter::default(),
            pool_connections: Family::default(),
            pool_wait: seconds(),
        };
        registry.register("http_requests", "HTTP requests answered", m.requests.clone());
        registry.register_with_unit(
            "http_request_duration",
            "Time from a request's arrival to its answer",
            Unit::Seconds,
            m.request_duration.clone(),
        );
        registry.register(
            "http_throttled_requests",
            "Requests answered 429 by a throttle or rate limit",
            m.throttled.clone(),
        );
        registry.register("gradings", "Documents and checklists graded", m.gradings.clone());
        registry.register_with_unit(
            "grading_duration",
            "Time the grader took on one document",
            Unit::Seconds,
            m.grading_duration.clone(),
        );
        registry.register_with_unit(
            "grading_document_size",
            "Size of the documents graded",
            Unit::Bytes,
            m.document_size.clone(),
        );
        registry.register("submissions", "Submissions graded and stored", m.submissions.clone());
        registry.register("drill_reviews", "Question-bank reviews logged", m.drill_reviews.clone());
        registry.register("attempts_started", "Attempts started", m.attempts_started.clone());
        registry.register(
            "login_failures",
            "Log-ins refused for a wrong email or password",
            m.login_failures.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections of this instance's pool, by state",
            m.pool_connections.clone(),
        );
        registry.register_with_unit(
            "db_pool_wait",
            "Time spent waiting for a database connection",
            Unit::Seconds,
            m.pool_wait.clone(),
        );
        Metrics { registry, ..m }
    }

    /// Counts an answered request.
    pub fn record_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let labels = RequestLabels {
            method: method.to_owned(),
            route: route.to_owned(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
        let RequestLabels { method, route, .. } = labels;
        let route = RouteLabels { method, route };
        self.request_duration.get_or_create(&route).observe(seconds);
        if status == 429 {
            self.throttled.get_or_create(&route).inc();
        }
    }

    /// Counts one grading.
    pub fn record_grading(&self, graded: bool, bytes: usize, seconds: f64) {
        let outcome = if graded { "graded" } else { "ungradable" };
        self.gradings.get_or_create(&OutcomeLabels { outcome }).inc();
        self.grading_duration.observe(seconds);
        self.document_size.observe(bytes as f64);
    }

    /// Every series as Prometheus text, with the pool's connections as they are now.
    pub fn encode(&self, connections_in_use: u32, connections_idle: u32) -> String {
        for (state, n) in [("in_use", connections_in_use), ("idle", connections_idle)] {
            self.pool_connections
                .get_or_create(&PoolLabels { state })
                .set(i64::from(n));
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

/// The `Content-Type` of what [`Metrics::encode`] returns.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_carry_the_route_template_and_the_pool_state() {
        let m = Metrics::new();
        m.record_request("GET", "/v1/attempts/{id}", 200, 0.003);
        m.record_request("POST", "/v1/sessions", 429, 0.001);
        m.record_grading(true, 5000, 0.02);
        m.login_failures.inc();
        let text = m.encode(2, 3);
        for line in [
            "apidojo_http_requests_total{method=\"GET\",route=\"/v1/attempts/{id}\",status=\"200\"} 1",
            "apidojo_http_throttled_requests_total{method=\"POST\",route=\"/v1/sessions\"} 1",
            "apidojo_gradings_total{outcome=\"graded\"} 1",
            "apidojo_grading_duration_seconds_count 1",
            "apidojo_grading_document_size_bytes_bucket{le=\"8192\"} 1",
            "apidojo_login_failures_total 1",
            "apidojo_db_pool_connections{state=\"in_use\"} 2",
            "apidojo_db_pool_connections{state=\"idle\"} 3",
            "# TYPE apidojo_http_request_duration_seconds histogram",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing from:\n{text}");
        }
    }
}
