//! Every rule, one file each under `rules/<dimension>/` (or one folder, its `mod.rs` holding the
//! META, for a rule too long for one file). [`all`] is the registry.
//!
//! A rule file holds its metadata (`META`: what it checks, why, how to fix, the one text the
//! reference, `rules explain` and SARIF are generated from), its options if it has any, the
//! check and its own tests. A rule file that is not in its dimension's `RULES` fails
//! `every_rule_file_is_registered`. Vocabulary that several rules share (what a collection is,
//! how names split into words) lives in [`support`] so that two rules never disagree about it.
use super::rule::Rule;

pub mod coverage;
pub mod documentation;
pub mod errors;
pub mod events;
pub mod idempotency;
pub mod naming;
pub mod pagination;
pub mod reference;
pub mod security;
pub mod support;
#[cfg(test)]
pub(crate) mod testing;
pub mod versioning;

/// Every rule, in a stable order (dimension, then id).
pub fn all() -> Vec<&'static dyn Rule> {
    let mut rules: Vec<&'static dyn Rule> = Vec::new();
    rules.extend(naming::RULES);
    rules.extend(pagination::RULES);
    rules.extend(idempotency::RULES);
    rules.extend(versioning::RULES);
    rules.extend(errors::RULES);
    rules.extend(security::RULES);
    rules.extend(documentation::RULES);
    rules.extend(coverage::RULES);
    rules.extend(events::RULES);
    rules.sort_by_key(|r| (r.meta().dimension, r.meta().id));
    rules
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    all().into_iter().find(|r| r.meta().id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule is its file plus its line in the dimension's `RULES` (beside its `pub mod`): a
    /// rule file left out of the registry would never run, so it fails here.
    #[test]
    fn every_rule_file_is_registered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/grading/rules");
        let ids: Vec<&str> = all().iter().map(|r| r.meta().id).collect();
        let mut files = 0;
        for dim in crate::grading::rule::Dimension::WITH_EVENTS {
            for entry in std::fs::read_dir(root.join(dim.id())).unwrap() {
                let path = entry.unwrap().path();
                // A rule split into a folder keeps its META in the folder's mod.rs.
                let file = if path.is_dir() {
                    path.join("mod.rs")
                } else {
                    path.clone()
                };
                let Ok(text) = std::fs::read_to_string(&file) else {
                    continue;
                };
                if !text.contains("pub static META: RuleMeta") {
                    continue;
                }
                files += 1;
                let id = text.split("id: \"").nth(1).and_then(|s| s.split('"').next()).unwrap();
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                assert!(
                    ids.contains(&id),
                    "{id} is not registered: add `pub mod {stem};` and its rule to `RULES` in rules/{}/mod.rs",
                    dim.id()
                );
            }
        }
        assert_eq!(files, ids.len(), "a registered rule has no file of its own");
    }

    #[test]
    fn ids_are_unique_kebab_case_and_match_their_dimension() {
        let rules = all();
        let mut ids: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
        ids.dedup();
        assert_eq!(ids.len(), rules.len(), "duplicate rule id");
        for r in &rules {
            let m = r.meta();
            let (dim, name) = m.id.split_once('/').expect("id is <dimension>/<name>");
            assert_eq!(dim, m.dimension.id(), "{}", m.id);
            assert!(
                !name.is_empty()
                    && name
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{} is not kebab-case",
                m.id
            );
            assert!(
                !m.summary.is_empty() && !m.checks.is_empty() && !m.why.is_empty() && !m.fix.is_empty(),
                "{}",
                m.id
            );
            assert!(!m.example_bad.is_empty() && !m.example_good.is_empty(), "{}", m.id);
        }
    }
}

#[cfg(test)]
mod model_answers {
    use super::*;
    use crate::grading::exercise::Exercise;
    use crate::grading::load::{parse, Limits};
    use crate::grading::rule::{Ctx, Outcome, Severity, NO_OPTIONS};
    use crate::grading::testing::model_from_str;

