//! Static assets compiled into the binary (no CDN: the platform must work
//! offline).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../../assets/app.css");
const HTMX: &str = include_str!("../../assets/htmx.min.js");
const PWA: &str = include_str!("../../assets/pwa.js");

/// An embedded asset: name, content type, body.
pub struct Asset {
    /// File name under `/assets/`.
    pub name: &'static str,
    /// MIME type.
    pub content_type: &'static str,
    /// Contents.
    pub body: &'static [u8],
}

/// Assets added by services (e.g. a display-board script).
pub type AssetList = &'static [Asset];

/// The platform's own assets.
pub const PLATFORM_ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: CSS.as_bytes(),
    },
    Asset {
        name: "htmx.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: HTMX.as_bytes(),
    },
    Asset {
        name: "pwa.js",
        content_type: "text/javascript; charset=utf-8",
        body: PWA.as_bytes(),
    },
    Asset {
        name: "icon-192.png",
        content_type: "image/png",
        body: include_bytes!("../../assets/icon-192.png"),
    },
    Asset {
        name: "icon-512.png",
        content_type: "image/png",
        body: include_bytes!("../../assets/icon-512.png"),
    },
    Asset {
        name: "icon-maskable-512.png",
        content_type: "image/png",
        body: include_bytes!("../../assets/icon-maskable-512.png"),
    },
    Asset {
        name: "apple-touch-icon.png",
        content_type: "image/png",
        body: include_bytes!("../../assets/apple-touch-icon.png"),
    },
];

/// Serve `/assets/{name}` from a list of embedded assets.
pub fn serve(lists: &[AssetList], name: &str) -> Response {
    for list in lists {
        if let Some(a) = list.iter().find(|a| a.name == name) {
            return (
                [
                    (header::CONTENT_TYPE, a.content_type),
                    (header::CACHE_CONTROL, "public, max-age=3600"),
                ],
                a.body,
            )
                .into_response();
        }
    }
    StatusCode::NOT_FOUND.into_response()
}

/// Handler for the platform's assets.
pub async fn platform_asset(Path(name): Path<String>) -> Response {
    serve(&[PLATFORM_ASSETS], &name)
}
