//! Security headers of every response, set in one middleware. Pages get a Content-Security-Policy
//! that starts from `default-src 'none'` and allows only what they use: scripts, styles, images
//! and fetches from this site's own files and API, forms posted back here, never framed. No
//! inline script or style is allowed, so injected markup cannot run even if it got through.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// The policy of every HTML page.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A fresh nonce for one response: 128 random bits, hex.
pub fn nonce() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The page policy, also allowing `<style>` elements that carry `nonce`: the editor's library
/// puts its styles in such elements, and only a script the page loaded knows the nonce.
pub fn page_csp_with_style_nonce(nonce: &str) -> String {
    PAGE_CSP.replace("style-src 'self';", &format!("style-src 'self' 'nonce-{nonce}';"))
}

/// The policy of everything else (JSON, CSV, assets): nothing may run or load from it.
pub const OTHER_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the headers; a header a handler set itself is left alone.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(b"text/html"));
    let headers = res.headers_mut();
    let csp = if is_html { PAGE_CSP } else { OTHER_CSP };
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if is_html && !headers.contains_key(header::CACHE_CONTROL) {
        // Pages show one person's work: never kept by shared caches.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use actix_web::{middleware::from_fn, test, web, App, HttpResponse};

    use super::*;

    #[actix_web::test]
    async fn pages_get_the_exact_policy_and_nosniff() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(security_headers))
                .route(
                    "/page",
                    web::get().to(|| async { HttpResponse::Ok().content_type("text/html; charset=utf-8").body("<p>") }),
                )
                .route("/json", web::get().to(|| async { HttpResponse::Ok().json(1) })),
        )
        .await;
        let res = test::call_service(&app, test::TestRequest::get().uri("/page").to_request()).await;
        let h = res.headers();
        assert_eq!(
            h.get("content-security-policy").unwrap(),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        );
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert_eq!(h.get("cache-control").unwrap(), "no-store");

        let res = test::call_service(&app, test::TestRequest::get().uri("/json").to_request()).await;
        assert_eq!(
            res.headers().get("content-security-policy").unwrap(),
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        );
        assert_eq!(res.headers().get("x-content-type-options").unwrap(), "nosniff");
    }
}