    /// The exercises' model answers are what a strong candidate writes: no rule may call them
    /// wrong at error severity, with their exercise's capabilities checked too.
    #[test]
    fn model_answers_have_no_errors() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises");
        let Ok(dir) = std::fs::read_dir(root.join("model-answers")) else {
            return;
        };
        // The event model answers (a folder of AsyncAPI documents) are checked by their own test.
        let mut files: Vec<_> = dir.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        files.sort();
        let mut report = String::new();
        let mut errors = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let model = model_from_str(&text);
            let stem = f.file_stem().unwrap().to_string_lossy().to_string();
            let exercise: Option<Exercise> = std::fs::read_to_string(root.join(format!("{stem}.yaml")))
                .ok()
                .map(|t| serde_json::from_value(parse(&t, &Limits::default()).unwrap().0).unwrap());
            let cx = Ctx {
                model: &model,
                events: None,
                options: &NO_OPTIONS,
                exercise: exercise.as_ref(),
                rules: by_id,
            };
            for r in all() {
                let mut out = Outcome::default();
                r.check(&cx, &mut out);
                for v in &out.violations {
                    if r.meta().default_severity == Severity::Error {
                        errors += 1;
                    }
                    report.push_str(&format!("{stem}: {} {} @ {}\n", r.meta().id, v.message, v.pointer));
                }
            }
        }
        print!("{report}");
        assert_eq!(errors, 0, "{report}");
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::grading::rule::{Ctx, Outcome, NO_OPTIONS};

    /// Per-rule time on the public corpus: `cargo test --release --lib rules::timing -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs ../shared/corpus and a release build"]
    fn rule_times_on_the_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let limits = crate::grading::Limits::default();
            let t = std::time::Instant::now();
            let Ok(doc) = crate::grading::load::load(&bytes, &limits) else {
                println!("== {} refused", f.display());
                continue;
            };
            let model = crate::grading::resolve::build(&doc);
            println!(
                "== {} ({} ops) model {:?}",
                f.display(),
                model.operations.len(),
                t.elapsed()
            );
            let cx = Ctx {
                model: &model,
                events: None,
                options: &NO_OPTIONS,
                exercise: None,
                rules: by_id,
            };
            let all_t = std::time::Instant::now();
            let mut slow = Vec::new();
            for r in all() {
                let t = std::time::Instant::now();
                let mut out = Outcome::default();
                r.check(&cx, &mut out);
                slow.push((t.elapsed(), r.meta().id, out.places, out.violations.len()));
            }
            slow.sort_by_key(|s| std::cmp::Reverse(s.0));
            println!("   rules total {:?}", all_t.elapsed());
            for (d, id, p, v) in slow.iter().take(12) {
                println!("   {d:?} {id} {v}/{p}");
            }
        }
    }
}

#[cfg(test)]
mod corpus_samples {
    use super::*;
    use crate::grading::rule::{Ctx, Outcome, NO_OPTIONS};

    /// A few findings per rule on each public spec, to review fairness by eye:
    /// `cargo test --lib rules::corpus_samples -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs ../shared/corpus; prints for review"]
    fn print_sample_findings() {
        let dir = std::env::var("CORPUS_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real"));
        let only = std::env::var("CORPUS_FILE").unwrap_or_default();
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.to_string_lossy().contains(&only)) {
            let Ok(doc) = crate::grading::load::load(&std::fs::read(&f).unwrap(), &crate::grading::Limits::default())
            else {
                continue;
            };
            let model = crate::grading::resolve::build(&doc);
            println!("== {}", f.display());
            let cx = Ctx {
                model: &model,
                events: None,
                options: &NO_OPTIONS,
                exercise: None,
                rules: by_id,
            };
            for r in all() {
                let mut out = Outcome::default();
                r.check(&cx, &mut out);
                println!("{:40} {}/{}", r.meta().id, out.violations.len(), out.places);
                for v in out.violations.iter().take(2) {
                    println!("      {} @ {}", v.message, v.pointer);
                }
            }
        }
    }
}
