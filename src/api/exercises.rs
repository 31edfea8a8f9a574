//! The catalogue: `GET /v1/exercises` (filter by kind, tag, difficulty; cursor-paginated) and
//! `GET /v1/exercises/{id}`. Never the answer key or the model answer.
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::pagination::{key_cursor, Page, PageQuery};
use super::routes::{Resource, Routes};
use crate::catalog::{Exercise, ExerciseKind, ItemType};
use crate::error::AppError;
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/exercises").get(list))
        .add(Resource::new("/exercises/{exercise_id}").get(get));
}

#[derive(Debug, Serialize)]
pub struct ExerciseSummary<'a> {
    pub id: &'a str,
    pub version: u32,
    pub kind: ExerciseKind,
    pub title: &'a str,
    pub summary: &'a str,
    pub difficulty: &'a str,
    pub time_limit_minutes: u32,
    pub tags: &'a [String],
    /// A real-time case study: a submission may carry an event document (AsyncAPI 3.x) beside
    /// the OpenAPI one.
    pub takes_event_document: bool,
}

impl<'a> From<&'a Exercise> for ExerciseSummary<'a> {
    fn from(e: &'a Exercise) -> Self {
        Self {
            id: &e.id,
            version: e.version,
            kind: e.kind,
            title: &e.title,
            summary: &e.summary,
            difficulty: &e.difficulty,
            time_limit_minutes: e.time_limit_minutes,
            tags: &e.tags,
            takes_event_document: e.takes_event_document(),
        }
    }
}

#[derive(Debug, Serialize)]
struct CapabilityView<'a> {
    id: &'a str,
    description: &'a str,
}

#[derive(Debug, Serialize)]
struct OptionView<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct ItemView<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    item_type: ItemType,
    question: &'a str,
    options: Vec<OptionView<'a>>,
}

/// Everything a candidate needs to attempt the exercise, and nothing that gives it away.
#[derive(Debug, Serialize)]
pub struct ExerciseDetail<'a> {
    #[serde(flatten)]
    summary: ExerciseSummary<'a>,
    prompt: &'a str,
    rubric: Option<&'a str>,
    capabilities: Vec<CapabilityView<'a>>,
    /// Mock prompts: the OpenAPI document to start from.
    starter: Option<&'a str>,
    items: Vec<ItemView<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    kind: Option<String>,
    tag: Option<String>,
    difficulty: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The catalogue is public: anyone may read the prompts (never the answers) before signing up.
async fn list(
    state: web::Data<AppState>,
    query: crate::api::query::ApiQuery<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let after = page.key_cursor()?;
    let kind = q
        .kind
        .as_deref()
        .map(|k| {
            serde_json::from_value::<ExerciseKind>(serde_json::Value::String(k.to_owned()))
                .map_err(|_| AppError::bad_request("kind must be one of: case-study, mock, checklist"))
        })
        .transpose()?;
    // The catalogue is small and in memory, ordered by id: the cursor is the last id served.
    let rows: Vec<&Exercise> = state
        .catalog
        .exercises()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .filter(|e| q.tag.as_deref().is_none_or(|t| e.tags.iter().any(|x| x == t)))
        .filter(|e| q.difficulty.as_deref().is_none_or(|d| e.difficulty == d))
        .filter(|e| after.as_deref().is_none_or(|a| e.id.as_str() > a))
        .take(limit as usize + 1)
        .collect();
    let page = Page::from_rows(rows, limit, |e| key_cursor(&e.id), ExerciseSummary::from);
    Ok(HttpResponse::Ok().json(page))
}

async fn get(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let e = state
        .catalog
        .exercise(&id)
        .ok_or_else(|| AppError::not_found(format!("no exercise {id:?}; list them with GET /v1/exercises")))?;
    let detail = ExerciseDetail {
        summary: ExerciseSummary::from(e),
        prompt: &e.prompt,
        rubric: e.rubric.as_deref(),
        capabilities: e
            .capabilities
            .iter()
            .map(|c| CapabilityView {
                id: &c.id,
                description: &c.description,
            })
            .collect(),
        starter: e.starter.as_deref().and_then(|p| state.catalog.document(p)),
        items: e
            .items
            .iter()
            .map(|i| ItemView {
                id: &i.id,
                item_type: i.item_type,
                question: &i.question,
                options: i
                    .options
                    .iter()
                    .map(|o| OptionView {
                        id: &o.id,
                        text: &o.text,
                    })
                    .collect(),
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().json(detail))
}
