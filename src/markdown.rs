//! Markdown (exercise prompts, coach comments) to HTML: rendered by pulldown-cmark, then cleaned
//! by ammonia's allow-list, so raw HTML in the source (a `<script>`, an `onerror=`) never reaches
//! the page as markup.
use pulldown_cmark::{html, Options, Parser};

pub fn to_safe_html(source: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(source, options));
    // No images: nothing a comment says should make the reader's browser fetch anything.
    ammonia::Builder::default()
        .rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn markdown_renders_and_raw_html_is_defused() {
        let html = to_safe_html("# Title\n\n*hi* <script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<em>hi</em>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }
}
