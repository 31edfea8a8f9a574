//! Whole reports of small fixture specs, as snapshots. When a rule's wording or a score changes
//! on purpose, review the diff and accept it with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --test golden`).
mod common;

use apidojo::catalog::Catalog;
use apidojo::grading::formats::to_text_verbose;
use apidojo::grading::formats::{to_text, TextOptions};
use apidojo::grading::{grade, Limits};

fn report_json(fixture: &str, exercise: Option<&str>) -> String {
    let catalog = Catalog::builtin();
    let exercise = exercise.map(|id| catalog.exercise(id).expect("exercise exists"));
    let rubric = catalog.rubric_for(None, exercise).expect("rubric");
    grade(&common::fixture(fixture), rubric, exercise, &Limits::default())
        .expect("gradable")
        .to_json()
}

#[test]
fn interview_small_json() {
    insta::assert_snapshot!(report_json("interview-small.yaml", None));
}

#[test]
fn interview_small_with_exercise_json() {
    insta::assert_snapshot!(report_json("interview-small.yaml", Some("url-shortener")));
}

#[test]
fn links_3_1_json() {
    insta::assert_snapshot!(report_json("links-3.1.json", None));
}

#[test]
fn links_3_1_text() {
    let input = common::fixture("links-3.1.json");
    let report = common::grade_default(&input).unwrap();
    let source = std::str::from_utf8(&input).unwrap();
    insta::assert_snapshot!(to_text(&report, source, "links-3.1.json", TextOptions::default()));
    insta::assert_snapshot!(
        "links_3_1_text_verbose",
        to_text_verbose(&report, source, "links-3.1.json")
    );
}
