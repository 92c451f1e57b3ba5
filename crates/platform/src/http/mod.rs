//! The HTTP shell shared by every service: error types, extractors, the
//! page layout, embedded assets, and the middleware stack.

pub mod assets;
pub mod client_addr;
pub mod ctx;
pub mod error;
pub mod input;
pub mod page;
pub mod pwa;
pub mod qr;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::http::ctx::request_lang;
use crate::http::error::{ApiError, ErrorPageMarker, LocalizeMessage};
use crate::http::page::{error_page, status_message_key};
use crate::state::AppState;

/// Largest request body accepted (CSV batches of guest reports fit),
/// except on the document upload route (see [`body_limit`]).
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// Largest body of a service's multipart upload route (the route itself
/// stops reading at the document kind's limit).
pub const SERVICE_UPLOAD_LIMIT_BYTES: usize = 32 * 1024 * 1024;

/// Whether a path is a service's multipart upload route
/// (`/api/v1/visa/applications/{register_number}/documents`, the same
/// form on the page `/visa/applications/{register_number}/documents`, and
/// a passport booking's `/api/v1/passport/bookings/{code}/documents`).
pub fn is_service_upload(path: &str) -> bool {
    let rest = path.strip_prefix("/api/v1").unwrap_or(path);
    let parts: Vec<&str> = rest.split('/').collect();
    matches!(
        parts.as_slice(),
        ["", service, "applications", number, "documents"]
            if CASE_SERVICES.contains(service) && !number.is_empty()
    ) || matches!(
        parts.as_slice(),
        ["", "passport", "bookings", code, "documents"] if !code.is_empty()
    )
}

/// The services whose applications take document uploads (casework).
const CASE_SERVICES: [&str; 2] = ["visa", "stay"];

/// The body limit of a request: `POST /api/v1/documents` takes up to the
/// largest document kind's size (each kind's own limit is checked by the
/// route); every other route [`BODY_LIMIT_BYTES`].
pub fn body_limit(state: &AppState, method: &axum::http::Method, path: &str) -> usize {
    if method == axum::http::Method::POST && path == crate::documents::api::UPLOAD_PATH {
        state.documents.kinds.largest().max(BODY_LIMIT_BYTES)
    } else if method == axum::http::Method::POST && is_service_upload(path) {
        // Multipart uploads of a service: the route streams the file and
        // stops at the kind's limit, answering which file was too large.
        SERVICE_UPLOAD_LIMIT_BYTES
    } else {
        BODY_LIMIT_BYTES
    }
}

async fn limit_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = body_limit(&state, req.method(), req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        // A bare status: `shape_errors` gives it the envelope (or the page).
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    // A body streamed without a length stops at the limit; the extractor
    // reading it answers 413.
    let service = tower::ServiceBuilder::new()
        .layer(RequestBodyLimitLayer::new(limit))
        .map_request(|r: axum::http::Request<_>| r.map(Body::new))
        .service(next);
    match service.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

/// The process-wide Prometheus recorder (installed once).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ])
            .map(|b| b.build_recorder())
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Fails only when another recorder is installed; the handle still renders ours.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

async fn track_metrics(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    res
}

/// Give every error response the platform's shape: the JSON envelope under
/// `/api/`, an HTML page in the visitor's language elsewhere.
async fn shape_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let lang = request_lang(req.headers());
    let session = crate::http::ctx::cookie(req.headers(), crate::http::ctx::SESSION_COOKIE)
        .map(str::to_owned);
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    if let Some(l) = res.extensions().get::<LocalizeMessage>().cloned() {
        // A platform-written API message: answer it in the caller's language.
        let (mut parts, _) = res.into_parts();
        let mut e = ApiError::new(status, l.code, lang.t(l.key));
        e.fields = l.fields;
        let (_, body) = e.into_response().into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, body);
    }
    let marker = res.extensions().get::<ErrorPageMarker>().cloned();
    if marker.is_none() && res.headers().contains_key(header::CONTENT_TYPE) {
        return res;
    }
    let (mut parts, _) = res.into_parts();
    let fresh = if is_api {
        ApiError::for_status(status).in_lang(lang).into_response()
    } else {
        let key = marker
            .map(|m| m.message_key)
            .unwrap_or_else(|| status_message_key(status.as_u16()));
        // Only error pages pay for this look-up: the navigation shows who is logged in.
        let actor = match &session {
            Some(token) => crate::sessions::authenticate(&state.db, token)
                .await
                .ok()
                .flatten(),
            None => None,
        };
        match error_page(lang, actor, &path, status.as_u16(), key) {
            Some(html) => Html(html).into_response(),
            None => status.into_response(),
        }
    };
    let (fresh_parts, body) = fresh.into_parts();
    for (name, value) in fresh_parts.headers.iter() {
        parts.headers.insert(name.clone(), value.clone());
    }
    parts.status = status;
    Response::from_parts(parts, body)
}

/// Every refusal by the policy module leaves an audit row (`access.denied`)
/// naming who asked, for what, and the route (never the query).
async fn audit_denials(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let (res, denials) = crate::policy::recording(next.run(req)).await;
    if denials.is_empty() {
        return res;
    }
    let status = res.status().as_u16();
    let written =
        crate::audit::record_denials(&state.db, &denials, &path, &request_id, &method, status)
            .await;
    if let Err(e) = written {
        tracing::error!(error = %e, "a refusal could not be audited");
    }
    res
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Answers may carry personal data: no cache keeps them unless the
    // handler chose otherwise (static assets, the display board's stream).
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.entry("content-security-policy").or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    ));
    res
}

/// 404 for anything no route matched (shaped by `shape_errors`).
pub async fn fallback() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

/// Wrap the composed application with the platform's middleware stack.
pub fn finish(router: Router, state: AppState) -> Router {
    // Install the recorder before the first request is counted.
    metrics_handle();
    let router = router
        .route_layer(middleware::from_fn(track_metrics))
        .fallback(fallback);
    router
        .layer(middleware::from_fn_with_state(state.clone(), limit_body))
        .layer(middleware::from_fn(input::reject_control_characters))
        .layer(middleware::from_fn_with_state(state.clone(), audit_denials))
        .layer(CsrfLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn_with_state(state, shape_errors))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(security_headers))
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                // The path only: query strings may carry personal data.
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

#[cfg(test)]
mod upload_path_tests {
    use super::is_service_upload;

    #[test]
    fn case_document_routes_of_both_services() {
        for p in [
            "/api/v1/visa/applications/V-2026-AAAAAAAA/documents",
            "/visa/applications/V-2026-AAAAAAAA/documents",
            "/api/v1/stay/applications/S-2026-AAAAAAAA/documents",
            "/stay/applications/S-2026-AAAAAAAA/documents",
            "/api/v1/passport/bookings/ABCD234567/documents",
            "/passport/bookings/ABCD234567/documents",
        ] {
            assert!(is_service_upload(p), "{p}");
        }
        for p in [
            "/api/v1/visa/applications//documents",
            "/api/v1/visa/applications/X/Y/documents",
            "/api/v1/passport/applications/X/documents",
            "/api/v1/stay/applications/X",
            "/api/v1/passport/bookings//documents",
        ] {
            assert!(!is_service_upload(p), "{p}");
        }
    }
}
