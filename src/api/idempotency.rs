//! `Idempotency-Key` on the POSTs that create something: each such resource wraps itself in
//! [`idempotent_posts`] where its routes are declared. The first request with a key is handled and its successful
//! response stored; a retry with the same key and the same request gets that response again
//! (`Idempotent-Replayed: true`) without doing the work twice; the same key with a different
//! request is a 422; a retry while the first is still running is a 409. Failed requests release
//! the key so the client can fix the request and retry. Keys are scoped to the signed-in user
//! (anonymous requests share one scope) and kept for 24 hours. Where the resource needs a
//! signed-in user, the request is authenticated first: no reply is replayed to a logged-out token.
//!
//! Creating handlers go through [`create`], which records the reply in the transaction that
//! creates the resource: after a crash, a key either replays what was created or was never used.
//! A claim left in flight by a crashed server is taken over by a retry once
//! `Settings::idempotency_lease` (a minute by default) has passed.
//!
//! Submissions keep their key on the submission row itself (see `submissions.rs`); logging in
//! creates nothing to replay (and a stored reply would keep a live token): neither is wrapped.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use diesel::Connection;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::auth::AuthUser;
use crate::db::idempotency::{self, Record, Reply, IN_FLIGHT};
use crate::error::AppError;
use crate::state::AppState;

const KEEP_HOURS: i64 = 24;

/// The request's `Idempotency-Key`, if any; 400 when it is not 1 to 255 visible characters.
pub fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(v) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    v.to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .map(|k| Some(k.to_owned()))
        .ok_or_else(|| AppError::bad_request("Idempotency-Key must be 1 to 255 visible ASCII characters"))
}

fn reject(req: ServiceRequest, e: AppError) -> ServiceResponse<BoxBody> {
    req.into_response(e.error_response())
}

/// [`idempotent_posts`] on a resource that needs a signed-in user: the request is authenticated
/// before anything is replayed, so a logged-out token or an anonymous caller gets 401, never a
/// stored reply nor a word about keys already used.
pub async fn signed_in_idempotent_posts(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    keyed(req, next, true).await
}

/// `Idempotency-Key` on a resource open to anyone (registering): keys of callers who are not
/// signed in share one scope.
pub async fn idempotent_posts(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    keyed(req, next, false).await
}

