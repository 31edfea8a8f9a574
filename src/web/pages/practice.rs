//! The candidate's own work: the list of attempts, the attempt page (timer, editor, drafts,
//! check, submit, report, diff, model answer, the coach's review) and the progress chart.
use std::collections::BTreeMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::catalog::{ExerciseKind, ItemType};
use crate::error::AppError;
use crate::grading::rule::Dimension;
use crate::markdown;
use crate::service::{attempts, submissions};
use crate::state::AppState;
use crate::web::csp;
use crate::web::format::{clock, kind_name, when, whole};
use crate::web::nav::Nav;
use crate::web::render::{render, PageError};
use crate::web::session::Viewer;
use crate::web::statics;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/attempts", web::get().to(attempts))
        .route("/attempts/{attempt_id}", web::get().to(attempt))
        .route("/progress", web::get().to(progress));
}

pub struct AttemptRow {
    pub id: String,
    pub title: String,
    pub started: String,
    pub state: String,
    /// The effective score of the latest submission, or "–".
    pub score: String,
    pub submissions: usize,
    /// The latest submission was made after the model answer was read.
    pub after_model_answer: bool,
}

#[derive(Template)]
#[template(path = "attempts.html")]
struct Attempts {
    nav: Nav,
    rows: Vec<AttemptRow>,
}

async fn attempts(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let list = attempts::my_attempt_summaries(&state, &user, 200).await?;
    let now = crate::db::now();
    let rows = list
        .into_iter()
        .map(|summary| {
            let a = summary.attempt;
            AttemptRow {
                title: state
                    .catalog
                    .exercise(&a.exercise_id)
                    .map_or_else(|| a.exercise_id.clone(), |e| e.title.clone()),
                started: when(a.started_at),
                state: if a.ended_at.is_some() {
                    "ended".to_owned()
                } else if now > a.deadline_at {
                    "time is up".to_owned()
                } else {
                    format!("{} left", clock((a.deadline_at - now).num_seconds()))
                },
                score: summary.latest_score.map_or_else(|| "–".to_owned(), whole),
                submissions: summary.submissions,
                after_model_answer: summary.latest_after_model_answer,
                id: a.id,
            }
        })
        .collect();
    render(&Attempts {
        nav: Nav::new(&state, Some(&user)),
        rows,
    })
}

pub struct OptionView {
    pub id: String,
    pub text: String,
}

pub struct ItemView {
    pub id: String,
    pub question: String,
    /// `single`, `multi` or `order`.
    pub kind: &'static str,
    pub options: Vec<OptionView>,
    /// 1..=options, for the ordering selects.
    pub positions: Vec<usize>,
}

/// The editor's script and the nonce its styles carry (see [`csp::page_csp_with_style_nonce`]).
struct EditorScript {
    script: &'static str,
    style_nonce: String,
}

#[derive(Template)]
#[template(path = "attempt.html")]
struct AttemptPage {
    nav: Nav,
    script: &'static str,
    /// The code editor, for a document to write (not for a checklist).
    editor: Option<EditorScript>,
    id: String,
    exercise_id: String,
    title: String,
    kind: &'static str,
    minutes: u32,
    prompt_html: String,
    remaining: i64,
    remaining_text: String,
    deadline: String,
    expired: bool,
    document: String,
    /// A real-time case study takes an event document beside the API: a second editor tab.
    takes_events: bool,
    events_document: String,
    draft_saved: Option<String>,
    latest: String,
    previous: String,
    submissions: usize,
    items: Vec<ItemView>,
    /// Ended or past its deadline: the model answer is shown.
    finished: bool,
    /// Ended by its candidate before the deadline.
    ended: bool,
    /// Minutes a coach added to the exercise's time limit.
    extended_minutes: i64,
    has_model_answer: bool,
}

