//! Coach reviews, score overrides and the append-only audit trail.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::AuditEntry;
use super::schema::{review_line_comments, reviews, score_overrides};
use super::submissions::{DimensionScore, HistoryRow, Submission};
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reviews)]
pub struct Review {
    pub id: String,
    pub submission_id: String,
    pub reviewer_id: String,
    pub comment: String,
    pub created_at: NaiveDateTime,
}

/// A remark on one line (1-based) of the reviewed document.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = review_line_comments)]
pub struct LineComment {
    pub id: String,
    pub review_id: String,
    pub line: i32,
    pub comment: String,
    pub created_at: NaiveDateTime,
    /// The document the line is in: `api` (the OpenAPI document) or `events` (the event document).
    pub document: String,
}

impl LineComment {
    /// The line comments of some reviews, by line then time.
    pub fn for_reviews(conn: &mut DbConn, review_ids: &[String]) -> QueryResult<Vec<LineComment>> {
        review_line_comments::table
            .filter(review_line_comments::review_id.eq_any(review_ids))
            .order((
                review_line_comments::document.asc(),
                review_line_comments::line.asc(),
                review_line_comments::created_at.asc(),
            ))
            .select(LineComment::as_select())
            .load(conn)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = score_overrides)]
pub struct Override {
    pub id: String,
    pub submission_id: String,
    pub review_id: String,
    pub dimension: String,
    pub score: f64,
    pub reason: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl Review {
    /// Stores a review, its line comments, its overrides and one audit entry per override,
    /// atomically.
    pub fn store(
        conn: &mut DbConn,
        review: &Review,
        lines: &[LineComment],
        overrides: &[Override],
        audit: &[AuditEntry],
    ) -> QueryResult<()> {
        conn.transaction(|conn| {
            diesel::insert_into(reviews::table).values(review).execute(conn)?;
            for l in lines {
                diesel::insert_into(review_line_comments::table)
                    .values(l)
                    .execute(conn)?;
            }
            for o in overrides {
                diesel::insert_into(score_overrides::table).values(o).execute(conn)?;
            }
            for a in audit {
                a.insert(conn)?;
            }
            Ok(())
        })
    }

    /// Oldest first, `limit` after `cursor`.
    pub fn for_submission(
        conn: &mut DbConn,
        submission_id: &str,
        after: Option<&(NaiveDateTime, String)>,
        limit: i64,
    ) -> QueryResult<Vec<Review>> {
        let mut q = reviews::table
            .filter(reviews::submission_id.eq(submission_id.to_owned()))
            .order((reviews::created_at.asc(), reviews::id.asc()))
            .select(Review::as_select())
            .limit(limit)
            .into_boxed();
        if let Some((t, id)) = after {
            q = q.filter(
                reviews::created_at
                    .gt(*t)
                    .or(reviews::created_at.eq(*t).and(reviews::id.gt(id.clone()))),
            );
        }
        q.load(conn)
    }
}

impl Override {
    /// Every override of some submissions, oldest first (the last per dimension is effective).
    pub fn for_submissions(conn: &mut DbConn, submission_ids: &[String]) -> QueryResult<Vec<Override>> {
        score_overrides::table
            .filter(score_overrides::submission_id.eq_any(submission_ids))
            .order((score_overrides::created_at.asc(), score_overrides::id.asc()))
            .select(Override::as_select())
            .load(conn)
    }
}

/// One dimension of a submission: the grader's score, and the one that counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EffectiveDimension {
    pub id: String,
    pub auto: Option<f64>,
    pub effective: Option<f64>,
    pub overridden: bool,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Effective {
    pub score: f64,
    pub dimensions: Vec<EffectiveDimension>,
}

/// The effective scores: the newest override of each dimension replaces the grader's score, and
/// the overall score moves by as much as the weighted mean over applicable dimensions moves. The
/// grader's deductions and caps for the exercise's requirements stay in force; without overrides
/// it is the grader's score exactly.
pub fn effective(auto_score: f64, scores: &[DimensionScore], overrides: &[Override]) -> Effective {
    let dimensions: Vec<EffectiveDimension> = scores
        .iter()
        .map(|s| {
            let last = overrides
                .iter()
                .rev()
                .find(|o| o.submission_id == s.submission_id && o.dimension == s.dimension);
            EffectiveDimension {
                id: s.dimension.clone(),
                auto: s.score,
                effective: last.map(|o| o.score).or(s.score),
                overridden: last.is_some(),
                weight: s.weight,
            }
        })
        .collect();
    let score = if dimensions.iter().any(|d| d.overridden) {
        let auto = crate::grading::score::weighted_mean(dimensions.iter().map(|d| (d.auto, d.weight)));
        let now = crate::grading::score::weighted_mean(dimensions.iter().map(|d| (d.effective, d.weight)));
        match (auto, now) {
            (Some(a), Some(n)) => crate::grading::score::round1((auto_score + n - a).clamp(0.0, 100.0)),
            _ => auto_score,
        }
    } else {
        auto_score
    };
    Effective { score, dimensions }
}

/// [`Submission::dimension_history`] with effective scores: a coach's newest override of a
/// dimension replaces the grader's score, so a candidate sees the numbers the coach sees.
pub fn effective_history(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<HistoryRow>> {
    let mut rows = Submission::dimension_history(conn, user_id)?;
    let ids: Vec<String> = rows.iter().map(|r| r.submission_id.clone()).collect();
    let overrides = Override::for_submissions(conn, &ids)?;
    for row in &mut rows {
        if let Some(o) = overrides
            .iter()
            .rev()
            .find(|o| o.submission_id == row.submission_id && o.dimension == row.dimension)
        {
            row.score = Some(o.score);
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim(d: &str, score: Option<f64>, weight: f64) -> DimensionScore {
        DimensionScore {
            submission_id: "s".into(),
            dimension: d.into(),
            score,
            weight,
        }
    }

    fn over(d: &str, score: f64, at: i64) -> Override {
        Override {
            id: format!("o{at}"),
            submission_id: "s".into(),
            review_id: "r".into(),
            dimension: d.into(),
            score,
            reason: "r".into(),
            created_by: "c".into(),
            created_at: chrono::DateTime::from_timestamp(at, 0).unwrap().naive_utc(),
        }
    }

    #[test]
    fn without_overrides_the_grader_score_stands() {
        let e = effective(
            61.7,
            &[dim("naming", Some(50.0), 0.5), dim("errors", Some(70.0), 0.5)],
            &[],
        );
        assert_eq!(e.score, 61.7);
        assert!(e.dimensions.iter().all(|d| !d.overridden && d.auto == d.effective));
    }

    #[test]
    fn the_newest_override_counts_and_the_auto_score_is_kept() {
        let scores = [
            dim("naming", Some(50.0), 0.25),
            dim("errors", Some(70.0), 0.75),
            dim("coverage", None, 0.1),
        ];
        let e = effective(65.0, &scores, &[over("naming", 10.0, 1), over("naming", 90.0, 2)]);
        let naming = &e.dimensions[0];
        assert_eq!(
            (naming.auto, naming.effective, naming.overridden),
            (Some(50.0), Some(90.0), true)
        );
        // (90 * 0.25 + 70 * 0.75) / 1.0; the not-applicable dimension does not count.
        assert_eq!(e.score, 75.0);
    }
}
