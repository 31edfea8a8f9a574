//! Coach work on a candidate's results, all of it kept in an append-only audit trail: reviews
//! (a markdown comment, comments anchored to lines of the document, per-dimension score
//! overrides each with a reason; the grader's score is kept beside the override), deadline
//! extensions, the audit trail itself, and everything the coach's review page shows at once.
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::auth::AuthUser;
use crate::db::attempts::Attempt;
use crate::db::audit::AuditEntry;
use crate::db::reviews::{effective, Effective, LineComment, Override, Review};
use crate::db::submissions::{DimensionScore, Submission};
use crate::db::{Cursor, DbConn};
use crate::error::{AppError, FieldError};
use crate::grading::rule::Dimension;
use crate::service::access::can_coach_work;
use crate::state::AppState;

pub const MAX_COMMENT_CHARS: usize = 20_000;
pub const MAX_REASON_CHARS: usize = 2_000;
/// Most line comments one review may carry.
pub const MAX_LINE_COMMENTS: usize = 200;
pub const MAX_EXTENSION_MINUTES: u32 = 7 * 24 * 60;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOverride {
    dimension: String,
    score: f64,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewLineComment {
    line: i64,
    comment: String,
    /// The document the line is in: the OpenAPI document (the default) or the event document.
    #[serde(default)]
    document: CommentedDocument,
}

/// The document of a submission a line comment is anchored in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentedDocument {
    #[default]
    Api,
    Events,
}

impl CommentedDocument {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentedDocument::Api => "api",
            CommentedDocument::Events => "events",
        }
    }
}

/// How many lines each document of a submission has: the API document's, and the event
/// document's when there is one.
#[derive(Clone, Copy)]
struct DocumentLines {
    api: usize,
    events: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    comment: String,
    #[serde(default)]
    line_comments: Vec<NewLineComment>,
    #[serde(default)]
    overrides: Vec<NewOverride>,
}

