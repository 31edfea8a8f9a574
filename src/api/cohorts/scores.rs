//! The score dashboard: `GET /v1/cohorts/{id}/scores`, as JSON, or as CSV with
//! `Accept: text/csv` or `?format=csv`.
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::query::ApiQuery;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::service::cohorts::dashboard;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoresQuery {
    format: Option<String>,
}

fn wants_csv(req: &HttpRequest, format: Option<&str>) -> Result<bool, AppError> {
    match format {
        Some("csv") => return Ok(true),
        Some("json") => return Ok(false),
        Some(other) => {
            return Err(AppError::bad_request(format!(
                "unknown format {other:?}: use json or csv"
            )))
        }
        None => {}
    }
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok(accept.split(',').any(|a| a.trim().starts_with("text/csv")))
}

pub async fn scores(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
    query: ApiQuery<ScoresQuery>,
) -> Result<HttpResponse, AppError> {
    let csv = wants_csv(&req, query.format.as_deref())?;
    let board = dashboard::dashboard(&state, &auth, path.into_inner()).await?;
    if csv {
        let name = dashboard::csv_file_name(&board, chrono::Utc::now().date_naive());
        Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
            .body(dashboard::to_csv(&board)?))
    } else {
        Ok(HttpResponse::Ok().json(board))
    }
}
