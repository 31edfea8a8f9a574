//! Builds the actix-web application: the one place that lists routes and middleware, used by
//! `apidojo serve` and by the integration tests alike.
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, HttpMessage, HttpRequest, HttpServer};
use tracing_actix_web::{RequestId, TracingLogger};

use crate::api;
use crate::api::routes::Routes;
use crate::auth::JwtKeys;
use crate::catalog::Catalog;
use crate::config::Settings;
use crate::error::{self, AppError, PROBLEM_JSON};
use crate::grading::Limits;
use crate::state::{hashing_permits, AppState, BODY_READS};

/// Reads a request body whole before any handler sees it, within `Settings::body_timeout` and
/// never more than the largest body any endpoint accepts (plus one byte to tell it was larger).
/// A client that promises 1 000 bytes and sends 10, or trickles a byte a second, gets 408 and a
/// closed connection instead of holding a worker's attention indefinitely.
///
/// Memory follows what arrives, never what a client announces: a body announced larger than any
/// endpoint accepts is refused at once (413), a body on a request that takes none (GET, HEAD,
/// DELETE, OPTIONS) is never read (the request is answered as if it had none, and the connection
/// closed), the buffer grows as bytes come in, and at most [`BODY_READS`] bodies are read at once
/// (the others wait for a turn, within the same timeout). A form post carrying a NUL character
/// (`%00`) is refused (422): no field takes one, and PostgreSQL cannot store it.
async fn bounded_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    use actix_web::http::{Method, StatusCode};
    use futures_util::StreamExt;

    let headers = req.headers();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = headers
        .get(header::TRANSFER_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), true) = (state, chunked || declared.is_some_and(|n| n > 0)) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    // Answered without reading: the connection closes, so what the client still sends is dropped.
    let refuse = |req: ServiceRequest, status: StatusCode, detail: &str| {
        let mut response = error::problem_response(status, detail, &[]);
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        Ok(req.into_response(response))
    };
    if matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::DELETE | Method::OPTIONS
    ) {
        // Nothing of the body is read: the request is answered as if it had none (a route that
        // does not take the method still says 405), and the connection closes, so what the
        // client still sends goes nowhere.
        drop(req.take_payload());
        let mut res = next.call(req).await?.map_into_boxed_body();
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Ok(res);
    }
    let largest = state.settings.max_document_bytes.max(state.settings.max_json_bytes);
    if let Some(size) = declared.filter(|n| *n > largest as u64) {
        let detail = format!("the body is {size} bytes, over the {largest} bytes any request here may carry");
        return refuse(req, StatusCode::PAYLOAD_TOO_LARGE, &detail);
    }
    let cap = largest + 1;
    let timeout = state.settings.body_timeout;
    let mut payload = req.take_payload();
    let read = async {
        // The semaphore is never closed: no permit would only mean no bound.
        let _turn = state.body_reads.acquire().await.ok();
        let mut buf = web::BytesMut::with_capacity(declared.unwrap_or(0).min(8 * 1024) as usize);
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            // Past the cap the handler's own limit answers 413; reading on would be unbounded.
            let room = cap.saturating_sub(buf.len());
            buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if buf.len() >= cap {
                break;
            }
        }
        Ok::<_, actix_web::error::PayloadError>(buf.freeze())
    };
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(body)) => {
            if form && memchr::memmem::find(&body, b"%00").is_some() {
                return refuse(
                    req,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "a form field contains the NUL character (%00), which no field takes",
                );
            }
            req.set_payload(actix_web::dev::Payload::from(body));
            next.call(req).await.map(ServiceResponse::map_into_boxed_body)
        }
        Ok(Err(e)) => {
            let response = actix_web::ResponseError::error_response(&error::payload_error(e));
            Ok(req.into_response(response))
        }
        Err(_) => {
            let detail = format!(
                "the request body did not arrive within {} seconds; send it whole, at a steady pace",
                timeout.as_secs()
            );
            refuse(req, StatusCode::REQUEST_TIMEOUT, &detail)
        }
    }
}