fn validate(body: &NewReview, applicable: &[(String, Option<f64>)], documents: DocumentLines) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if body.line_comments.len() > MAX_LINE_COMMENTS {
        errors.push(FieldError {
            pointer: "/line_comments".into(),
            detail: format!("at most {MAX_LINE_COMMENTS} line comments per review"),
        });
    }
    for (i, l) in body.line_comments.iter().enumerate() {
        let lines = match l.document {
            CommentedDocument::Api => Some(documents.api),
            CommentedDocument::Events => documents.events,
        };
        match lines {
            None => errors.push(FieldError {
                pointer: format!("/line_comments/{i}/document"),
                detail: "must be api: this submission has no event document".into(),
            }),
            Some(n) if l.line < 1 || l.line > i64::try_from(n).unwrap_or(i64::MAX) => {
                let which = match l.document {
                    CommentedDocument::Api => "the document",
                    CommentedDocument::Events => "the event document",
                };
                errors.push(FieldError {
                    pointer: format!("/line_comments/{i}/line"),
                    detail: format!("must be a line of {which}, 1 to {n}"),
                });
            }
            Some(_) => {}
        }
        let len = l.comment.trim().chars().count();
        if len == 0 || len > MAX_COMMENT_CHARS {
            errors.push(FieldError {
                pointer: format!("/line_comments/{i}/comment"),
                detail: format!("must be 1 to {MAX_COMMENT_CHARS} characters of markdown"),
            });
        }
    }
    let len = body.comment.trim().chars().count();
    if len == 0 || len > MAX_COMMENT_CHARS {
        errors.push(FieldError {
            pointer: "/comment".into(),
            detail: format!("must be 1 to {MAX_COMMENT_CHARS} characters of markdown"),
        });
    }
    for (i, o) in body.overrides.iter().enumerate() {
        let at = |field: &str| format!("/overrides/{i}/{field}");
        if !Dimension::ALL.iter().any(|d| d.id() == o.dimension) {
            errors.push(FieldError {
                pointer: at("dimension"),
                detail: format!("{:?} is not a dimension", o.dimension),
            });
        } else if !applicable.iter().any(|(d, s)| *d == o.dimension && s.is_some()) {
            errors.push(FieldError {
                pointer: at("dimension"),
                detail: format!(
                    "{} was not graded for this submission, so there is nothing to override",
                    o.dimension
                ),
            });
        }
        if !(0.0..=100.0).contains(&o.score) || !o.score.is_finite() {
            errors.push(FieldError {
                pointer: at("score"),
                detail: "must be between 0 and 100".into(),
            });
        }
        let reason = o.reason.trim().chars().count();
        if reason == 0 || reason > MAX_REASON_CHARS {
            errors.push(FieldError {
                pointer: at("reason"),
                detail: format!("an override needs a reason of 1 to {MAX_REASON_CHARS} characters"),
            });
        }
        if body.overrides[..i].iter().any(|p| p.dimension == o.dimension) {
            errors.push(FieldError {
                pointer: at("dimension"),
                detail: "each dimension at most once per review".into(),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid_fields(errors))
    }
}

/// A review just stored, and the submission's scores after it.
pub struct AddedReview {
    pub review: Review,
    pub lines: Vec<LineComment>,
    pub overrides: Vec<Override>,
    pub effective: Effective,
}

/// Stores a coach's review of a submission the coach may see, inside the caller's transaction:
/// its comment, line comments and overrides, with an audit entry for each.
pub fn add_review(
    conn: &mut DbConn,
    auth: &AuthUser,
    submission: &Submission,
    body: &NewReview,
) -> Result<AddedReview, AppError> {
    if !can_coach_work(conn, auth, &submission.user_id)? {
        return Err(AppError::forbidden(
            "only a coach of this candidate's cohort (or an admin) reviews a submission",
        ));
    }
    let scores = Submission::scores(conn, &submission.id)?;
    let applicable: Vec<(String, Option<f64>)> = scores.iter().map(|s| (s.dimension.clone(), s.score)).collect();
    let documents = DocumentLines {
        api: submission.content.lines().count().max(1),
        events: submission.events_content.as_deref().map(|t| t.lines().count().max(1)),
    };
    validate(body, &applicable, documents)?;
    let existing = Override::for_submissions(conn, std::slice::from_ref(&submission.id))?;
    let now = crate::db::now();
    let review = Review {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: submission.id.clone(),
        reviewer_id: auth.id().to_owned(),
        comment: body.comment.trim().to_owned(),
        created_at: now,
    };
    let mut overrides = Vec::new();
    let mut audit = vec![AuditEntry::new(
        "submission",
        &submission.id,
        auth.id(),
        "review",
        "comment",
        None,
        Some(review.id.clone()),
        "review added",
        now,
    )];
    let before = effective(submission.score, &scores, &existing);
    for o in &body.overrides {
        let old = before
            .dimensions
            .iter()
            .find(|d| d.id == o.dimension)
            .and_then(|d| d.effective);
        audit.push(AuditEntry::new(
            "submission",
            &submission.id,
            auth.id(),
            "score_override",
            &o.dimension,
            old.map(|v| v.to_string()),
            Some(o.score.to_string()),
            o.reason.trim(),
            now,
        ));
        overrides.push(Override {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: submission.id.clone(),
            review_id: review.id.clone(),
            dimension: o.dimension.clone(),
            score: o.score,
            reason: o.reason.trim().to_owned(),
            created_by: auth.id().to_owned(),
            created_at: now,
        });
    }
    let mut lines: Vec<LineComment> = body
        .line_comments
        .iter()
        .map(|l| LineComment {
            id: uuid::Uuid::new_v4().to_string(),
            review_id: review.id.clone(),
            line: i32::try_from(l.line).unwrap_or(i32::MAX),
            comment: l.comment.trim().to_owned(),
            created_at: now,
            document: l.document.as_str().to_owned(),
        })
        .collect();
    lines.sort_by(|a, b| (&a.document, a.line).cmp(&(&b.document, b.line)));
    Review::store(conn, &review, &lines, &overrides, &audit)?;
    let all: Vec<Override> = existing.into_iter().chain(overrides.iter().cloned()).collect();
    let effective = effective(submission.score, &scores, &all);
    Ok(AddedReview {
        review,
        lines,
        overrides,
        effective,
    })
}

/// One page of a submission's reviews, with every line comment and override of the submission,
/// and its effective scores.
pub struct Reviews {
    pub reviews: Vec<Review>,
    pub lines: Vec<LineComment>,
    pub overrides: Vec<Override>,
    pub effective: Effective,
}

/// The reviews of a submission the viewer may see (found with `submissions::visible_submission`).
pub async fn reviews_of(
    state: &AppState,
    submission: Submission,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Reviews, AppError> {
    state
        .db(move |conn| {
            let reviews = Review::for_submission(conn, &submission.id, cursor.as_ref(), fetch)?;
            let overrides = Override::for_submissions(conn, std::slice::from_ref(&submission.id))?;
            let scores = Submission::scores(conn, &submission.id)?;
            let ids: Vec<String> = reviews.iter().map(|r| r.id.clone()).collect();
            let lines = LineComment::for_reviews(conn, &ids)?;
            Ok(Reviews {
                effective: effective(submission.score, &scores, &overrides),
                reviews,
                lines,
                overrides,
            })
        })
        .await
}

/// What an audit trail is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Submission,
    Attempt,
}

impl Subject {
    fn as_str(self) -> &'static str {
        match self {
            Subject::Submission => "submission",
            Subject::Attempt => "attempt",
        }
    }
}