async fn attempt(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let desk = attempts::attempt_desk(&state, &user, path.into_inner()).await?;
    let a = desk.attempt;
    let e = state
        .catalog
        .exercise(&a.exercise_id)
        .ok_or_else(|| AppError::not_found(format!("exercise {} is no longer in the catalogue", a.exercise_id)))?;
    let now = crate::db::now();
    let remaining = (a.deadline_at - now).num_seconds().max(0);
    let starter = e.starter.as_deref().and_then(|p| state.catalog.document(p));
    let (document, events_document, draft_saved) = match desk.draft {
        Some(d) => (
            d.content,
            d.events_content.unwrap_or_default(),
            Some(when(d.updated_at)),
        ),
        None => (starter.unwrap_or_default().to_owned(), String::new(), None),
    };
    let items = e
        .items
        .iter()
        .map(|i| ItemView {
            id: i.id.clone(),
            question: i.question.clone(),
            kind: match i.item_type {
                ItemType::Single => "single",
                ItemType::Multi => "multi",
                ItemType::Order => "order",
            },
            positions: (1..=i.options.len()).collect(),
            options: i
                .options
                .iter()
                .map(|o| OptionView {
                    id: o.id.clone(),
                    text: o.text.clone(),
                })
                .collect(),
        })
        .collect();
    let editor = (e.kind != ExerciseKind::Checklist).then(|| EditorScript {
        script: statics::url("editor.js"),
        style_nonce: csp::nonce(),
    });
    let policy = editor.as_ref().map(|e| csp::page_csp_with_style_nonce(&e.style_nonce));
    let mut page = render(&AttemptPage {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("attempt.js"),
        editor,
        id: a.id.clone(),
        exercise_id: e.id.clone(),
        title: e.title.clone(),
        kind: kind_name(e.kind),
        minutes: e.time_limit_minutes,
        prompt_html: markdown::to_safe_html(&e.prompt),
        remaining,
        remaining_text: clock(remaining),
        deadline: when(a.deadline_at),
        expired: now > a.deadline_at,
        document,
        takes_events: e.takes_event_document(),
        events_document,
        draft_saved,
        latest: desk.latest.unwrap_or_default(),
        previous: desk.previous.unwrap_or_default(),
        submissions: usize::try_from(desk.submissions).unwrap_or(0),
        items: if e.kind == ExerciseKind::Checklist {
            items
        } else {
            Vec::new()
        },
        finished: a.finished(now),
        ended: a.ended_at.is_some(),
        extended_minutes: ((a.deadline_at - a.started_at).num_minutes() - i64::from(e.time_limit_minutes)).max(0),
        has_model_answer: e.model_answer.is_some(),
    })?;
    if let Some(policy) = policy.and_then(|p| HeaderValue::try_from(p).ok()) {
        page.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Ok(page)
}

/// One dimension's line on the chart.
pub struct Series {
    pub id: String,
    pub latest: String,
    pub best: String,
    pub points: String,
    pub dots: Vec<(f64, f64, String)>,
    pub colour: &'static str,
}

pub struct Suggestion {
    pub id: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    nav: Nav,
    series: Vec<Series>,
    submissions: usize,
    weakest: Option<String>,
    suggestions: Vec<Suggestion>,
    width: f64,
    height: f64,
    /// (x, "Dec 7", text-anchor) under the chart.
    date_ticks: Vec<(f64, String, &'static str)>,
    drills: crate::web::drill_view::DrillSummary,
}

const COLOURS: [&str; 9] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#ff7f0e", "#17becf", "#7f7f00",
];

fn fmt_score(s: Option<f64>) -> String {
    s.map_or_else(|| "–".to_owned(), whole)
}

/// Per-dimension effective scores over time as an SVG line chart drawn on the server.
async fn progress(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let rows = submissions::history(&state, &user).await?;
    // Submissions in time order give the x axis; the scores are the effective ones.
    let mut order: Vec<String> = Vec::new();
    let mut dates: Vec<chrono::NaiveDateTime> = Vec::new();
    let mut by_dim: BTreeMap<String, Vec<(usize, f64)>> = BTreeMap::new();
    for r in &rows {
        if order.last() != Some(&r.submission_id) {
            order.push(r.submission_id.clone());
            dates.push(r.submitted_at);
        }
        let x = order.len() - 1;
        if let Some(score) = r.score {
            by_dim.entry(r.dimension.clone()).or_default().push((x, score));
        }
    }
    let (width, height) = (640.0_f64, 260.0_f64);
    let (left, right, top, bottom) = (36.0, 12.0, 10.0, 24.0);
    let n = order.len().max(2) - 1;
    let xpos = |i: usize| left + (width - left - right) * (i as f64) / (n as f64);
    let ypos = |s: f64| top + (height - top - bottom) * (1.0 - s / 100.0);
    // The date axis: the first and the last submission, and one between when there are more.
    let mut picks: Vec<usize> = vec![0, dates.len().saturating_sub(1), dates.len() / 2];
    picks.sort_unstable();
    picks.dedup();
    let date_ticks: Vec<(f64, String, &'static str)> = picks
        .into_iter()
        .filter(|i| *i < dates.len())
        .map(|i| {
            let anchor = if i == 0 {
                "start"
            } else if i + 1 == dates.len() {
                "end"
            } else {
                "middle"
            };
            (xpos(i), dates[i].format("%b %-d").to_string(), anchor)
        })
        .collect();
    let mut series = Vec::new();
    let mut weakest: Option<(f64, String)> = None;
    // The events line only once an event design has been graded.
    let dimensions: &[Dimension] = if by_dim.contains_key(Dimension::Events.id()) {
        &Dimension::WITH_EVENTS
    } else {
        &Dimension::ALL
    };
    for (i, d) in dimensions.iter().enumerate() {
        let pts = by_dim.get(d.id()).cloned().unwrap_or_default();
        let latest = pts.last().map(|p| p.1);
        let best = pts.iter().map(|p| p.1).reduce(f64::max);
        if let Some(l) = latest {
            // Nothing is weak where every dimension is full marks.
            if l < 100.0 && weakest.as_ref().is_none_or(|(w, _)| l < *w) {
                weakest = Some((l, d.id().to_owned()));
            }
        }
        series.push(Series {
            id: d.id().to_owned(),
            latest: fmt_score(latest),
            best: fmt_score(best),
            points: pts
                .iter()
                .map(|(x, s)| format!("{:.1},{:.1}", xpos(*x), ypos(*s)))
                .collect::<Vec<_>>()
                .join(" "),
            dots: pts
                .iter()
                .map(|(x, s)| (xpos(*x), ypos(*s), format!("{}: {}", d.id(), whole(*s))))
                .collect(),
            colour: COLOURS[i % COLOURS.len()],
        });
    }
    let weakest = weakest.map(|w| w.1);
    let suggestions = weakest
        .as_deref()
        .map(|w| {
            state
                .catalog
                .exercises()
                .filter(|e| e.tags.iter().any(|t| t.contains(w) || w.contains(t.as_str())))
                .take(5)
                .map(|e| Suggestion {
                    id: e.id.clone(),
                    title: e.title.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let drill_stats = crate::service::drills::stats(&state, user.id()).await?;
    render(&ProgressPage {
        drills: crate::web::drill_view::summary(&drill_stats),
        nav: Nav::new(&state, Some(&user)),
        series,
        submissions: order.len(),
        weakest,
        suggestions,
        width,
        height,
        date_ticks,
    })
}
