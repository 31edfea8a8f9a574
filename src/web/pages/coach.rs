//! Cohorts (create, invite, join by link), the coach's review queue (one row per attempt), the
//! review page (the document with the grader's findings in place, comments anchored to lines,
//! overrides with reasons, the audit trail by name), cohort scores, deadline extensions.
//! Reads go through the same domain operations as the JSON API (`service`); changes are made by the page's
//! script through the JSON API itself (`review.js`), so the rules live in one place.
use std::collections::{BTreeMap, BTreeSet};

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::db::reviews::effective;
use crate::db::users::Role;
use crate::markdown;
use crate::service::cohorts::dashboard::Dashboard;
use crate::service::cohorts::queues::QueueState;
use crate::service::cohorts::CohortDesk;
use crate::service::reports::StoredReport;
use crate::service::reviews::ReviewDesk;
use crate::service::{accounts, cohorts, reviews, submissions};
use crate::state::AppState;
use crate::web::format::{code_spans, when, whole, Span};
use crate::web::nav::Nav;
use crate::web::render::{render, PageError};
use crate::web::session::Viewer;
use crate::web::statics;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/cohorts", web::get().to(cohorts))
        .route("/cohorts/{cohort_id}", web::get().to(cohort))
        .route("/join", web::get().to(join))
        .route("/review/{submission_id}", web::get().to(review))
        .route("/admin/users", web::get().to(admin_users));
}

pub struct CohortRow {
    pub id: String,
    pub name: String,
    /// The viewer runs it (its coach), or may open it (an admin).
    pub opens: bool,
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "cohorts.html")]
struct Cohorts {
    nav: Nav,
    script: &'static str,
    is_coach: bool,
    rows: Vec<CohortRow>,
}

async fn cohorts(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let all = user.role() == Role::Admin;
    let list = cohorts::my_cohorts(&state, &user, None, 200).await?;
    let rows = list
        .into_iter()
        .map(|c| CohortRow {
            mine: c.coach_id == user.id(),
            opens: c.coach_id == user.id() || all,
            id: c.id,
            name: c.name,
        })
        .collect();
    render(&Cohorts {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("review.js"),
        is_coach: matches!(user.role(), Role::Coach | Role::Admin),
        rows,
    })
}

pub struct QueueRow {
    pub submission_id: String,
    pub candidate: String,
    pub exercise: String,
    pub score: String,
    pub waiting: String,
    pub reviewed: bool,
    pub submissions: usize,
    pub after_model_answer: bool,
}

pub struct InviteRow {
    pub id: String,
    pub expires: String,
    pub active: bool,
}

pub struct ScoreRow {
    pub member: String,
    pub exercise: String,
    pub submissions: usize,
    pub cells: Vec<(String, &'static str)>,
}

#[derive(Template)]
#[template(path = "cohort.html")]
struct CohortPage {
    nav: Nav,
    script: &'static str,
    id: String,
    name: String,
    members: Vec<(String, String)>,
    invites: Vec<InviteRow>,
    queue: Vec<QueueRow>,
    exercises: Vec<String>,
    exercise: String,
    show: String,
    dimensions: Vec<String>,
    scores: Vec<ScoreRow>,
    /// Each member's drills: reviews this week, retention, streak, due today.
    drills: Vec<crate::web::drill_view::DrillRow>,
}

#[derive(Deserialize)]
struct QueueFilter {
    exercise: Option<String>,
    /// `waiting` (default), `reviewed` or `all`.
    show: Option<String>,
}

/// "3 h 5 min"
fn waited(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    match m {
        0 => "just now".to_owned(),
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

/// A score's colour band for the table: the level thresholds a coach reads at a glance.
fn band(v: Option<f64>) -> &'static str {
    match v {
        None => "none",
        Some(v) if v >= 80.0 => "good",
        Some(v) if v >= 60.0 => "fair",
        Some(_) => "poor",
    }
}

fn score_rows(d: &Dashboard, dimensions: &[String]) -> Vec<ScoreRow> {
    let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), whole);
    let mut rows = Vec::new();
    for m in &d.members {
        for e in &m.exercises {
            let mut cells = vec![(
                format!("{} (best {})", fmt(e.overall.latest), fmt(e.overall.best)),
                band(e.overall.latest),
            )];
            for dim in dimensions {
                let c = e.dimensions.get(dim);
                let latest = c.and_then(|c| c.latest);
                cells.push((fmt(latest), band(latest)));
            }
            rows.push(ScoreRow {
                member: m.display_name.clone(),
                exercise: e.exercise_id.clone(),
                submissions: e.submissions,
                cells,
            });
        }
    }
    rows
}

