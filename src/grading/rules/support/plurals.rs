//! Singular and plural nouns: what reads as a collection name, and a spelling-independent key
//! for a resource name.
use super::words::words;

/// Words that are fine as collection names although they do not end in `s`. Irregular plurals
/// (`people`, `data`) are in [`IRREGULAR`], which [`is_plural_word`] reads as well.
const UNCOUNTABLE: &[&str] = &[
    "metadata",
    "media",
    "feedback",
    "info",
    "information",
    "news",
    "series",
    "species",
    "equipment",
    "analytics",
    "history",
    "staff",
    "inventory",
    "search",
    "audit",
    "software",
    "hardware",
    "traffic",
    "billing",
    "mail",
    "sheep",
    "fish",
    "deer",
    "stats",
    "statistics",
    "health",
    "me",
    "config",
    "configuration",
    "settings",
    "status",
    "auth",
    "oauth",
    "graphql",
    "storage",
    "content",
    "usage",
    "money",
    "evidence",
    "knowledge",
    "advice",
    "research",
    "weather",
    "access",
    "activity",
    "feed",
    "well-known",
    "login",
    "logout",
    "signup",
];

/// Common irregular plurals: plural -> singular.
const IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("teeth", "tooth"),
    ("feet", "foot"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("criteria", "criterion"),
    ("analyses", "analysis"),
    ("data", "datum"),
];

/// Whether a (lowercase) word reads as plural, or is a mass noun that needs no plural.
pub fn is_plural_word(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if UNCOUNTABLE.contains(&w.as_str()) || IRREGULAR.iter().any(|(p, _)| *p == w) {
        return true;
    }
    if w.len() <= 2 || w.chars().all(|c| c.is_ascii_digit()) {
        // `v1`, `id`, `2024`: not nouns we can judge
        return true;
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return false;
    }
    w.ends_with('s')
}

/// Whether a path segment (any casing) ends in a plural noun: `short-links`, `shortLinks`.
pub fn is_plural_segment(segment: &str) -> bool {
    let ws = words(segment);
    // `codes_of_conduct`: the head noun comes before `of`
    let head = match ws.iter().position(|w| w == "of") {
        Some(i) if i > 0 => ws.get(i - 1),
        _ => ws.last(),
    };
    match head {
        Some(w) => is_plural_word(w),
        None => true,
    }
}

/// Reduces one lowercase word to its singular form: `links` -> `link`, `policies` -> `policy`,
/// `addresses` -> `address`, `people` -> `person`.
pub fn singular(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == word) {
        return (*s).to_string();
    }
    if word.len() > 3 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// A resource name in a form where spellings compare equal: lowercase, no `-`/`_`, last word
/// singular. `short_links`, `shortLinks`, `short-links` and `short-link` all give `shortlink`.
pub fn resource_key(name: &str) -> String {
    let ws = words(name);
    let n = ws.len();
    let mut out = String::new();
    for (i, w) in ws.into_iter().enumerate() {
        if i + 1 == n {
            out.push_str(&singular(&w));
        } else {
            out.push_str(&w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_name_each_word_once() {
        let mut seen = std::collections::HashSet::new();
        for w in UNCOUNTABLE.iter().chain(IRREGULAR.iter().map(|(p, _)| p)) {
            assert!(seen.insert(w), "{w} is listed twice");
        }
    }

    #[test]
    fn singulars_and_plurals() {
        assert_eq!(singular("links"), "link");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("people"), "person");
        assert_eq!(singular("status"), "status");
        assert!(is_plural_segment("short-links"));
        assert!(!is_plural_segment("user"));
        assert!(is_plural_segment("metadata"));
        assert!(is_plural_segment("codes_of_conduct"));
        assert_eq!(resource_key("shortLinks"), "shortlink");
        assert_eq!(resource_key("short_links"), resource_key("short-link"));
    }
}
