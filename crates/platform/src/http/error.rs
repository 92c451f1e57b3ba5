//! Errors as clients see them.
//!
//! - [`ApiError`] for `/api/*`: the envelope
//!   `{"error":{"code","message","fields"}}` with a snake_case machine code.
//! - [`PageError`] for HTML pages: marks the response; the `shape_errors`
//!   middleware renders the error page in the visitor's language.
//!
//! A 5xx is logged with its cause and never shows internals.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

/// An error answered as JSON.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Machine code, snake_case.
    pub code: &'static str,
    /// A sentence a person can act on.
    pub message: String,
    /// Per-field messages.
    pub fields: BTreeMap<String, String>,
    /// Seconds after which a retry may succeed (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

#[derive(Serialize, utoipa::ToSchema)]
/// The error envelope of every `/api` error.
pub struct ErrorEnvelope {
    /// The error.
    pub error: ErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
/// The body of an error.
pub struct ErrorBody {
    /// Machine code, snake_case, stable.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// Per-field messages, when input was invalid.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl ApiError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: BTreeMap::new(),
            retry_after: None,
        }
    }

    /// The same error, telling the client when to retry.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 429 `too_many_attempts`, retry after `seconds`.
    pub fn too_many_attempts(message: impl Into<String>, seconds: u64) -> Self {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message)
            .with_retry_after(seconds)
    }

    /// 503 `server_busy`: too much work at once (password hashing); retry soon.
    pub fn server_busy(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "server_busy", message)
            .with_retry_after(crate::hashing::BUSY_RETRY_AFTER_SECS)
    }

    /// 422 `invalid_input` with per-field messages.
    pub fn invalid_input(fields: BTreeMap<String, String>) -> Self {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "Some fields are invalid; see `fields` for what to correct.",
        );
        e.fields = fields;
        e
    }

    /// 422 `invalid_input` for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        ApiError::invalid_input(BTreeMap::from([(field.to_owned(), message.into())]))
    }

    /// 400 `malformed_json`.
    pub fn malformed_json(detail: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("The request body is not valid JSON: {detail}"),
        )
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Log in first: send `Authorization: Bearer TOKEN` from POST /api/v1/sessions.",
        )
    }

    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Your account is not allowed to do this.",
        )
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Nothing exists at this address, or you may not see it.",
        )
    }

    /// 409 with a code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    /// 500, logged with its cause; the client sees only a request to retry.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side. Please try again; if it keeps happening, contact the helpdesk with the x-request-id of this response.",
        )
    }

    /// 503 `database_unavailable` with `Retry-After`, logged.
    pub fn database_unavailable(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "database unavailable");
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "The service is briefly unavailable. Please try again in a few seconds; nothing was changed.",
        );
        e.retry_after = Some(UNAVAILABLE_RETRY_SECONDS);
        e
    }

    /// The envelope for a bare status (used for errors produced by layers).
    pub fn for_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => return ApiError::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method_not_allowed",
                "This address does not accept this HTTP method.",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => {
                ("payload_too_large", "The request body is too large.")
            }
            StatusCode::REQUEST_TIMEOUT => {
                ("timeout", "The request took too long. Please try again.")
            }
            StatusCode::FORBIDDEN => (
                "forbidden",
                "This request was refused (cross-site request or missing permission).",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "unsupported_media_type",
                "Send the body as JSON with `Content-Type: application/json`.",
            ),
            s if s.is_server_error() => (
                "internal_error",
                "Something went wrong on our side. Please try again.",
            ),
            _ => ("bad_request", "The request could not be understood."),
        };
        ApiError::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: self.code.to_owned(),
                message: self.message,
                fields: self.fields,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        res
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        if crate::db::is_unavailable(&e) {
            ApiError::database_unavailable(e)
        } else {
            ApiError::internal(e)
        }
    }
}

impl crate::db::LostConnection for ApiError {
    fn connection_lost(&self) -> bool {
        self.code == "database_unavailable"
    }
}

/// Seconds a client is asked to wait while the database is away.
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

/// Marker put in a response's extensions: render the HTML error page for it.
#[derive(Debug, Clone)]
pub struct ErrorPageMarker {
    /// Message id of the explanation.
    pub message_key: &'static str,
}

/// An error answered as an HTML page.
#[derive(Debug)]
pub enum PageError {
    /// An error page with a status and a message id.
    Status(StatusCode, &'static str),
    /// Not logged in: go to the login page, then come back.
    LoginRequired(String),
}

impl PageError {
    /// 404 page.
    pub fn not_found() -> Self {
        PageError::Status(StatusCode::NOT_FOUND, "error-not-found")
    }
    /// 403 page.
    pub fn forbidden() -> Self {
        PageError::Status(StatusCode::FORBIDDEN, "error-forbidden")
    }
    /// 500 page, logged.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        PageError::Status(StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
    }
    /// 503 page while the database is away, logged.
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "database unavailable");
        PageError::Status(StatusCode::SERVICE_UNAVAILABLE, "error-unavailable")
    }
}

impl From<ApiError> for PageError {
    /// An API error shown as a page: its status, with the page's message
    /// (the API's message is not translated).
    fn from(e: ApiError) -> Self {
        match e.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                PageError::Status(StatusCode::SERVICE_UNAVAILABLE, "error-unavailable")
            }
            s if s.is_server_error() => PageError::internal(e.message),
            s => PageError::Status(s, crate::http::page::status_message_key(s.as_u16())),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Status(status, key) => {
                let mut res = status.into_response();
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    res.headers_mut().insert(
                        header::RETRY_AFTER,
                        HeaderValue::from(UNAVAILABLE_RETRY_SECONDS),
                    );
                }
                res.extensions_mut()
                    .insert(ErrorPageMarker { message_key: key });
                res
            }
            PageError::LoginRequired(next) => {
                let next = crate::http::ctx::safe_next(&next);
                Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response()
            }
        }
    }
}

impl From<sea_orm::DbErr> for PageError {
    fn from(e: sea_orm::DbErr) -> Self {
        if crate::db::is_unavailable(&e) {
            PageError::unavailable(e)
        } else {
            PageError::internal(e)
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::internal(e)
    }
}

/// Percent-encode a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn busy_and_throttled_say_when_to_retry() {
        let res = ApiError::server_busy("busy").into_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[header::RETRY_AFTER], "2");
        let res = ApiError::too_many_attempts("wait", 60).into_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[header::RETRY_AFTER], "60");
        assert!(
            !ApiError::not_found()
                .into_response()
                .headers()
                .contains_key(header::RETRY_AFTER)
        );
    }
}
