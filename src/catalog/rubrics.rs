//! Rubric files: data that says how much each dimension weighs, how severe each rule is (or that
//! it is off), the rules' options, and the score thresholds of the hiring levels.
//!
//! A rubric file is YAML validated against `rubrics/rubric.schema.json`; it may `extends` another
//! rubric and override dimension weights, rule settings (merged per rule id) and levels (replaced
//! as a whole). After merging, the weights must sum to 1, every rule id must exist, every rule's
//! options must parse, and the last level must start at 0, so every score has a level. The result
//! is the grader's [`Rubric`].
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::error::CatalogError;
use crate::grading::load::{parse, Limits};
use crate::grading::model::escape_token;
use crate::grading::rubric::{Cap, Deductions, DimensionSpec, Level, Rubric, RuleSetting};
use crate::grading::rule::{Dimension, OptionError, Rule, Severity};

/// A rubric file as written, before `extends` is applied.
#[derive(Debug, Clone, Deserialize)]
pub struct RubricFile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub version: u32,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub dimensions: BTreeMap<Dimension, DimensionSpec>,
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSettingFile>,
    #[serde(default)]
    pub levels: Option<Vec<Level>>,
    #[serde(default)]
    pub deductions: Option<Deductions>,
    #[serde(default)]
    pub caps: Option<Vec<Cap>>,
    /// File name for messages.
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RuleSettingFile {
    Severity(Severity),
    Full {
        #[serde(default)]
        severity: Option<Severity>,
        #[serde(default)]
        options: Option<serde_json::Map<String, Value>>,
    },
}

static SCHEMA: &str = include_str!("../../rubrics/rubric.schema.json");

/// Parse and validate one rubric file (`file` is the name used in messages).
pub fn parse_rubric_file(file: &str, text: &str) -> Result<RubricFile, CatalogError> {
    let (value, _) = parse(text, &Limits::default()).map_err(|e| CatalogError::new(file, "", e.to_string()))?;
    static CHECK: std::sync::OnceLock<SchemaCheck> = std::sync::OnceLock::new();
    CHECK.get_or_init(|| SchemaCheck::new(SCHEMA)).check(file, &value)?;
    let mut rf: RubricFile = serde_json::from_value(value).map_err(|e| CatalogError::new(file, "", e.to_string()))?;
    rf.file = file.to_string();
    let stem = file
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")))
        .unwrap_or(&rf.id);
    if stem != rf.id {
        return Err(CatalogError::new(
            file,
            "/id",
            format!("id {:?} must equal the file name {stem:?}", rf.id),
        ));
    }
    Ok(rf)
}

/// A JSON Schema compiled once for checking many catalogue files (compiling costs far more than
/// checking one file).
pub struct SchemaCheck(Result<jsonschema::Validator, String>);

impl SchemaCheck {
    pub fn new(schema_text: &str) -> Self {
        SchemaCheck(
            serde_json::from_str::<Value>(schema_text)
                .map_err(|e| format!("schema is not JSON: {e}"))
                .and_then(|schema| jsonschema::validator_for(&schema).map_err(|e| format!("schema is invalid: {e}"))),
        )
    }

    /// Validate `value` (the contents of `file`); the first error names its field.
    pub fn check(&self, file: &str, value: &Value) -> Result<(), CatalogError> {
        match &self.0 {
            Ok(validator) => first_schema_error(file, validator, value),
            Err(e) => Err(CatalogError::new(file, "", e.clone())),
        }
    }
}

fn first_schema_error(file: &str, validator: &jsonschema::Validator, value: &Value) -> Result<(), CatalogError> {
    let mut errors: Vec<(String, String)> = validator
        .iter_errors(value)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect();
    // The deepest field first: it is the most specific complaint.
    errors.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
    match errors.into_iter().next() {
        Some((field, message)) => Err(CatalogError::new(file, &field, message)),
        None => Ok(()),
    }
}