async fn cohort(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    path: web::Path<String>,
    filter: web::Query<QueueFilter>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let id = path.into_inner();
    let f = filter.into_inner();
    let show = f.show.unwrap_or_else(|| "waiting".to_owned());
    let exercise = f.exercise.unwrap_or_default();
    let which = QueueState::from_name(&show).unwrap_or(QueueState::Waiting);
    let drill_rows = crate::service::drills::cohort_activity(&state, &user, id.clone()).await?;
    let desk = cohorts::cohort_desk(&state, &user, id, which).await?;
    let CohortDesk {
        cohort,
        members,
        invites,
        all_queued: all,
        queue,
        dashboard,
    } = desk;
    let now = crate::db::now();
    let exercises: Vec<String> = all
        .iter()
        .map(|q| q.exercise_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let queue = queue
        .into_iter()
        .filter(|q| exercise.is_empty() || q.exercise_id == exercise)
        .map(|q| QueueRow {
            candidate: if q.display_name.is_empty() {
                "(left the cohort)".to_owned()
            } else {
                q.display_name
            },
            exercise: state
                .catalog
                .exercise(&q.exercise_id)
                .map_or_else(|| q.exercise_id.clone(), |e| e.title.clone()),
            score: whole(q.score),
            waiting: waited(q.waiting_seconds),
            reviewed: q.reviewed,
            submissions: q.submissions,
            after_model_answer: q.after_model_answer,
            submission_id: q.submission_id,
        })
        .collect();
    let dimensions: Vec<String> = crate::grading::rule::Dimension::ALL
        .iter()
        .map(|d| d.id().to_owned())
        .collect();
    render(&CohortPage {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("review.js"),
        id: cohort.id,
        name: cohort.name,
        members: members
            .iter()
            .map(|m| (m.display_name.clone(), when(m.joined_at)))
            .collect(),
        invites: invites
            .iter()
            .map(|i| InviteRow {
                id: i.id.clone(),
                expires: when(i.expires_at),
                active: i.revoked_at.is_none() && i.expires_at > now,
            })
            .collect(),
        queue,
        exercises,
        exercise,
        show,
        scores: score_rows(&dashboard, &dimensions),
        dimensions,
        drills: drill_rows.iter().map(crate::web::drill_view::member_row).collect(),
    })
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    nav: Nav,
    script: &'static str,
    code: String,
}

#[derive(Deserialize)]
struct JoinQuery {
    code: Option<String>,
}

async fn join(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    q: web::Query<JoinQuery>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    render(&JoinPage {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("review.js"),
        code: q.into_inner().code.unwrap_or_default(),
    })
}

pub struct DocLine {
    pub number: usize,
    pub text: String,
    /// Each finding on the line, its `inline code` cut out to be shown as code.
    pub findings: Vec<Vec<Span>>,
    pub comments: Vec<String>,
}

/// One submitted document on the review page, line by line.
pub struct ReviewedDocument {
    /// `api` or `events`, as line comments name it.
    pub id: &'static str,
    /// Each line's id is this and its number (`L12`, `E12`).
    pub anchor: &'static str,
    pub heading: &'static str,
    pub label: &'static str,
    pub lines: Vec<DocLine>,
}

pub struct DimRow {
    pub id: String,
    pub auto: String,
    pub effective: String,
    pub overridden: bool,
    pub applicable: bool,
}

pub struct PastReview {
    pub reviewer: String,
    pub at: String,
    pub comment_html: String,
    pub lines: Vec<ReviewLine>,
    pub overrides: Vec<String>,
}

/// A line comment of a past review: where it is (`L12`, or `E12` in the event document), said in
/// words, and the comment.
pub struct ReviewLine {
    pub anchor: String,
    pub place: String,
    pub comment: String,
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    nav: Nav,
    script: &'static str,
    submission_id: String,
    attempt_id: String,
    candidate: String,
    exercise: String,
    submitted: String,
    deadline: String,
    score: String,
    effective: String,
    level: String,
    /// The API document, and the event document of a submission that carried one.
    documents: Vec<ReviewedDocument>,
    dims: Vec<DimRow>,
    reviews: Vec<PastReview>,
    audit: Vec<AuditRow>,
    line_count: usize,
    can_review: bool,
    after_model_answer: bool,
}

async fn review(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let (s, deadline) = submissions::visible_submission(&state, &user, path.into_inner()).await?;
    let desk = reviews::review_desk(&state, &user, &s).await?;
    let ReviewDesk {
        can_review,
        scores,
        overrides,
        reviews,
        lines,
        audit,
        names,
    } = desk;
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| "(deleted account)".to_owned());
    let report = StoredReport::parse(&s.report);
    // Findings and line comments by (document, line): `api` or `events`.
    let mut by_line: BTreeMap<(&str, usize), Vec<Vec<Span>>> = BTreeMap::new();
    for f in report.placed_findings() {
        by_line
            .entry((f.document, f.line))
            .or_default()
            .push(code_spans(&format!("{} · {}: {}", f.severity, f.rule, f.message)));
    }
    let mut comments_by_line: BTreeMap<(&str, usize), Vec<String>> = BTreeMap::new();
    for l in &lines {
        let reviewer = reviews
            .iter()
            .find(|r| r.id == l.review_id)
            .map(|r| name(&r.reviewer_id))
            .unwrap_or_default();
        comments_by_line
            .entry((l.document.as_str(), usize::try_from(l.line).unwrap_or(0)))
            .or_default()
            .push(format!("{reviewer}: {}", l.comment));
    }
    let mut doc_lines = |document: &'static str, text: &str| -> Vec<DocLine> {
        text.lines()
            .enumerate()
            .map(|(i, text)| DocLine {
                number: i + 1,
                text: text.to_owned(),
                findings: by_line.remove(&(document, i + 1)).unwrap_or_default(),
                comments: comments_by_line.remove(&(document, i + 1)).unwrap_or_default(),
            })
            .collect()
    };
    let api = doc_lines("api", &s.content);
    let events = s.events_content.as_deref().map(|t| doc_lines("events", t));
    // A comment's line is checked against its own document; the form's bound is the longer one.
    let line_count = api.len().max(events.as_ref().map_or(0, Vec::len));
    let mut documents = vec![ReviewedDocument {
        id: "api",
        anchor: "L",
        heading: if events.is_some() {
            "The API document (OpenAPI)"
        } else {
            "The document"
        },
        label: "Submitted document",
        lines: api,
    }];
    documents.extend(events.map(|lines| ReviewedDocument {
        id: "events",
        anchor: "E",
        heading: "The event document (AsyncAPI)",
        label: "Submitted event document",
        lines,
    }));
    let eff = effective(s.score, &scores, &overrides);
    let fmt = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), whole);
    let dims = eff
        .dimensions
        .iter()
        .map(|d| DimRow {
            id: d.id.clone(),
            auto: fmt(d.auto),
            effective: fmt(d.effective),
            overridden: d.overridden,
            applicable: d.auto.is_some(),
        })
        .collect();
    let past = reviews
        .iter()
        .map(|r| PastReview {
            reviewer: name(&r.reviewer_id),
            at: when(r.created_at),
            comment_html: markdown::to_safe_html(&r.comment),
            lines: lines
                .iter()
                .filter(|l| l.review_id == r.id)
                .map(|l| ReviewLine {
                    anchor: format!("{}{}", if l.document == "events" { "E" } else { "L" }, l.line),
                    place: if l.document == "events" {
                        format!("Events, line {}", l.line)
                    } else {
                        format!("Line {}", l.line)
                    },
                    comment: l.comment.clone(),
                })
                .collect(),
            overrides: overrides
                .iter()
                .filter(|o| o.review_id == r.id)
                .map(|o| format!("{}: {} ({})", o.dimension, whole(o.score), o.reason))
                .collect(),
        })
        .collect();
    let audit = audit
        .iter()
        .map(|a| AuditRow {
            at: when(a.created_at),
            actor: name(&a.actor_id),
            what: match a.action.as_str() {
                "score_override" => format!(
                    "overrode {}: {} → {}",
                    a.field,
                    a.old_value.as_deref().unwrap_or("–"),
                    a.new_value.as_deref().unwrap_or("–")
                ),
                "deadline_extension" => "extended the deadline".to_owned(),
                "review" => "added a review".to_owned(),
                other => other.replace('_', " "),
            },
            reason: a.reason.clone(),
        })
        .collect();
    let attempt_deadline = deadline;
    render(&ReviewPage {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("review.js"),
        submission_id: s.id.clone(),
        attempt_id: s.attempt_id.clone(),
        candidate: name(&s.user_id),
        exercise: state
            .catalog
            .exercise(&s.exercise_id)
            .map_or_else(|| s.exercise_id.clone(), |e| e.title.clone()),
        submitted: when(s.submitted_at),
        deadline: when(attempt_deadline),
        score: whole(s.score),
        effective: whole(eff.score),
        level: s.level.clone().unwrap_or_default(),
        after_model_answer: s.after_model_answer,
        line_count,
        documents,
        dims,
        reviews: past,
        audit,
        can_review,
    })
}

pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub me: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct AdminUsers {
    nav: Nav,
    script: &'static str,
    roles: [&'static str; 3],
    rows: Vec<UserRow>,
}

/// Admins change roles here; the change is made through `PATCH /v1/accounts/{id}`.
async fn admin_users(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let users = accounts::list_accounts(&state, &user, 1000).await?;
    render(&AdminUsers {
        nav: Nav::new(&state, Some(&user)),
        script: statics::url("review.js"),
        roles: ["candidate", "coach", "admin"],
        rows: users
            .into_iter()
            .map(|u| UserRow {
                me: u.id == user.id(),
                role: u.role().as_str(),
                id: u.id,
                name: u.display_name,
                email: u.email,
            })
            .collect(),
    })
}
