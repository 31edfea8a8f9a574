//! The drill page: today's queue, one question at a time, driven by the keyboard (the script
//! `drills.js` fetches the queue and posts the reviews through the JSON API), with why questions
//! were brought due and the new-per-day setting.
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::error::AppError;
use crate::service::drills;
use crate::state::AppState;
use crate::web::drill_view::code_runs;
use crate::web::nav::Nav;
use crate::web::render::{redirect, render, PageError};
use crate::web::session::{check_form, Viewer};
use crate::web::statics;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/drills", web::get().to(drills_page))
        .route("/drills/settings", web::post().to(save_settings));
}

#[derive(Template)]
#[template(path = "drills.html")]
struct DrillsPage {
    nav: Nav,
    script: &'static str,
    due: usize,
    nudged: usize,
    reviews: usize,
    new: usize,
    new_per_day: u32,
    reviewed_today: usize,
    streak_days: u32,
    next_due_on: Option<String>,
    /// Each reason as (text, is code) runs: the messages quote rule ids in backticks.
    reasons: Vec<Vec<(String, bool)>>,
    bank_size: usize,
}

async fn drills_page(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let queue = drills::due(&state, &user).await?;
    let stats = drills::stats(&state, user.id()).await?;
    render(&DrillsPage {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("drills.js"),
        due: queue.data.len(),
        nudged: queue.counts.nudged,
        reviews: queue.counts.reviews,
        new: queue.counts.new,
        new_per_day: queue.counts.new_per_day,
        reviewed_today: queue.counts.reviewed_today,
        streak_days: stats.overall.streak_days,
        next_due_on: queue.counts.next_due_on.map(|d| d.format("%A %-d %B").to_string()),
        reasons: reasons_in_words(&queue.reasons),
        bank_size: state.catalog.questions().len(),
    })
}

#[derive(serde::Deserialize)]
struct SettingsForm {
    csrf: String,
    new_per_day: String,
}

/// The new-per-day setting, from the form under the queue.
async fn save_settings(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let f = form.into_inner();
    check_form(&state, &req, &user, &f.csrf)?;
    let n: u32 = f.new_per_day.trim().parse().map_err(|_| {
        AppError::unprocessable(format!(
            "new questions a day must be a whole number from 0 to {}",
            crate::drill::MAX_NEW_PER_DAY
        ))
    })?;
    drills::set_new_per_day(&state, &user, n).await?;
    Ok(redirect("/drills"))
}

/// The reasons in two lines at most: the dimensions the graded work lost points on, together,
/// and each case study's follow-ups.
fn reasons_in_words(reasons: &[drills::DueReason]) -> Vec<Vec<(String, bool)>> {
    let (dims, others): (Vec<&drills::DueReason>, Vec<&drills::DueReason>) =
        reasons.iter().partition(|r| r.because.starts_with("dimension:"));
    let mut lines = Vec::new();
    if let [one] = dims.as_slice() {
        lines.push(code_runs(&one.message));
    } else if !dims.is_empty() {
        let names: Vec<&str> = dims
            .iter()
            .map(|r| r.because.trim_start_matches("dimension:"))
            .collect();
        let n: usize = dims.iter().map(|r| r.questions).sum();
        let (last, rest) = names.split_last().unwrap_or((&"", &[]));
        lines.push(code_runs(&format!(
            "Your last design lost points on {} and {last}: {n} questions on them are due.",
            rest.join(", ")
        )));
    }
    lines.extend(others.iter().map(|r| code_runs(&r.message)));
    lines
}
