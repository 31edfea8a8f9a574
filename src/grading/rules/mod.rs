//! Every rule, one file each under `rules/<dimension>/`. [`all`] is the registry.
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
pub mod idempotency;
pub mod naming;
pub mod pagination;
pub mod reference;
pub mod security;
pub mod support;
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
    rules.sort_by_key(|r| (r.meta().dimension, r.meta().id));
    rules
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    all().into_iter().find(|r| r.meta().id == id)
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::grading::exercise::Exercise;
    use crate::grading::rule::{Ctx, Outcome, Rule};
    use crate::grading::testing::model_from_str;

    /// Runs one rule on a YAML document with no options and no exercise.
    pub(crate) fn run(rule: &dyn Rule, yaml: &str) -> Outcome {
        run_with(rule, yaml, &serde_json::json!({}), None)
    }

    /// Runs one rule with options (parsed as a rubric's would be: a bad option panics with the
    /// message `apidojo exercises check` would print) and an exercise.
    pub(crate) fn run_with(
        rule: &dyn Rule,
        yaml: &str,
        options: &serde_json::Value,
        exercise: Option<&Exercise>,
    ) -> Outcome {
        let model = model_from_str(yaml);
        let options = rule
            .options(options.as_object().expect("options are an object"))
            .unwrap_or_else(|e| panic!("{}: options {:?}: {}", rule.meta().id, e.field, e.message));
        let cx = Ctx {
            model: &model,
            options: &options,
            exercise,
        };
        let mut out = Outcome::default();
        rule.check(&cx, &mut out);
        out
    }

    /// A compact, well-designed interview answer: every rule must pass on it.
    pub(crate) const GOOD_API: &str = include_str!("testdata/good-api.yaml");

    /// Asserts that a rule applies to the well-designed answer and finds nothing wrong with it.
    pub(crate) fn assert_passes_good_api(rule: &dyn Rule) {
        let out = run(rule, GOOD_API);
        assert!(out.places > 0, "{} applies nowhere on the good API", rule.meta().id);
        assert!(out.violations.is_empty(), "{}: {:#?}", rule.meta().id, out.violations);
    }

    /// The pointers of the violations, in order.
    pub(crate) fn pointers(out: &Outcome) -> Vec<&str> {
        out.violations.iter().map(|v| v.pointer.as_str()).collect()
    }

    /// Pass and fail cases for one rule, in the style of oxc's `Tester`: documents the rule must
    /// find nothing wrong with, documents it must flag with the pointers it must report, and
    /// always the well-designed answer. A case without `openapi:` gets a minimal 3.0 header, so it
    /// can be just its `paths:` and `components:`. Every case runs; the failures are reported
    /// together.
    pub(crate) struct Tester {
        rule: &'static dyn Rule,
        options: serde_json::Value,
        pass: Vec<String>,
        fail: Vec<(String, Vec<String>)>,
    }

    impl Tester {
        pub(crate) fn new(rule: &'static dyn Rule) -> Self {
            Tester {
                rule,
                options: serde_json::json!({}),
                pass: Vec::new(),
                fail: Vec::new(),
            }
        }

        /// Rubric options for every case (the well-designed answer is then not checked).
        pub(crate) fn options(mut self, options: serde_json::Value) -> Self {
            self.options = options;
            self
        }

        /// Documents on which the rule applies and finds nothing wrong.
        pub(crate) fn pass(mut self, docs: &[&str]) -> Self {
            self.pass.extend(docs.iter().map(|d| document(d)));
            self
        }

        /// A document and the pointers the rule reports on it, in order.
        pub(crate) fn fail(mut self, doc: &str, pointers: &[&str]) -> Self {
            self.fail
                .push((document(doc), pointers.iter().map(|p| p.to_string()).collect()));
            self
        }

        pub(crate) fn test(mut self) {
            let id = self.rule.meta().id;
            let mut problems = Vec::new();
            if self.options.as_object().is_some_and(|o| o.is_empty()) {
                self.pass.push(GOOD_API.to_string());
            }
            for doc in &self.pass {
                let out = run_with(self.rule, doc, &self.options, None);
                if out.places == 0 {
                    problems.push(format!("applies nowhere on:\n{doc}"));
                } else if !out.violations.is_empty() {
                    problems.push(format!("should pass but reports {:?} on:\n{doc}", pointers(&out)));
                }
            }
            for (doc, want) in &self.fail {
                let out = run_with(self.rule, doc, &self.options, None);
                if pointers(&out) != *want {
                    problems.push(format!(
                        "should report {want:?} but reports {:?} on:\n{doc}",
                        pointers(&out)
                    ));
                }
            }
            assert!(problems.is_empty(), "{id}:\n{}", problems.join("\n---\n"));
        }
    }

    fn document(case: &str) -> String {
        if case.contains("openapi:") {
            case.to_string()
        } else {
            format!(
                "openapi: 3.0.3\ninfo: {{ title: t, version: \"1\" }}\n{}",
                unindent(case)
            )
        }
    }

    /// Cases are written indented inside the test; YAML wants them at column 0.
    fn unindent(case: &str) -> String {
        let lines: Vec<&str> = case.lines().skip_while(|l| l.trim().is_empty()).collect();
        let cut = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut out: String = lines
            .iter()
            .map(|l| format!("{}\n", l.get(cut..).unwrap_or("")))
            .collect();
        if !out.contains("paths:") {
            out.push_str("paths: {}\n");
        }
        out
    }
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
        for dim in crate::grading::rule::Dimension::ALL {
            for entry in std::fs::read_dir(root.join(dim.id())).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
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
        let mut files: Vec<_> = dir.map(|e| e.unwrap().path()).collect();
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
                options: &NO_OPTIONS,
                exercise: exercise.as_ref(),
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
                options: &NO_OPTIONS,
                exercise: None,
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
                options: &NO_OPTIONS,
                exercise: None,
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