/// Apply `extends` chains and check the result. `known_rules` is the rule registry, for rejecting
/// unknown rule ids and parsing each rule's options.
pub fn resolve_rubric(
    id: &str,
    files: &BTreeMap<String, RubricFile>,
    known_rules: &[&dyn Rule],
) -> Result<Rubric, CatalogError> {
    let mut chain: Vec<&RubricFile> = Vec::new();
    let mut next = Some(id.to_string());
    while let Some(cur) = next {
        let f = files.get(&cur).ok_or_else(|| {
            let from = chain.last().map_or("rubrics", |f| f.file.as_str());
            CatalogError::new(from, "/extends", format!("no rubric with id {cur:?}"))
        })?;
        if chain.iter().any(|c| c.id == f.id) {
            return Err(CatalogError::new(
                &f.file,
                "/extends",
                "rubrics extend each other in a cycle",
            ));
        }
        chain.push(f);
        next = f.extends.clone();
    }
    let top = chain[0];
    let file = top.file.as_str();
    let mut dims: BTreeMap<Dimension, DimensionSpec> = BTreeMap::new();
    let mut rules: BTreeMap<String, RuleSetting> = BTreeMap::new();
    let mut levels: Option<Vec<Level>> = None;
    let mut deductions: Option<Deductions> = None;
    let mut caps: Option<Vec<Cap>> = None;
    for f in chain.iter().rev() {
        deductions = f.deductions.or(deductions);
        if let Some(c) = &f.caps {
            caps = Some(c.clone());
        }
        for (d, spec) in &f.dimensions {
            let summary = spec
                .summary
                .clone()
                .or_else(|| dims.get(d).and_then(|s| s.summary.clone()));
            dims.insert(
                *d,
                DimensionSpec {
                    weight: spec.weight,
                    summary,
                },
            );
        }
        for (rid, setting) in &f.rules {
            let Some(rule) = known_rules.iter().find(|r| r.meta().id == rid) else {
                return Err(CatalogError::new(
                    &f.file,
                    &format!("/rules/{}", escape_token(rid)),
                    format!("unknown rule id {rid:?} (see `apidojo rules list`)"),
                ));
            };
            if let RuleSettingFile::Full { options: Some(o), .. } = setting {
                // Checked in the file that sets them, so the error names that file.
                rule.options(o).map_err(|e| option_error(&f.file, rid, e))?;
            }
            let slot = rules.entry(rid.clone()).or_default();
            match setting {
                RuleSettingFile::Severity(s) => slot.severity = Some(*s),
                RuleSettingFile::Full { severity, options } => {
                    if severity.is_some() {
                        slot.severity = *severity;
                    }
                    if let Some(o) = options {
                        let mut merged = slot.options.as_object().cloned().unwrap_or_default();
                        merged.extend(o.clone());
                        slot.options = Value::Object(merged);
                    }
                }
            }
        }
        if let Some(l) = &f.levels {
            levels = Some(l.clone());
        }
    }
    for (rid, s) in rules.iter_mut() {
        if s.options.is_null() {
            s.options = Value::Object(Default::default());
        }
        if let (Some(rule), Some(o)) = (known_rules.iter().find(|r| r.meta().id == rid), s.options.as_object()) {
            s.parsed = rule.options(o).map_err(|e| option_error(file, rid, e))?;
        }
    }
    let mut dimensions = Vec::new();
    for d in Dimension::ALL {
        let spec = dims
            .remove(&d)
            .ok_or_else(|| CatalogError::new(file, &format!("/dimensions/{}", d.id()), "missing dimension weight"))?;
        dimensions.push((d, spec));
    }
    // The sum is over an OpenAPI document's dimensions: `events` weighs in only when an event
    // document is graded, renormalised with the others like any applicable dimension.
    let sum: f64 = dimensions.iter().map(|(_, s)| s.weight).sum();
    if let Some(spec) = dims.remove(&Dimension::Events) {
        dimensions.push((Dimension::Events, spec));
    }
    if (sum - 1.0).abs() > 1e-6 {
        return Err(CatalogError::new(
            file,
            "/dimensions",
            format!("dimension weights sum to {sum}, not 1"),
        ));
    }
    let levels = levels.unwrap_or_default();
    if levels.windows(2).any(|w| w[0].min <= w[1].min) {
        return Err(CatalogError::new(
            file,
            "/levels",
            "levels must be ordered from the highest `min` down",
        ));
    }
    if levels.last().is_none_or(|l| l.min != 0.0) {
        return Err(CatalogError::new(file, "/levels", "the last level must have min 0"));
    }
    let caps = caps.unwrap_or_default();
    for (i, cap) in caps.iter().enumerate() {
        if !levels.iter().any(|l| l.level == cap.level) {
            let names: Vec<&str> = levels.iter().map(|l| l.level.as_str()).collect();
            return Err(CatalogError::new(
                file,
                &format!("/caps/{i}/level"),
                format!("no level {:?}; the levels are: {}", cap.level, names.join(", ")),
            ));
        }
    }
    Ok(Rubric {
        id: top.id.clone(),
        title: top.title.clone(),
        description: top.description.clone(),
        version: top.version,
        dimensions,
        rules,
        levels,
        deductions: deductions.unwrap_or_default(),
        caps,
    })
}

