//! How pages write times, durations and kinds of exercise.
use crate::catalog::ExerciseKind;

/// "2026-11-24 10:00 UTC"
pub fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Minutes and seconds, `mm:ss` (or `h:mm:ss`).
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

pub fn kind_name(k: ExerciseKind) -> &'static str {
    match k {
        ExerciseKind::CaseStudy => "case-study",
        ExerciseKind::Mock => "mock",
        ExerciseKind::Checklist => "checklist",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(61), "01:01");
        assert_eq!(clock(3725), "1:02:05");
        assert_eq!(clock(-5), "00:00");
    }
}
