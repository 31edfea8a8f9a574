//! Which casing a name uses, which one a set of names mostly uses, and the shared logic of the
//! "one casing" rules: the dominant style among multi-word names wins and every distinct name
//! written in another style is a finding.
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::grading::model::Pointer;
use crate::grading::rule::{one_of, Ctx, OptionError, Outcome, RuleOptions, Violation};

use super::words::words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, strum::IntoStaticStr)]
pub enum Casing {
    /// `shortLink`
    #[strum(to_string = "camelCase")]
    Camel,
    /// `ShortLink`
    #[strum(to_string = "PascalCase")]
    Pascal,
    /// `short_link`
    #[strum(to_string = "snake_case")]
    Snake,
    /// `short-link`
    #[strum(to_string = "kebab-case")]
    Kebab,
    /// `SHORT_LINK`
    #[strum(to_string = "SCREAMING_SNAKE_CASE")]
    ScreamingSnake,
    /// anything mixing separators and cases
    #[strum(to_string = "mixed case")]
    Mixed,
}

impl Casing {
    /// As messages name it: `camelCase`, `snake_case`...
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// The casing of a name made of two or more words; `None` for a single word (`name`, `id`),
/// which fits every style and so says nothing about which one the author chose.
pub fn casing(name: &str) -> Option<Casing> {
    let name = name.trim_start_matches(['_', '$', '@']);
    // `+1`, `-1`, `v2`: fewer than two words with letters say nothing about a style
    let lettered = words(name)
        .iter()
        .filter(|w| w.chars().any(|c| c.is_alphabetic()))
        .count();
    if lettered < 2 {
        return None;
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    let has_us = name.contains('_');
    let has_dash = name.contains('-');
    let has_upper = name.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = name.chars().any(|c| c.is_ascii_lowercase());
    match (has_us, has_dash) {
        (true, true) => Some(Casing::Mixed),
        (true, false) => {
            if !has_upper {
                Some(Casing::Snake)
            } else if !has_lower {
                Some(Casing::ScreamingSnake)
            } else {
                Some(Casing::Mixed)
            }
        }
        (false, true) => Some(if has_upper { Casing::Mixed } else { Casing::Kebab }),
        (false, false) => {
            let first_upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            let inner_upper = name.chars().skip(1).any(|c| c.is_ascii_uppercase());
            if !has_lower {
                // `ID`, `URL`: an acronym, a single word
                None
            } else if first_upper {
                inner_upper.then_some(Casing::Pascal)
            } else {
                inner_upper.then_some(Casing::Camel)
            }
        }
    }
}

/// The most used casing among `names` (ties broken by the first one met), with its count.
pub fn dominant_casing<'a>(names: impl Iterator<Item = &'a str>) -> Option<Casing> {
    let mut counts: Vec<(Casing, usize, usize)> = Vec::new();
    for (i, n) in names.enumerate() {
        if let Some(c) = casing(n) {
            match counts.iter_mut().find(|(k, _, _)| *k == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c, 1, i)),
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(c, _, _)| c)
}

/// The options of the "one casing" rules (`naming/property-casing`, `naming/parameter-casing`,
/// `naming/operation-id-style`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CasingOptions {
    /// The casing every multi-word name must use; without it, the one the document uses most.
    pub style: Option<CasingStyle>,
}

impl CasingOptions {
    /// What the casing rules return from [`crate::grading::rule::Rule::options`].
    pub fn parse(raw: &Map<String, Value>) -> Result<RuleOptions, OptionError> {
        RuleOptions::parse::<CasingOptions>(raw)
    }
}

/// The casings a rubric may pin, by name (`camelCase`) or short name (`camel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::VariantNames)]
pub enum CasingStyle {
    #[strum(to_string = "camelCase", serialize = "camel")]
    Camel,
    #[strum(to_string = "snake_case", serialize = "snake")]
    Snake,
    #[strum(to_string = "PascalCase", serialize = "pascal")]
    Pascal,
    #[strum(to_string = "kebab-case", serialize = "kebab")]
    Kebab,
}

impl<'de> Deserialize<'de> for CasingStyle {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_of(d)
    }
}

impl From<CasingStyle> for Casing {
    fn from(s: CasingStyle) -> Casing {
        match s {
            CasingStyle::Camel => Casing::Camel,
            CasingStyle::Snake => Casing::Snake,
            CasingStyle::Pascal => Casing::Pascal,
            CasingStyle::Kebab => Casing::Kebab,
        }
    }
}

/// `name` rewritten in the casing `to`, word by word (as a fix suggests it).
pub fn convert(name: &str, to: Casing) -> String {
    use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToUpperCamelCase};
    // The words are split here, not by heck, so a suggestion agrees with how `casing` read the
    // name (`HTTPStatus` is `http` `status`, `oauth2Token` is `oauth2` `token`).
    let words = words(name);
    let snake = words.join("_");
    match to {
        Casing::Snake => snake,
        Casing::Kebab => words.join("-"),
        Casing::ScreamingSnake => snake.to_shouty_snake_case(),
        Casing::Pascal => snake.to_upper_camel_case(),
        Casing::Camel | Casing::Mixed => snake.to_lower_camel_case(),
    }
}

/// `names`: distinct (name, pointer, operation) in document order.
pub fn check_names(cx: &Ctx<'_>, out: &mut Outcome, names: &[(&str, Pointer, Option<String>)], what: &str) {
    let Some(target) = cx
        .options::<CasingOptions>()
        .style
        .map(Casing::from)
        .or_else(|| dominant_casing(names.iter().map(|n| n.0)))
    else {
        return;
    };
    for (name, pointer, operation) in names {
        let Some(c) = casing(name) else { continue };
        if c == target {
            out.pass();
        } else {
            out.fail(Violation {
                pointer: pointer.clone(),
                operation: operation.clone(),
                message: format!("{what} `{name}` is {} while the API uses {}", c.name(), target.name()),
                fix: Some(format!("Rename it to `{}`.", convert(name, target))),
                ..Default::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_casing() {
        assert_eq!(casing("createdAt"), Some(Casing::Camel));
        assert_eq!(casing("created_at"), Some(Casing::Snake));
        assert_eq!(casing("CreatedAt"), Some(Casing::Pascal));
        assert_eq!(casing("created-at"), Some(Casing::Kebab));
        assert_eq!(casing("name"), None);
        assert_eq!(casing("ID"), None);
        assert_eq!(casing("_links"), None);
        assert_eq!(casing("-1"), None);
        assert_eq!(casing("+1"), None);
    }

    #[test]
    fn converts_between_casings() {
        for (name, to, want) in [
            ("created_at", Casing::Camel, "createdAt"),
            ("createdAt", Casing::Snake, "created_at"),
            ("HTTPStatus", Casing::Kebab, "http-status"),
            ("oauth2_token", Casing::Pascal, "Oauth2Token"),
            ("v2Api", Casing::ScreamingSnake, "V2_API"),
            ("2fa_code", Casing::Camel, "2faCode"),
            ("long-url", Casing::Mixed, "longUrl"),
        ] {
            assert_eq!(convert(name, to), want, "{name} as {to:?}");
        }
    }
}