/// A rule's option error as a catalogue error: the field is the option's pointer in the file.
fn option_error(file: &str, rule_id: &str, e: OptionError) -> CatalogError {
    let mut field = format!("/rules/{}/options", escape_token(rule_id));
    for part in &e.field {
        field.push('/');
        field.push_str(&escape_token(part));
    }
    CatalogError::new(file, &field, e.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rule::{Ctx, Outcome, RuleMeta, RuleOptions};

    static META: RuleMeta = RuleMeta {
        id: "naming/plural-collections",
        dimension: Dimension::Naming,
        default_severity: Severity::Warning,
        summary: "",
        checks: "",
        why: "",
        fix: "",
        example_bad: "",
        example_good: "",
    };

    /// A rule with two options, for merging along `extends`.
    struct Plural;

    #[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct PluralOptions {
        a: Option<u32>,
        b: Option<u32>,
    }

    impl Rule for Plural {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }
        fn options(&self, raw: &serde_json::Map<String, Value>) -> Result<RuleOptions, OptionError> {
            RuleOptions::parse::<PluralOptions>(raw)
        }
        fn check(&self, _: &Ctx<'_>, _: &mut Outcome) {}
    }

    /// The parsed options of the test rule.
    fn parsed(r: &Rubric) -> PluralOptions {
        let model =
            crate::grading::testing::model_from_str("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
        let cx = Ctx {
            model: &model,
            events: None,
            options: r.options(META.id),
            exercise: None,
            rules: crate::grading::rules::by_id,
        };
        cx.options()
    }

    const BASE: &str = "id: base\ntitle: Base\nversion: 1\ndimensions:\n  naming: {weight: 0.2, summary: names}\n  pagination: {weight: 0.1}\n  idempotency: {weight: 0.1}\n  versioning: {weight: 0.1}\n  errors: {weight: 0.2}\n  security: {weight: 0.1}\n  documentation: {weight: 0.1}\n  coverage: {weight: 0.1}\nrules:\n  naming/plural-collections: {severity: error, options: {a: 1}}\nlevels:\n  - {level: hire, min: 60}\n  - {level: no hire, min: 0}\n";

    fn files(extra: &[(&str, &str)]) -> Result<BTreeMap<String, RubricFile>, CatalogError> {
        let mut m = BTreeMap::new();
        for (name, text) in [("base.yaml", BASE)].iter().chain(extra) {
            let f = parse_rubric_file(&format!("rubrics/{name}"), text)?;
            m.insert(f.id.clone(), f);
        }
        Ok(m)
    }

    #[test]
    fn base_rubric_resolves() {
        let r = resolve_rubric("base", &files(&[]).unwrap(), &[&Plural]).unwrap();
        assert_eq!(r.severity(&META), Severity::Error);
        assert_eq!(parsed(&r).a, Some(1));
        assert_eq!(r.level(60.0), "hire");
        assert_eq!(r.level(59.9), "no hire");
        assert_eq!(r.dimension(Dimension::Naming).summary.as_deref(), Some("names"));
    }

    #[test]
    fn extends_merges_rules_and_weights() {
        let child = "id: child\ntitle: Child\nversion: 1\nextends: base\ndimensions:\n  naming: {weight: 0.1}\n  errors: {weight: 0.3}\nrules:\n  naming/plural-collections: {options: {b: 2}}\n";
        let r = resolve_rubric("child", &files(&[("child.yaml", child)]).unwrap(), &[&Plural]).unwrap();
        assert_eq!(r.severity(&META), Severity::Error);
        assert_eq!(r.rules[META.id].options, serde_json::json!({"a": 1, "b": 2}));
        assert_eq!(parsed(&r), PluralOptions { a: Some(1), b: Some(2) });
        assert_eq!(r.dimension(Dimension::Naming).weight, 0.1);
        assert_eq!(r.dimension(Dimension::Naming).summary.as_deref(), Some("names"));
        let off = "id: off\ntitle: Off\nversion: 1\nextends: base\nrules:\n  naming/plural-collections: off\n";
        let r = resolve_rubric("off", &files(&[("off.yaml", off)]).unwrap(), &[&Plural]).unwrap();
        assert_eq!(r.severity(&META), Severity::Off);
    }

    #[test]
    fn unknown_rule_ids_name_file_and_field() {
        let bad = "id: bad\ntitle: Bad\nversion: 1\nextends: base\nrules:\n  naming/no-such-rule: error\n";
        let e = resolve_rubric("bad", &files(&[("bad.yaml", bad)]).unwrap(), &[&Plural]).unwrap_err();
        assert_eq!(e.file, "rubrics/bad.yaml");
        assert_eq!(e.field, "/rules/naming~1no-such-rule");
    }

    #[test]
    fn schema_errors_name_the_field() {
        let bad = BASE.replace("weight: 0.2, summary", "weight: 2, summary");
        let e = parse_rubric_file("rubrics/base.yaml", &bad).unwrap_err();
        assert_eq!(e.field, "/dimensions/naming/weight");
        assert!(
            e.to_string()
                .starts_with("rubrics/base.yaml: /dimensions/naming/weight: "),
            "{e}"
        );
        let e =
            parse_rubric_file("rubrics/base.yaml", &BASE.replace("severity: error", "severity: fatal")).unwrap_err();
        assert!(e.field.starts_with("/rules/naming~1plural-collections"), "{e}");
        let e = parse_rubric_file("rubrics/other.yaml", BASE).unwrap_err();
        assert_eq!(e.field, "/id");
    }

    #[test]
    fn option_typos_name_the_file_and_the_field() {
        let bad = "id: bad\ntitle: Bad\nversion: 1\nextends: base\nrules:\n  naming/plural-collections: {options: {a: many}}\n";
        let e = resolve_rubric("bad", &files(&[("bad.yaml", bad)]).unwrap(), &[&Plural]).unwrap_err();
        assert_eq!(e.file, "rubrics/bad.yaml");
        assert_eq!(e.field, "/rules/naming~1plural-collections/options/a");
        let typo = bad.replace("{a: many}", "{c: 1}");
        let e = resolve_rubric("bad", &files(&[("bad.yaml", &typo)]).unwrap(), &[&Plural]).unwrap_err();
        assert!(e.message.contains("no option `c`"), "{e}");
    }

    /// The rubric files name the exact field and the values allowed, for every rule with options.
    #[test]
    fn a_misspelt_style_lists_the_styles() {
        let rules = crate::grading::rules::all();
        let files = |extra: &[(&str, &str)]| {
            let base = BASE.replace(", options: {a: 1}", "");
            let mut m = BTreeMap::new();
            for (name, text) in [("base.yaml", base.as_str())].iter().chain(extra) {
                let f = parse_rubric_file(&format!("rubrics/{name}"), text)?;
                m.insert(f.id.clone(), f);
            }
            Ok::<_, CatalogError>(m)
        };
        let bad = "id: bad\ntitle: Bad\nversion: 1\nextends: base\nrules:\n  naming/property-casing: {options: {style: camle}}\n";
        let e = resolve_rubric("bad", &files(&[("bad.yaml", bad)]).unwrap(), &rules).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rubrics/bad.yaml: /rules/naming~1property-casing/options/style: `camle` is not one of camelCase, \
             snake_case, PascalCase, kebab-case"
        );
        let rules_ok = bad.replace("camle", "snake");
        assert!(resolve_rubric("bad", &files(&[("bad.yaml", &rules_ok)]).unwrap(), &rules).is_ok());
        let depth = bad.replace(
            "naming/property-casing: {options: {style: camle}}",
            "naming/path-depth: {options: {max_depth: deep}}",
        );
        let e = resolve_rubric("bad", &files(&[("bad.yaml", &depth)]).unwrap(), &rules).unwrap_err();
        assert_eq!(e.field, "/rules/naming~1path-depth/options/max_depth", "{e}");
        let none = bad.replace(
            "naming/property-casing: {options: {style: camle}}",
            "naming/plural-collections: {options: {style: camelCase}}",
        );
        let e = resolve_rubric("bad", &files(&[("bad.yaml", &none)]).unwrap(), &rules).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rubrics/bad.yaml: /rules/naming~1plural-collections/options/style: this rule takes no options"
        );
    }

    #[test]
    fn weights_must_sum_to_one_and_cycles_are_refused() {
        let heavy = "id: heavy\ntitle: H\nversion: 1\nextends: base\ndimensions:\n  naming: {weight: 0.9}\n";
        let e = resolve_rubric("heavy", &files(&[("heavy.yaml", heavy)]).unwrap(), &[&Plural]).unwrap_err();
        assert_eq!(e.field, "/dimensions");
        let a = "id: a\ntitle: A\nversion: 1\nextends: b\n";
        let b = "id: b\ntitle: B\nversion: 1\nextends: a\n";
        let e = resolve_rubric("a", &files(&[("a.yaml", a), ("b.yaml", b)]).unwrap(), &[&Plural]).unwrap_err();
        assert_eq!(e.field, "/extends");
    }
}