/// One page of the audit trail of a submission or an attempt the viewer may see, oldest first.
pub async fn audit_trail(
    state: &AppState,
    subject: Subject,
    id: String,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    state
        .db(move |conn| {
            Ok(AuditEntry::for_subject(
                conn,
                subject.as_str(),
                &id,
                cursor.as_ref(),
                fetch,
            )?)
        })
        .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    minutes: u32,
    reason: String,
}

/// The fields of an extension that are wrong, all at once (checked before anything is stored).
pub fn check_extension(body: &Extension) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if body.minutes == 0 || body.minutes > MAX_EXTENSION_MINUTES {
        errors.push(FieldError {
            pointer: "/minutes".into(),
            detail: format!("must be 1 to {MAX_EXTENSION_MINUTES}"),
        });
    }
    let reason = body.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        errors.push(FieldError {
            pointer: "/reason".into(),
            detail: format!("an extension needs a reason of 1 to {MAX_REASON_CHARS} characters"),
        });
    }
    errors
}

/// Moves the deadline of a candidate's attempt, inside the caller's transaction, with an audit
/// entry; `errors` are the body's problems found by [`check_extension`], reported once the
/// viewer is known to coach the candidate.
pub fn extend_deadline(
    conn: &mut DbConn,
    auth: &AuthUser,
    attempt: &Attempt,
    body: &Extension,
    errors: Vec<FieldError>,
) -> Result<Attempt, AppError> {
    if !can_coach_work(conn, auth, &attempt.user_id)? {
        return Err(AppError::forbidden(
            "only a coach of this candidate's cohort (or an admin) extends a deadline",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let now = crate::db::now();
    let new_deadline = attempt.deadline_at + chrono::Duration::minutes(i64::from(body.minutes));
    let rfc3339 = |t: chrono::NaiveDateTime| t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Attempt::extend(
        conn,
        &attempt.id,
        new_deadline,
        &AuditEntry::new(
            "attempt",
            &attempt.id,
            auth.id(),
            "deadline_extension",
            "deadline_at",
            Some(rfc3339(attempt.deadline_at)),
            Some(rfc3339(new_deadline)),
            body.reason.trim(),
            now,
        ),
    )?;
    Ok(Attempt::find(conn, &attempt.id)?)
}

/// Everything the coach's review page shows about one submission.
pub struct ReviewDesk {
    /// Whether the viewer may review it (a coach of the candidate, or an admin).
    pub can_review: bool,
    pub scores: Vec<DimensionScore>,
    pub overrides: Vec<Override>,
    pub reviews: Vec<Review>,
    pub lines: Vec<LineComment>,
    /// The submission's and its attempt's trail, oldest first.
    pub audit: Vec<AuditEntry>,
    /// Display names of everyone named above, by account id.
    pub names: BTreeMap<String, String>,
}

/// The review desk of a submission the viewer may see (found with
/// `submissions::visible_submission`).
pub async fn review_desk(state: &AppState, auth: &AuthUser, submission: &Submission) -> Result<ReviewDesk, AppError> {
    let (auth, sub) = (auth.clone(), submission.clone());
    state
        .db(move |conn| {
            let can_review = can_coach_work(conn, &auth, &sub.user_id)?;
            let scores = Submission::scores(conn, &sub.id)?;
            let overrides = Override::for_submissions(conn, std::slice::from_ref(&sub.id))?;
            let reviews = Review::for_submission(conn, &sub.id, None, 500)?;
            let ids: Vec<String> = reviews.iter().map(|r| r.id.clone()).collect();
            let lines = LineComment::for_reviews(conn, &ids)?;
            let mut audit = AuditEntry::for_subject(conn, Subject::Submission.as_str(), &sub.id, None, 500)?;
            audit.extend(AuditEntry::for_subject(
                conn,
                Subject::Attempt.as_str(),
                &sub.attempt_id,
                None,
                500,
            )?);
            audit.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
            let mut people: Vec<String> = audit.iter().map(|a| a.actor_id.clone()).collect();
            people.extend(reviews.iter().map(|r| r.reviewer_id.clone()));
            people.push(sub.user_id.clone());
            let names = crate::db::users::User::names(conn, &people)?.into_iter().collect();
            Ok::<_, AppError>(ReviewDesk {
                can_review,
                scores,
                overrides,
                reviews,
                lines,
                audit,
                names,
            })
        })
        .await
}
