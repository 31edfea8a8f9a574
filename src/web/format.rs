//! How pages write times, durations, kinds of exercise and the grader's `inline code`.
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

/// A piece of the grader's text: code (written between backticks) or plain text.
#[derive(Debug, PartialEq)]
pub struct Span {
    pub code: bool,
    pub text: String,
}

/// The grader's text cut at its backticks, for a template to write the code pieces as `<code>`
/// (both kinds escaped as usual): the same reading as the attempt page's `withCode`.
pub fn code_spans(text: &str) -> Vec<Span> {
    text.split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| Span {
            code: i % 2 == 1,
            text: t.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_is_cut_at_its_backticks() {
        let spans = code_spans("warning · security/bounded-strings: parameter `q` is a string with no `maxLength`");
        let pieces: Vec<(bool, &str)> = spans.iter().map(|s| (s.code, s.text.as_str())).collect();
        assert_eq!(
            pieces,
            [
                (false, "warning · security/bounded-strings: parameter "),
                (true, "q"),
                (false, " is a string with no "),
                (true, "maxLength")
            ]
        );
        assert!(code_spans("").is_empty());
    }

    #[test]
    fn clock_formats() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(61), "01:01");
        assert_eq!(clock(3725), "1:02:05");
        assert_eq!(clock(-5), "00:00");
    }
}

/// A score as a whole number, rounded half up as the pages' scripts round it (`Math.round`), so
/// a 22.5 reads 23 on every page (`{:.0}` would print 22: it rounds half to even).
pub fn whole(x: f64) -> String {
    format!("{}", x.round())
}

#[cfg(test)]
mod whole_tests {
    #[test]
    fn halves_round_up_as_in_the_pages_scripts() {
        assert_eq!(super::whole(22.5), "23");
        assert_eq!(super::whole(84.9), "85");
        assert_eq!(super::whole(0.4), "0");
        assert_eq!(super::whole(100.0), "100");
    }
}
