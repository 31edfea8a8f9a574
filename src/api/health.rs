//! `/healthz`: the process answers. `/readyz`: the database answers too.
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;

use crate::error::AppError;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz));
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db(|conn| {
            conn.batch_execute("SELECT 1").map_err(|e| {
                tracing::error!(error = %e, "readiness check failed");
                AppError::Unavailable("the database does not answer".into())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })))
}
