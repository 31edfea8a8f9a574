//! Static assets compiled into the binary. Their URLs carry a hash of their content, so they are
//! cached for a year and a new build's files are fetched at once.
use std::sync::{LazyLock, OnceLock};

use actix_web::{http::header, web, HttpRequest, HttpResponse};

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
    // CodeMirror 6 and the editor set up on it, bundled by `src/web/editor/build.mjs`.
    Asset {
        name: "editor.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("assets/editor.js"),
    },
    // The licences of the packages in editor.js, which its first line points to.
    Asset {
        name: "editor-licenses.txt",
        content_type: "text/plain; charset=utf-8",
        body: include_str!("assets/editor-licenses.txt"),
    },
    Asset {
        name: "review.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("assets/review.js"),
    },
    Asset {
        name: "drills.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("assets/drills.js"),
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

/// Each asset compressed at the best level, made once when first asked for: the editor's bundle
/// is 400 KB, and compressing it per response at the fast level the middleware uses would cost
/// CPU each time and send a third more bytes.
struct Compressed {
    brotli: Vec<u8>,
    gzip: Vec<u8>,
}

static COMPRESSED: [OnceLock<Compressed>; ASSETS.len()] = [const { OnceLock::new() }; ASSETS.len()];

/// Asset `i` compressed; the first time off the async workers (best-level brotli of the bundle
/// takes a second or more).
async fn compressed(i: usize) -> Option<&'static Compressed> {
    if let Some(c) = COMPRESSED[i].get() {
        return Some(c);
    }
    web::block(move || {
        COMPRESSED[i].get_or_init(|| {
            let body = ASSETS[i].body.as_bytes();
            Compressed {
                brotli: brotli_best(body),
                gzip: gzip_best(body),
            }
        })
    })
    .await
    .ok()
}

fn brotli_best(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    // Writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &data[..], &mut out, &params);
    out
}

fn gzip_best(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3), flate2::Compression::best());
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// The encoding to send: brotli, then gzip, when the client takes it (a `q=0` refuses).
fn pick_encoding(accept: &str) -> Option<&'static str> {
    let takes = |name: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let refused = |p: &str| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            };
            parts.next().is_some_and(|n| n.eq_ignore_ascii_case(name)) && !parts.any(refused)
        })
    };
    ["br", "gzip"].into_iter().find(|e| takes(e))
}

async fn serve(req: HttpRequest, path: web::Path<(String, String)>) -> HttpResponse {
    let (_, name) = path.into_inner();
    let Some(i) = ASSETS.iter().position(|a| a.name == name) else {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such asset");
    };
    let asset = &ASSETS[i];
    let mut res = HttpResponse::Ok();
    res.content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::VARY, "Accept-Encoding"));
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let packed = match pick_encoding(accept) {
        Some(encoding) => compressed(i).await.map(|c| (encoding, c)),
        None => None,
    };
    match packed {
        // The compression middleware leaves a response that already names its encoding alone.
        Some((encoding, c)) => {
            let body = if encoding == "br" { &c.brotli } else { &c.gzip };
            res.insert_header((header::CONTENT_ENCODING, encoding))
                .body(web::Bytes::from_static(body))
        }
        None => res.body(asset.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_is_the_best_one_the_client_takes() {
        assert_eq!(pick_encoding("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(pick_encoding("gzip"), Some("gzip"));
        assert_eq!(pick_encoding("br;q=0, gzip;q=0.8"), Some("gzip"));
        assert_eq!(pick_encoding("br;q=0.0,gzip;q=0"), None);
        assert_eq!(pick_encoding("identity"), None);
        assert_eq!(pick_encoding(""), None);
        assert_eq!(pick_encoding("BR;q=0.5"), Some("br"));
    }

    #[actix_web::test]
    async fn compressed_assets_unpack_to_the_asset() {
        use std::io::Read;
        let i = ASSETS.iter().position(|a| a.name == "style.css").unwrap();
        let c = compressed(i).await.unwrap();
        let mut gz = String::new();
        flate2::read::GzDecoder::new(&c.gzip[..])
            .read_to_string(&mut gz)
            .unwrap();
        assert_eq!(gz, ASSETS[i].body);
        let mut br = Vec::new();
        brotli::BrotliDecompress(&mut &c.brotli[..], &mut br).unwrap();
        assert_eq!(br, ASSETS[i].body.as_bytes());
    }
}
