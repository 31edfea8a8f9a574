//! The landing page, the catalogue with its filters, and an exercise's page. Readable without an
//! account; they show prompts and what is graded, never an answer.
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::catalog::{Exercise, ExerciseKind};
use crate::error::AppError;
use crate::markdown;
use crate::service::attempts;
use crate::state::AppState;
use crate::web::format::kind_name;
use crate::web::nav::Nav;
use crate::web::render::{redirect, render, PageError};
use crate::web::session::{check_form, Viewer};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(landing))
        .route("/exercises", web::get().to(catalogue))
        .route("/exercises/{exercise_id}", web::get().to(exercise))
        .route("/exercises/{exercise_id}/start", web::post().to(start));
}

pub struct Card {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub difficulty: String,
    pub minutes: u32,
    pub tags: Vec<String>,
}

impl From<&Exercise> for Card {
    fn from(e: &Exercise) -> Self {
        let kind = kind_name(e.kind);
        Card {
            id: e.id.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
            kind,
            difficulty: e.difficulty.clone(),
            minutes: e.time_limit_minutes,
            // The kind and the difficulty have tags of their own on the card.
            tags: e
                .tags
                .iter()
                .filter(|t| t.as_str() != kind && **t != e.difficulty)
                .cloned()
                .collect(),
        }
    }
}

/// How the catalogue lists exercises: case studies, then mocks, then checklists; easiest first;
/// then by title.
fn catalogue_order(e: &Exercise) -> (u8, u8, String) {
    let kind = match e.kind {
        ExerciseKind::CaseStudy => 0,
        ExerciseKind::Mock => 1,
        ExerciseKind::Checklist => 2,
    };
    let difficulty = match e.difficulty.as_str() {
        "easy" => 0,
        "medium" => 1,
        _ => 2,
    };
    (kind, difficulty, e.title.to_lowercase())
}

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing {
    nav: Nav,
    count: usize,
    exercises: Vec<Card>,
}

async fn landing(state: web::Data<AppState>, viewer: Viewer) -> Result<HttpResponse, PageError> {
    // A taste of each kind, easiest first.
    let mut all: Vec<&Exercise> = state.catalog.exercises().collect();
    let rank = |d: &str| match d {
        "easy" => 0,
        "medium" => 1,
        _ => 2,
    };
    all.sort_by_key(|e| (rank(&e.difficulty), e.id.clone()));
    let mut picked: Vec<Card> = Vec::new();
    for kind in [ExerciseKind::CaseStudy, ExerciseKind::Mock, ExerciseKind::Checklist] {
        picked.extend(all.iter().filter(|e| e.kind == kind).take(2).map(|e| Card::from(*e)));
    }
    render(&Landing {
        nav: Nav::new(&state, viewer.0.as_ref()),
        count: all.len(),
        exercises: picked,
    })
}

/// The catalogue's filters, read leniently: a page never answers a hand-edited address with an
/// error, so an unknown parameter is ignored and a repeated one counts once (the first).
#[derive(Default)]
struct Filters {
    kind: Option<String>,
    difficulty: Option<String>,
    tag: Option<String>,
}

impl Filters {
    fn from_query(query: &str) -> Filters {
        let mut f = Filters::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "kind" => &mut f.kind,
                "difficulty" => &mut f.difficulty,
                "tag" => &mut f.tag,
                _ => continue,
            };
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value.into_owned());
            }
        }
        f
    }
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct Catalogue {
    nav: Nav,
    kinds: Vec<String>,
    difficulties: Vec<String>,
    tags: Vec<String>,
    kind: String,
    difficulty: String,
    tag: String,
    exercises: Vec<Card>,
}

async fn catalogue(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let q = Filters::from_query(req.query_string());
    let kind = q.kind.unwrap_or_default();
    let difficulty = q.difficulty.unwrap_or_default();
    let tag = q.tag.unwrap_or_default();
    let mut tags: Vec<String> = state.catalog.exercises().flat_map(|e| e.tags.iter().cloned()).collect();
    tags.sort();
    tags.dedup();
    let mut matching: Vec<&Exercise> = state
        .catalog
        .exercises()
        .filter(|e| kind.is_empty() || kind_name(e.kind) == kind)
        .filter(|e| difficulty.is_empty() || e.difficulty == difficulty)
        .filter(|e| tag.is_empty() || e.tags.contains(&tag))
        .collect();
    matching.sort_by_key(|e| catalogue_order(e));
    let exercises = matching.into_iter().map(Card::from).collect();
    render(&Catalogue {
        nav: Nav::new(&state, viewer.0.as_ref()),
        kinds: ["case-study", "mock", "checklist"].map(String::from).to_vec(),
        difficulties: ["easy", "medium", "hard"].map(String::from).to_vec(),
        tags,
        kind,
        difficulty,
        tag,
        exercises,
    })
}

#[derive(Template)]
#[template(path = "exercise.html")]
struct ExercisePage {
    nav: Nav,
    id: String,
    title: String,
    kind: &'static str,
    difficulty: String,
    minutes: u32,
    prompt_html: String,
    /// The required capabilities, as the catalogue describes them (the prompt itself says what the
    /// interviewer will probe).
    capabilities: Vec<String>,
    has_starter: bool,
    /// A real-time case study: the API and an event document.
    takes_events: bool,
}

fn find_exercise<'a>(state: &'a AppState, id: &str) -> Result<&'a Exercise, PageError> {
    state
        .catalog
        .exercise(id)
        .ok_or_else(|| PageError::Problem(AppError::not_found(format!("there is no exercise {id:?}"))))
}

async fn exercise(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let e = find_exercise(&state, &path.into_inner())?;
    render(&ExercisePage {
        nav: Nav::new(&state, viewer.0.as_ref()),
        id: e.id.clone(),
        title: e.title.clone(),
        kind: kind_name(e.kind),
        difficulty: e.difficulty.clone(),
        minutes: e.time_limit_minutes,
        prompt_html: markdown::to_safe_html(&e.prompt),
        capabilities: e.capabilities.iter().map(|c| c.description.clone()).collect(),
        has_starter: e.starter.is_some(),
        takes_events: e.takes_event_document(),
    })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// Starts a timed attempt (the server sets the deadline) and opens its page.
async fn start(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    check_form(&state, &req, &user, &form.csrf)?;
    let e = find_exercise(&state, &path.into_inner())?;
    let attempt = attempts::start(&state, &user, &e.id).await?;
    Ok(redirect(&format!("/attempts/{}", attempt.id)))
}
