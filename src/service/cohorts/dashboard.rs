//! The score dashboard of a cohort: per member and exercise, the latest and best effective
//! score overall and per dimension; and the same as CSV for a spreadsheet.
use std::collections::BTreeMap;

use serde::Serialize;

use crate::auth::AuthUser;
use crate::db::cohorts::{Cohort, MemberRow};
use crate::db::reviews::{effective, Override};
use crate::db::submissions::{DimensionScore, Submission, SubmissionSummary};
use crate::db::DbConn;
use crate::error::AppError;
use crate::service::access::coached_cohort;
use crate::state::AppState;

/// Latest and best effective score of one (member, exercise) for one dimension, or `overall`.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ScoreCell {
    pub latest: Option<f64>,
    pub best: Option<f64>,
}

#[derive(Serialize)]
pub struct ExerciseScores {
    pub exercise_id: String,
    pub submissions: usize,
    pub overall: ScoreCell,
    pub dimensions: BTreeMap<String, ScoreCell>,
}

#[derive(Serialize)]
pub struct MemberScores {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub exercises: Vec<ExerciseScores>,
}

#[derive(Serialize)]
pub struct Dashboard {
    pub cohort_id: String,
    /// For a file name; the JSON names the cohort by id.
    #[serde(skip)]
    pub cohort_name: String,
    pub members: Vec<MemberScores>,
}

fn push(cell: &mut ScoreCell, value: Option<f64>) {
    if let Some(v) = value {
        cell.latest = Some(v);
        cell.best = Some(cell.best.map_or(v, |b| b.max(v)));
    }
}

fn build_dashboard(
    cohort_id: String,
    members: Vec<MemberRow>,
    submissions: &[SubmissionSummary],
    scores: &[DimensionScore],
    overrides: &[Override],
) -> Dashboard {
    let mut by_sub: BTreeMap<&str, Vec<DimensionScore>> = BTreeMap::new();
    for s in scores {
        by_sub.entry(s.submission_id.as_str()).or_default().push(s.clone());
    }
    let members = members
        .into_iter()
        .map(|m| {
            let mut per_exercise: BTreeMap<String, ExerciseScores> = BTreeMap::new();
            // Oldest first, so the last value pushed is the latest. What was submitted after the
            // model answer was shown is not the candidate's own result: it does not count.
            for s in submissions
                .iter()
                .filter(|s| s.user_id == m.user_id && !s.after_model_answer)
            {
                let dims = by_sub.get(s.id.as_str()).cloned().unwrap_or_default();
                let own: Vec<Override> = overrides.iter().filter(|o| o.submission_id == s.id).cloned().collect();
                let eff = effective(s.score, &dims, &own);
                let entry = per_exercise
                    .entry(s.exercise_id.clone())
                    .or_insert_with(|| ExerciseScores {
                        exercise_id: s.exercise_id.clone(),
                        submissions: 0,
                        overall: ScoreCell {
                            latest: None,
                            best: None,
                        },
                        dimensions: BTreeMap::new(),
                    });
                entry.submissions += 1;
                push(&mut entry.overall, Some(eff.score));
                for d in eff.dimensions {
                    push(
                        entry.dimensions.entry(d.id).or_insert(ScoreCell {
                            latest: None,
                            best: None,
                        }),
                        d.effective,
                    );
                }
            }
            MemberScores {
                user_id: m.user_id,
                email: m.email,
                display_name: m.display_name,
                exercises: per_exercise.into_values().collect(),
            }
        })
        .collect();
    Dashboard {
        cohort_id,
        cohort_name: String::new(),
        members,
    }
}

/// Latest and best effective scores of every member of a cohort the viewer coaches.
pub fn load_dashboard(conn: &mut DbConn, auth: &AuthUser, cohort_id: &str) -> Result<Dashboard, AppError> {
    let cohort = coached_cohort(conn, auth, cohort_id)?;
    let members = Cohort::members(conn, &cohort.id, None, i64::MAX)?;
    let ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
    let subs = Submission::list_for_users(conn, &ids)?;
    let sub_ids: Vec<String> = subs.iter().map(|s| s.id.clone()).collect();
    let scores = Submission::scores_for(conn, &sub_ids)?;
    let overrides = Override::for_submissions(conn, &sub_ids)?;
    let mut board = build_dashboard(cohort.id, members, &subs, &scores, &overrides);
    board.cohort_name = cohort.name;
    Ok(board)
}

/// [`load_dashboard`] on a pooled connection.
pub async fn dashboard(state: &AppState, auth: &AuthUser, cohort_id: String) -> Result<Dashboard, AppError> {
    let auth = auth.clone();
    state.db(move |conn| load_dashboard(conn, &auth, &cohort_id)).await
}

/// The name a downloaded CSV is saved under: the cohort's name (letters, digits and dashes
/// only) and the day, e.g. `spring-cohort-scores-2026-12-07.csv`.
pub fn csv_file_name(d: &Dashboard, today: chrono::NaiveDate) -> String {
    let mut name = String::new();
    for c in d.cohort_name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let name: String = name.chars().take(60).collect();
    let name = if name.is_empty() { "cohort".to_owned() } else { name };
    format!("{name}-scores-{}.csv", today.format("%Y-%m-%d"))
}

/// A cell a spreadsheet shows as text: one that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, as OWASP advises
/// against CSV injection. Only what people typed goes through here; ids and numbers are ours.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// The dashboard as CSV: one row per member, exercise and dimension (`overall` first).
pub fn to_csv(d: &Dashboard) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fmt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    w.write_record([
        "user_id",
        "email",
        "display_name",
        "exercise_id",
        "submissions",
        "dimension",
        "latest",
        "best",
    ])
    .map_err(AppError::internal)?;
    for m in &d.members {
        for e in &m.exercises {
            let rows =
                std::iter::once(("overall", &e.overall)).chain(e.dimensions.iter().map(|(k, v)| (k.as_str(), v)));
            for (dim, cell) in rows {
                w.write_record([
                    m.user_id.as_str(),
                    &spreadsheet_safe(&m.email),
                    &spreadsheet_safe(&m.display_name),
                    &e.exercise_id,
                    &e.submissions.to_string(),
                    dim,
                    &fmt(cell.latest),
                    &fmt(cell.best),
                ])
                .map_err(AppError::internal)?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::{csv_file_name, spreadsheet_safe, Dashboard};

    #[test]
    fn the_csv_is_named_after_the_cohort_and_the_day() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let named = |name: &str| {
            csv_file_name(
                &Dashboard {
                    cohort_id: "c".into(),
                    cohort_name: name.into(),
                    members: Vec::new(),
                },
                day,
            )
        };
        assert_eq!(named("Spring Cohort"), "spring-cohort-scores-2026-12-07.csv");
        assert_eq!(named("  \"quoted\"; evil\r\n"), "quoted-evil-scores-2026-12-07.csv");
        assert_eq!(named("日本"), "cohort-scores-2026-12-07.csv");
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_neutralised() {
        for evil in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\rcmd",
        ] {
            assert_eq!(spreadsheet_safe(evil), format!("'{evil}"), "{evil:?}");
        }
        for fine in ["Ada Lovelace", "ada@example.com", "", "1=1"] {
            assert_eq!(spreadsheet_safe(fine), fine);
        }
    }
}
