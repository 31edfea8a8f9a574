//! Cohorts, run by a coach: create (`POST /v1/cohorts`, with a first invite code), list, read;
//! invite codes ([`invites`]); joining and members ([`members`]); the review queues
//! ([`queues`]); the score dashboard, as JSON or CSV ([`scores`]); the members' drills.
mod invites;
mod members;
mod queues;
mod scores;

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::body::ApiJson;
use super::idempotency::{self, Idempotent};
use super::pagination::{time_cursor, Page, PageQuery};
use super::query::ApiQuery;
use super::routes::{Resource, Routes};
use super::views::{CohortView, InviteView};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::service::cohorts;
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    // `/cohorts/join` before `/cohorts/{cohort_id}`, which would otherwise take it.
    routes
        .add(Resource::new("/cohorts").idempotent().post(create).get(list))
        .add(Resource::new("/cohorts/join").idempotent().post(members::join))
        .add(Resource::new("/cohorts/{cohort_id}").get(get))
        .add(
            Resource::new("/cohorts/{cohort_id}/invites")
                .idempotent()
                .post(invites::regenerate)
                .get(invites::list),
        )
        .add(Resource::new("/cohorts/{cohort_id}/invites/{invite_id}").delete(invites::revoke))
        .add(Resource::new("/cohorts/{cohort_id}/members").get(members::list))
        .add(Resource::new("/cohorts/{cohort_id}/members/{user_id}").delete(members::remove))
        .add(Resource::new("/cohorts/{cohort_id}/queued-attempts").get(queues::queued_attempts))
        .add(Resource::new("/cohorts/{cohort_id}/review-queue").get(queues::review_queue))
        .add(Resource::new("/cohorts/{cohort_id}/scores").get(scores::scores))
        .add(Resource::new("/cohorts/{cohort_id}/drills").get(drills));
}

/// The members' drill activity: reviews, retention, streaks and what is due.
async fn drills(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let cohort_id = path.into_inner();
    let members = crate::service::drills::cohort_activity(&state, &auth, cohort_id.clone()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "cohort_id": cohort_id, "members": members })))
}

#[derive(Serialize)]
struct CreatedCohort {
    #[serde(flatten)]
    cohort: CohortView,
    invite: InviteView,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCohort {
    name: String,
    invite_expires_in_hours: Option<u32>,
}

async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: ApiJson<NewCohort>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let new = cohorts::new_cohort(&auth, &body.name, body.invite_expires_in_hours)?;
    idempotency::create(&state, idempotent, move |conn| {
        cohorts::store_cohort(conn, &new)?;
        let now = new.cohort.created_at;
        Ok((
            format!("/v1/cohorts/{}", new.cohort.id),
            CreatedCohort {
                invite: InviteView::new(&new.invite, Some(new.code), now),
                cohort: new.cohort.into(),
            },
        ))
    })
    .await
}

async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = cohorts::my_cohorts(&state, &auth, cursor, i64::from(limit) + 1).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |c| time_cursor(c.created_at, &c.id),
        CohortView::from,
    )))
}

async fn get(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let cohort = cohorts::cohort(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(CohortView::from(cohort)))
}
