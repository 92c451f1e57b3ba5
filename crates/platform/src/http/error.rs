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
    /// The Fluent message id of `message`, when the platform wrote it: the
    /// `shape_errors` middleware answers it in the caller's language.
    pub message_key: Option<&'static str>,
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
            message_key: None,
        }
    }

    /// An error whose message is the Fluent message `key` (English here;
    /// answered in the caller's language by `shape_errors`).
    pub fn localized(status: StatusCode, code: &'static str, key: &'static str) -> Self {
        let mut e = ApiError::new(status, code, crate::i18n::Lang::En.t(key));
        e.message_key = Some(key);
        e
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
        let mut e = ApiError::localized(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "api-invalid-input",
        );
        e.fields = fields;
        e
    }

    /// 422 `invalid_input` for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        ApiError::invalid_input(BTreeMap::from([(field.to_owned(), message.into())]))
    }

    /// 400 `malformed_json` (the parser's detail goes to the debug log).
    pub fn malformed_json(detail: impl std::fmt::Display) -> Self {
        tracing::debug!(%detail, "malformed JSON body");
        ApiError::localized(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "api-malformed-json",
        )
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        ApiError::localized(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "api-unauthenticated",
        )
    }

    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        ApiError::localized(StatusCode::FORBIDDEN, "forbidden", "api-forbidden")
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        ApiError::localized(StatusCode::NOT_FOUND, "not_found", "api-not-found")
    }

    /// 409 with a code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    /// 500, logged with its cause; the client sees only a request to retry.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError::localized(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "api-internal",
        )
    }

    /// 503 `database_unavailable` with `Retry-After`, logged.
    pub fn database_unavailable(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "database unavailable");
        let mut e = ApiError::localized(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "api-database-unavailable",
        );
        e.retry_after = Some(UNAVAILABLE_RETRY_SECONDS);
        e
    }

    /// The envelope for a bare status (used for errors produced by layers).
    pub fn for_status(status: StatusCode) -> Self {
        let (code, key) = match status {
            StatusCode::NOT_FOUND => return ApiError::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "api-method-not-allowed"),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "api-payload-too-large"),
            StatusCode::REQUEST_TIMEOUT => ("timeout", "api-timeout"),
            StatusCode::FORBIDDEN => ("forbidden", "api-refused"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ("unsupported_media_type", "api-unsupported-media-type")
            }
            s if s.is_server_error() => ("internal_error", "api-internal"),
            _ => ("bad_request", "api-bad-request"),
        };
        ApiError::localized(status, code, key)
    }

    /// This error with its platform-written message in `lang`.
    pub fn in_lang(mut self, lang: crate::i18n::Lang) -> Self {
        if let Some(key) = self.message_key {
            self.message = lang.t(key);
        }
        self
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
        // Localized again only while the message is still the platform's own
        // (a caller may have written a more precise one).
        let own = self
            .message_key
            .filter(|key| body.error.message == crate::i18n::Lang::En.t(key));
        let localize = own.map(|key| LocalizeMessage {
            key,
            code: self.code,
            fields: body.error.fields.clone(),
        });
        let mut res = (self.status, Json(body)).into_response();
        if let Some(l) = localize {
            res.extensions_mut().insert(l);
        }
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

/// Put in an API error response whose message the platform wrote: the
/// `shape_errors` middleware answers it again in the caller's language.
#[derive(Debug, Clone)]
pub struct LocalizeMessage {
    /// Fluent message id.
    pub key: &'static str,
    /// The error's code.
    pub code: &'static str,
    /// Its per-field messages (kept as they are).
    pub fields: BTreeMap<String, String>,
}

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
