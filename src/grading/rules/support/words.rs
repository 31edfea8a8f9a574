//! Names as words: splitting any casing into lowercase words, and squashing a name so that
//! spellings compare equal.

/// Splits `shortLinks`, `short_links`, `short-links`, `ShortLinks`, `HTTPStatus` into lowercase
/// words. Digits stay attached to the word before them (`v2`, `oauth2`).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // `shortLink` splits before `L`; `HTTPStatus` splits before the `S` of `Status`.
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `page_size`, `pageSize`, `page-size` -> `pagesize`.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a text field is present and not blank.
pub fn non_empty<S: AsRef<str>>(s: &Option<S>) -> bool {
    s.as_ref().is_some_and(|s| !s.as_ref().trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_in_every_casing() {
        assert_eq!(words("shortLinks"), ["short", "links"]);
        assert_eq!(words("short_links"), ["short", "links"]);
        assert_eq!(words("short-links"), ["short", "links"]);
        assert_eq!(words("HTTPStatus"), ["http", "status"]);
        assert_eq!(words("oauth2Token"), ["oauth2", "token"]);
    }
}