/// Refuses a URL whose path or query carries a NUL character (`%00`): no id, filter or cursor
/// takes one, and PostgreSQL cannot compare text with it. Nothing has such a path (404); no query
/// parameter allows it (400).
async fn no_nul_in_urls(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    use actix_web::http::StatusCode;
    let has_nul = |part: &str| memchr::memmem::find(part.as_bytes(), b"%00").is_some();
    let refusal = if has_nul(req.uri().path()) {
        Some((
            StatusCode::NOT_FOUND,
            "nothing here has the NUL character (%00) in its path",
        ))
    } else if req.uri().query().is_some_and(has_nul) {
        Some((
            StatusCode::BAD_REQUEST,
            "the query contains the NUL character (%00), which no parameter takes",
        ))
    } else {
        None
    };
    if let Some((status, detail)) = refusal {
        return Ok(req.into_response(error::problem_response(status, detail, &[])));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

/// Counts every answered request by method, route template and status, with its duration, into
/// the instance's metrics. A request no route matched counts under `unmatched`, so the series
/// stay few whatever paths clients send.
async fn record_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let metrics = req.app_data::<web::Data<AppState>>().map(|s| s.metrics.clone());
    let method = req.method().as_str().to_owned();
    let res = next.call(req).await?.map_into_boxed_body();
    if let Some(metrics) = metrics {
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        metrics.record_request(&method, &route, res.status().as_u16(), started.elapsed().as_secs_f64());
    }
    Ok(res)
}

/// `GET /metrics` on the metrics listener: the instance's series, with its pool as it is now.
async fn metrics(state: web::Data<AppState>) -> actix_web::HttpResponse {
    let pool = state.pool.state();
    let body = state
        .metrics
        .encode(pool.connections - pool.idle_connections, pool.idle_connections);
    actix_web::HttpResponse::Ok()
        .content_type(crate::metrics::CONTENT_TYPE)
        .body(body)
}

/// A bound, not yet running server: the port is known before `run`, which tests need.
pub struct Application {
    port: u16,
    server: Server,
    /// The metrics listener, when `Settings::metrics_bind` asks for one, and its port.
    metrics: Option<(u16, Server)>,
    state: web::Data<AppState>,
}

impl Application {
    /// Connects to the database, runs migrations and binds the listener.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = crate::db::connect_and_migrate(&settings.database_url, settings.pool_size)?;
        let listener =
            TcpListener::bind(settings.bind).map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let catalog = Catalog::builtin();
        for problem in &catalog.errors {
            tracing::warn!(%problem, "catalogue file left out");
        }
        let limits = Limits {
            max_bytes: settings.max_document_bytes,
            ..Limits::server()
        };
        let state = web::Data::new(AppState {
            keys: JwtKeys::new(&settings.jwt_secret, settings.token_ttl),
            pool,
            settings: Arc::new(settings),
            catalog: Arc::new(catalog),
            limits,
            hashing: Arc::new(tokio::sync::Semaphore::new(hashing_permits())),
            body_reads: Arc::new(tokio::sync::Semaphore::new(BODY_READS)),
            metrics: Arc::new(crate::metrics::Metrics::new()),
            draining: Arc::new(AtomicBool::new(false)),
        });
        let shared = state.clone();
        // Metrics on a listener of their own: not part of the public API, reachable only where
        // the operator binds it (a private address), with no token to hand out or leak.
        let metrics = match state.settings.metrics_bind {
            Some(bind) => {
                let listener =
                    TcpListener::bind(bind).map_err(|e| anyhow::anyhow!("cannot listen for metrics on {bind}: {e}"))?;
                let port = listener.local_addr()?.port();
                let state = state.clone();
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(state.clone())
                        .route("/metrics", web::get().to(metrics))
                })
                .workers(1)
                .disable_signals()
                .listen(listener)?
                .run();
                Some((port, server))
            }
            None => None,
        };
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .configure(|cfg| configure(cfg, &state.settings))
                .wrap(from_fn(bounded_body))
                .wrap(from_fn(no_nul_in_urls))
                .wrap(from_fn(problem_bodies_and_request_id))
                .wrap(from_fn(crate::web::security_headers))
                .wrap(from_fn(crate::web::render::plain_redirects))
                .wrap(from_fn(head_as_get))
                .wrap(from_fn(record_metrics))
                .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
                // Outermost: pages, styles, scripts and JSON go compressed to a client that asks
                // (gzip, brotli or zstd), while everything inside, idempotent replies included,
                // sees plain bodies.
                .wrap(actix_web::middleware::Compress::default())
        })
        // Signals are handled by `run_until_stopped`, which marks the state as draining first.
        .disable_signals()
        .shutdown_timeout(shared.settings.shutdown_timeout.as_secs())
        .listen(listener)?
        .run();
        Ok(Self {
            port,
            server,
            metrics,
            state: shared,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port metrics are served on, when they are.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// Serves until the server stops. SIGTERM or SIGINT stops it gracefully: `/readyz` answers
    /// 503 from then on, the listener closes, idle connections are closed, and the requests in
    /// flight get `Settings::shutdown_timeout` to finish (what still runs then is cut off); then
    /// the metrics listener stops and the database pool is closed.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Self {
            server, state, metrics, ..
        } = self;
        // The metrics listener lives as long as the server it reports on.
        let metrics = metrics.map(|(_, server)| {
            let handle = server.handle();
            tokio::spawn(server);
            handle
        });
        // Listening before the server serves its first request, so no signal falls between.
        let signals = StopSignals::listen()?;
        let draining = state.draining.clone();
        let grace = state.settings.shutdown_timeout;
        let handle = server.handle();
        let stopper = tokio::spawn(async move {
            let signal = signals.recv().await;
            draining.store(true, Ordering::Relaxed);
            tracing::info!(
                signal,
                timeout_secs = grace.as_secs(),
                "stopping: no new connections; waiting for the requests in flight"
            );
            handle.stop(true).await;
        });
        let served = server.await;
        stopper.abort();
        if let Some(handle) = metrics {
            handle.stop(true).await;
        }
        close_pool(state).await;
        served
    }
}

