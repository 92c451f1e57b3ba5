//! Installable, and usable without signal at the office: the web app
//! manifest, the service worker and the offline page.
//!
//! The service worker (`/sw.js`, from `assets/sw.js`) keeps the page shell
//! under a cache named after the build ([`cache_version`]) and the
//! citizen's proofs of appointment, only those answers that carry
//! [`OFFLINE_KEEP`] (see `docs/architecture.md`, "Offline and install").

use std::sync::OnceLock;

use askama::Template;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::http::assets::PLATFORM_ASSETS;
use crate::http::error::PageError;
use crate::http::page::{Page, render};
use crate::i18n::Lang;

/// The manifest (Indonesian, the platform's default language).
pub const MANIFEST: &str = include_str!("../../assets/manifest.webmanifest");

/// The service worker's source; `__VERSION__` becomes [`cache_version`].
const SERVICE_WORKER: &str = include_str!("../../assets/sw.js");

/// The header by which a page says the service worker may keep it on the
/// citizen's device although it is `no-store` for every other cache.
pub const OFFLINE_KEEP: HeaderName = HeaderName::from_static("x-offline-keep");

/// The one kind of page kept: a proof of appointment.
pub const OFFLINE_KEEP_PROOF: HeaderValue = HeaderValue::from_static("proof");

/// What the logout answer asks the browser to forget: the HTTP cache and
/// the site's storage (the service worker's caches, among them the kept
/// proofs, and htmx's history in local storage).
pub const CLEAR_ON_LOGOUT: HeaderValue = HeaderValue::from_static("\"cache\", \"storage\"");

/// `{crate version}-{hash of the shell}`: a new build with other assets
/// (or another service worker) is a new cache, and the old one is dropped.
pub fn cache_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        // FNV-1a, 64 bits: stable across builds and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let parts = PLATFORM_ASSETS
            .iter()
            .flat_map(|a| [a.name.as_bytes(), a.body])
            .chain([SERVICE_WORKER.as_bytes(), MANIFEST.as_bytes()]);
        for part in parts {
            for b in part.iter().chain([&0xff]) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{}-{h:016x}", env!("CARGO_PKG_VERSION"))
    })
}

/// `GET /manifest.webmanifest`.
pub async fn manifest() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        MANIFEST,
    )
        .into_response()
}

/// `GET /sw.js`: served from the root so that its scope is the whole site;
/// `no-cache` so that a new build reaches browsers at once.
pub async fn service_worker() -> Response {
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| SERVICE_WORKER.replace("__VERSION__", cache_version()));
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.as_str(),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "offline.html")]
struct OfflineTemplate {
    page: Page,
    en: [String; 4],
}

/// `GET /offline`: what a page shows when there is no network, in both
/// languages at once (the service worker keeps one copy), with no personal
/// data (so it may be cached), listing the proofs kept on this device.
pub async fn offline() -> Result<Response, PageError> {
    let en = [
        "offline-title",
        "offline-body",
        "offline-kept",
        "offline-retry",
    ]
    .map(|key| Lang::En.t(key));
    let mut res = render(&OfflineTemplate {
        page: Page {
            lang: Lang::Id,
            actor: None,
            path: "/offline".to_owned(),
            flash: None,
        },
        en,
    })?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}
