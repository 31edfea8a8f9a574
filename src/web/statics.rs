//! Static assets compiled into the binary. Their URLs carry a hash of their content, so they are
//! cached for a year and a new build's files are fetched at once.
use std::sync::LazyLock;

use actix_web::{http::header, web, HttpResponse};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("assets/style.css"),
    },
    Asset {
        name: "attempt.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("assets/attempt.js"),
    },
    Asset {
        name: "review.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("assets/review.js"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        body: include_str!("assets/icon.svg"),
    },
];

/// `name` -> `/assets/<hash>/<name>`.
static URLS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let hash = crate::hashing::sha256_hex(a.body.as_bytes());
            (a.name, format!("/assets/{}/{}", &hash[..12], a.name))
        })
        .collect()
});

/// The versioned URL of an asset.
pub fn url(name: &str) -> &'static str {
    URLS.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, u)| u.as_str())
        .unwrap_or("/assets/missing")
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/assets/{version}/{name}", web::get().to(serve));
}

async fn serve(path: web::Path<(String, String)>) -> HttpResponse {
    let (_, name) = path.into_inner();
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => HttpResponse::Ok()
            .content_type(a.content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .body(a.body),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such asset"),
    }
}