/// SIGTERM (what service managers and container runtimes send) and SIGINT (Ctrl-C).
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// The name of the first stop signal to arrive.
    async fn recv(self) -> &'static str {
        #[cfg(unix)]
        {
            let Self { mut term, mut int } = self;
            tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

/// Closes the database pool once the stopped workers have let go of the shared state (they do
/// so right after the server stops; a worker cut off at the shutdown timeout is not waited for
/// long): the idle connections are closed, so PostgreSQL sees clean disconnections rather than
/// sockets dropped by the exiting process.
async fn close_pool(state: web::Data<AppState>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while Arc::strong_count(&state) > 1 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let connections = state.pool.state().connections;
    drop(state);
    tracing::info!(connections, "database pool closed");
}

/// Routes, body limits and the problem+json error handlers.
pub fn configure(cfg: &mut web::ServiceConfig, settings: &Settings) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(settings.max_json_bytes)
            .error_handler(error::json_error),
    )
    .app_data(web::QueryConfig::default().error_handler(error::query_error))
    .app_data(web::PayloadConfig::default().limit(settings.max_json_bytes))
    .configure(|cfg| api::root_routes(&mut Routes::serving(cfg, "")))
    .service(web::scope("/v1").configure(|cfg| api::routes(&mut Routes::serving(cfg, "/v1"))))
    .configure(crate::web::routes)
    .default_service(web::to(no_route));
}

async fn no_route(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    let detail = format!("no route matches {} {}", req.method(), req.path());
    // A person browsing gets a page; the API and its clients get problem+json.
    let wants_page = !req.path().starts_with("/v1")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    if wants_page {
        return Ok(crate::web::not_found_page(&detail));
    }
    Err(AppError::not_found(detail))
}

/// `HEAD` wherever `GET` is served (RFC 9110 §9.3.2): the request is handled as a GET and the
/// body dropped, so the headers (type, caching, security) are exactly the GET's.
async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != actix_web::http::Method::HEAD {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    }
    req.head_mut().method = actix_web::http::Method::GET;
    let res = next.call(req).await?;
    Ok(res.map_body(|_, _| BoxBody::new(())))
}

/// Adds `x-request-id` to every response (the id in the request's log lines), and turns any error
/// response that is not already problem+json (actix's own 404/405/400 bodies) into one.
async fn problem_bodies_and_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    // Error pages (HTML) are answers of their own, as are problem+json bodies.
    let is_problem = res.headers().get(header::CONTENT_TYPE).is_some_and(|ct| {
        ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()) || ct.as_bytes().starts_with(b"text/html")
    });
    let mut res = if status.as_u16() >= 400 && !is_problem {
        let detail = match status.as_u16() {
            404 => format!("no route matches {} {}", res.request().method(), res.request().path()),
            _ => status.canonical_reason().unwrap_or("error").to_owned(),
        };
        let (req, old) = res.into_parts();
        let mut new = error::problem_response(status, &detail, &[]);
        for (name, value) in old.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                new.headers_mut().insert(name.clone(), value.clone());
            }
        }
        ServiceResponse::new(req, new)
    } else {
        res
    };
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), id);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stopping instance must leave its load balancer's rotation: `/readyz` answers 503
    /// problem+json once the state is draining, though the database still answers.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readyz_answers_503_while_the_server_drains() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::new(
            "127.0.0.1:0".parse().unwrap(),
            format!("sqlite://{}/ready.sqlite3", dir.path().display()),
            secrecy::SecretString::from("r".repeat(32)),
        );
        let app = Application::build(settings).unwrap();
        let url = format!("http://127.0.0.1:{}/readyz", app.port());
        let draining = app.state.draining.clone();
        tokio::spawn(app.run_until_stopped());

        let ready = reqwest::get(&url).await.unwrap();
        assert_eq!(ready.status(), reqwest::StatusCode::OK);
        draining.store(true, Ordering::Relaxed);
        let stopping = reqwest::get(&url).await.unwrap();
        assert_eq!(stopping.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(stopping.headers()["content-type"], PROBLEM_JSON);
        let body: serde_json::Value = stopping.json().await.unwrap();
        assert!(body["detail"].as_str().unwrap().contains("stopping"), "{body}");
    }
}