async fn keyed(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    needs_user: bool,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let applies = req.method() == Method::POST && req.headers().contains_key("idempotency-key");
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (true, Some(state)) = (applies, state) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let key = match idempotency_key(req.request()) {
        Ok(Some(k)) => k,
        Ok(None) => return next.call(req).await.map(ServiceResponse::map_into_boxed_body),
        Err(e) => return Ok(reject(req, e)),
    };
    // Who is asking, checked as the handler will check it (the session still live, a page's
    // script carrying its CSRF token) before any stored reply is given back.
    let user = AuthUser::from_request(req.request(), &mut Payload::None).await;
    let scope = match user {
        Ok(user) => {
            let scope = format!("user:{}", user.id());
            // The handler's extractor takes it from here instead of checking the session again.
            req.extensions_mut().insert(user);
            scope
        }
        Err(e) if needs_user => return Ok(reject(req, e)),
        Err(_) => "anonymous".to_owned(),
    };

    // The body is needed to tell a retry from a different request with the same key.
    let limit = state.limits.max_bytes;
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => return Ok(reject(req, crate::error::payload_error(e))),
        };
        if body.len() + chunk.len() > limit {
            return Ok(reject(
                req,
                AppError::PayloadTooLarge(format!("the body is larger than the {limit} bytes this server accepts")),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let mut hasher = Sha256::new();
    for part in [req.method().as_str(), req.path(), req.query_string()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(&body);
    let sha = crate::hashing::hex(&hasher.finalize());

    let now = crate::db::now();
    let claim_id = uuid::Uuid::new_v4().to_string();
    let record = Record {
        scope: scope.clone(),
        idem_key: key.clone(),
        request_sha256: sha.clone(),
        status: IN_FLIGHT,
        location: None,
        content_type: None,
        body: None,
        created_at: now,
        claim_id: claim_id.clone(),
    };
    let lease = chrono::Duration::from_std(state.settings.idempotency_lease).unwrap_or(chrono::Duration::MAX);
    let existing = match state
        .db(move |conn| {
            Ok(idempotency::claim(
                conn,
                &record,
                now - chrono::Duration::hours(KEEP_HOURS),
                now - lease,
            )?)
        })
        .await
    {
        Ok(r) => r,
        Err(e) => return Ok(reject(req, e)),
    };
    if let Some(previous) = existing {
        let e = if previous.request_sha256 != sha {
            AppError::unprocessable(
                "this Idempotency-Key was already used for a different request; use a new key for a new request",
            )
        } else if previous.status == IN_FLIGHT {
            AppError::conflict("a request with this Idempotency-Key is still being handled; retry in a moment")
        } else {
            return Ok(req.into_response(replay(&previous)));
        };
        return Ok(reject(req, e));
    }

    let claim = Claim {
        scope: scope.clone(),
        key: key.clone(),
        claim_id: claim_id.clone(),
        recorded: Arc::new(AtomicBool::new(false)),
    };
    let recorded = claim.recorded.clone();
    req.extensions_mut().insert(claim);
    req.set_payload(Payload::from(body));
    let res = next.call(req).await?;
    if recorded.load(Ordering::SeqCst) {
        // The handler stored its reply in the transaction that created the resource.
        return Ok(res.map_into_boxed_body());
    }
    let status = res.status();
    let (req, res) = res.into_parts();
    let (head, res_body) = res.into_parts();
    let bytes = to_bytes(res_body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into()))?;
    let text = String::from_utf8(bytes.to_vec()).ok();
    let location = head
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_type = head
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let stored = match (status.is_success(), text) {
        (true, Some(text)) => {
            state
                .db(move |conn| {
                    let reply = Reply {
                        status: i32::from(status.as_u16()),
                        location: location.as_deref(),
                        content_type: content_type.as_deref(),
                        body: &text,
                    };
                    Ok(idempotency::complete(conn, &scope, &key, &claim_id, &reply).map(drop)?)
                })
                .await
        }
        _ => {
            state
                .db(move |conn| Ok(idempotency::release(conn, &scope, &key, &claim_id)?))
                .await
        }
    };
    if let Err(e) = stored {
        tracing::error!(error = %e, "could not record the idempotent response");
    }
    Ok(ServiceResponse::new(req, head.set_body(BoxBody::new(bytes))))
}

/// A request's claim on its `Idempotency-Key`, available to the handler.
#[derive(Debug, Clone)]
pub struct Claim {
    scope: String,
    key: String,
    claim_id: String,
    recorded: Arc<AtomicBool>,
}

/// The key the request claimed, if it came with one. A handler that creates something passes it
/// to [`create`].
pub struct Idempotent(pub Option<Claim>);

impl FromRequest for Idempotent {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Idempotent(req.extensions().get::<Claim>().cloned())))
    }
}

/// Creates a resource and answers 201 with its `Location` and JSON representation.
///
/// `make` runs in one transaction with the recording of that reply for the request's
/// `Idempotency-Key`: a crash can never leave a resource created under a key that a retry would
/// not replay. When the claim was taken over meanwhile (the lease passed), nothing is created.
pub async fn create<V, F>(state: &AppState, idempotent: Idempotent, make: F) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConn) -> Result<(String, V), AppError> + Send + 'static,
    V: serde::Serialize,
{
    let claim = idempotent.0;
    let recorded = claim.as_ref().map(|c| c.recorded.clone());
    let (location, body) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (location, view) = make(conn)?;
                let body = serde_json::to_string(&view).map_err(AppError::internal)?;
                if let Some(c) = &claim {
                    let reply = Reply {
                        status: 201,
                        location: Some(&location),
                        content_type: Some(JSON),
                        body: &body,
                    };
                    if !idempotency::complete(conn, &c.scope, &c.key, &c.claim_id, &reply)? {
                        return Err(AppError::conflict(
                            "another request with this Idempotency-Key took it over; retry to get its result",
                        ));
                    }
                }
                Ok((location, body))
            })
        })
        .await?;
    if let Some(r) = recorded {
        r.store(true, Ordering::SeqCst);
    }
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .content_type(JSON)
        .body(body))
}

const JSON: &str = "application/json";

fn replay(r: &Record) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(u16::try_from(r.status).unwrap_or(200))
        .unwrap_or(actix_web::http::StatusCode::OK);
    let mut res = HttpResponse::build(status);
    res.insert_header(("idempotent-replayed", "true"));
    if let Some(l) = &r.location {
        res.insert_header((header::LOCATION, l.as_str()));
    }
    if let Some(ct) = &r.content_type {
        res.insert_header((header::CONTENT_TYPE, ct.as_str()));
    }
    res.body(r.body.clone().unwrap_or_default())
}
