//! `/healthz`: the process answers. `/readyz`: the database answers too, and the server is not
//! stopping.
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;

use super::routes::{Resource, Routes};
use crate::error::AppError;
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/healthz").get(healthz))
        .add(Resource::new("/readyz").get(readyz));
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if state.is_draining() {
        return Err(AppError::Unavailable(
            "this instance is stopping; send new requests to another".into(),
        ));
    }
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
