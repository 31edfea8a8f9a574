//! What the drill pieces of several pages show: the rows of drill tables (the progress page's
//! parts, a cohort's members) and text with `inline code` split for a template.
use crate::service::drills;

/// `text with `code`` as runs of (text, is code), for a template to put code in `<code>`.
pub fn code_runs(text: &str) -> Vec<(String, bool)> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| (part.to_owned(), i % 2 == 1))
        .collect()
}

/// One row of the drills table: a part of the outline (progress page), or a cohort member
/// (the coach's cohort page).
pub struct DrillRow {
    pub name: String,
    /// "12 of 39" questions reviewed, or the reviews of the last seven days.
    pub reviewed: String,
    pub retention: String,
    pub streak: String,
    pub last: String,
    pub due: usize,
}

/// Retention as a whole percentage, "–" before any question came back.
pub fn retention(r: Option<f64>) -> String {
    r.map_or_else(
        || "–".to_owned(),
        |r| format!("{}%", crate::web::format::whole(r * 100.0)),
    )
}

fn streak(days: u32) -> String {
    match days {
        0 => "–".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

fn last(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map_or_else(|| "never".to_owned(), |t| crate::web::format::when(t.naive_utc()))
}

/// The progress page's drills: overall, and a row per part of the outline.
pub struct DrillSummary {
    pub due_today: usize,
    pub reviews: usize,
    pub retention: String,
    pub streak: String,
    pub parts: Vec<DrillRow>,
}

pub fn summary(stats: &drills::DrillStats) -> DrillSummary {
    DrillSummary {
        due_today: stats.due_today,
        reviews: stats.overall.reviews,
        retention: retention(stats.overall.retention),
        streak: streak(stats.overall.streak_days),
        parts: stats
            .parts
            .iter()
            .map(|p| DrillRow {
                name: p.title.clone(),
                reviewed: format!("{} of {}", p.stats.questions, p.questions_in_bank),
                retention: retention(p.stats.retention),
                streak: streak(p.stats.streak_days),
                last: last(p.stats.last_review),
                due: 0,
            })
            .collect(),
    }
}

/// A cohort member's row on the coach's page.
pub fn member_row(m: &drills::MemberDrills) -> DrillRow {
    DrillRow {
        name: m.display_name.clone(),
        reviewed: m.reviews_last_7_days.to_string(),
        retention: retention(m.stats.overall.retention),
        streak: streak(m.stats.overall.streak_days),
        last: last(m.stats.overall.last_review),
        due: m.stats.due_today,
    }
}
