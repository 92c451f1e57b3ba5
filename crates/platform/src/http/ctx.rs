//! Extractors: who is asking, in which language, for which request; and a
//! JSON body whose rejection is the platform's own error envelope.

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header, request::Parts};
use serde::de::DeserializeOwned;

use crate::http::client_addr::client_address;
use crate::http::error::{ApiError, PageError};
use crate::i18n::{LANG_COOKIE, Lang};
use crate::policy::Actor;
use crate::sessions;
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "imigrasi_session";

/// The context of one request.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The `x-request-id` of this request.
    pub request_id: String,
    /// The language to answer in.
    pub lang: Lang,
    /// The client's address (for throttling): the TCP peer, or the address
    /// a trusted proxy names in `X-Forwarded-For`.
    pub client: String,
    /// The authenticated account, if any.
    pub actor: Option<Actor>,
    /// The session token presented, if any.
    pub token: Option<String>,
    /// Whether the token came from the browser cookie.
    pub via_cookie: bool,
    /// The path and query asked for.
    pub path: String,
}

impl Ctx {
    /// The actor, or 401 for the API.
    pub fn api_actor(&self) -> Result<&Actor, ApiError> {
        self.actor.as_ref().ok_or_else(ApiError::unauthenticated)
    }

    /// Take one booking request from this caller's bot limits (its account
    /// when signed in, and its client address): `Err` when either is spent.
    pub fn take_booking_request(&self, state: &AppState) -> Result<(), crate::rate_limit::Limited> {
        state
            .rate_limits
            .take(self.actor.as_ref().map(|a| a.id.as_str()), &self.client)
    }

    /// The actor, or a redirect to the login page.
    pub fn page_actor(&self) -> Result<&Actor, PageError> {
        self.actor
            .as_ref()
            .ok_or_else(|| PageError::LoginRequired(self.path.clone()))
    }

    /// Translate a message id into this request's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The language for a request: cookie first, then `Accept-Language`.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    if let Some(l) = cookie(headers, LANG_COOKIE).and_then(Lang::parse) {
        return l;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Longest redirect target kept; anything longer is not one of our paths.
const MAX_NEXT_LEN: usize = 2048;

/// A redirect target that stays on this site, else `/`.
///
/// Browsers read `Location` leniently: they drop tab, CR and LF anywhere,
/// trim leading control characters and spaces, and take `\` for `/`, so
/// `/\t/evil.example` or `/\evil.example` lead to `//evil.example`, another
/// site. So only a path that starts with exactly one `/`, then neither `/`
/// nor `\`, and has no control character, whitespace or backslash anywhere
/// is kept. Characters beyond ASCII are percent-encoded: the result is
/// always a valid header value, so a redirect to it cannot fail.
pub fn safe_next(next: &str) -> String {
    let bytes = next.as_bytes();
    let on_site = next.len() <= MAX_NEXT_LEN
        && bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if !on_site {
        return "/".to_owned();
    }
    let mut out = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let headers = &parts.headers;
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let client = parts
            .extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|c| client_address(c.0.ip(), headers, &state.config.trusted_proxies).to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        let (token, via_cookie) = match bearer {
            Some(t) => (Some(t), false),
            None => (cookie(headers, SESSION_COOKIE).map(str::to_owned), true),
        };
        let actor = match &token {
            Some(t) => sessions::authenticate(&state.db, t).await?,
            None => None,
        };
        Ok(Ctx {
            request_id,
            lang: request_lang(headers),
            client,
            actor,
            token,
            via_cookie,
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".to_owned()),
        })
    }
}

/// A JSON body. Malformed JSON is 400 `malformed_json`; JSON of the wrong
/// shape is 422 `invalid_input` naming the problem.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = request_lang(req.headers());
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::for_status(axum::http::StatusCode::PAYLOAD_TOO_LARGE))?;
        parse_json_in(&bytes, lang).map(ApiJson)
    }
}

/// Parse a JSON body with the platform's error rules (messages in English,
/// for machine callers such as the payment gateway).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    parse_json_in(bytes, Lang::En)
}

/// Parse a JSON body with the platform's error rules; a control character
/// in any value (tab and line breaks aside) is 422 naming the field, in
/// `lang`.
pub fn parse_json_in<T: DeserializeOwned>(bytes: &[u8], lang: Lang) -> Result<T, ApiError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(ApiError::malformed_json)?;
    if let Some(field) = crate::http::input::control_in_json(&value) {
        return Err(ApiError::invalid_field(
            &field,
            lang.t("error-control-character"),
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        let msg = e.to_string();
        // serde names the field in "missing field `x`" / "unknown field `x`".
        // Other messages quote the offending value, not a field name.
        let names_field = msg.starts_with("missing field") || msg.starts_with("unknown field");
        let field = msg
            .split('`')
            .nth(1)
            .filter(|f| names_field && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or("body")
            .to_owned();
        let key = if msg.starts_with("missing field") {
            "api-field-missing"
        } else {
            "api-field-invalid"
        };
        tracing::debug!(detail = %msg, "JSON body of the wrong shape");
        ApiError::invalid_field(&field, lang.t(key))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn hostile_redirect_targets_become_the_home_page() {
        for hostile in [
            "",
            "evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example/x",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/ /evil.example",
            "/x\\..\\\\evil.example",
            "/\r\nSet-Cookie:x=1",
            "/ok\r\nSet-Cookie:x=1",
            "/ok\0",
            "/\0/evil.example",
            "/ok\u{7f}",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}x",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "//evil.example/%2F..",
            "/\\/evil.example",
        ] {
            assert_eq!(safe_next(hostile), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(3000))), "/");
    }

    #[test]
    fn own_paths_are_kept() {
        for own in [
            "/",
            "/account",
            "/passport/bookings?page=2&sort=date#top",
            "/login?next=%2Faccount",
            // Percent escapes are not decoded by browsers in a path: this
            // stays on this site (the decoded `//evil` is refused above).
            "/%2F/evil.example",
            "/%09/evil.example",
        ] {
            assert_eq!(safe_next(own), own);
        }
        assert_eq!(safe_next("/kantor/médan"), "/kantor/m%C3%A9dan");
    }

    #[test]
    fn every_result_is_a_valid_local_location() {
        let mut samples: Vec<String> = (0u8..=255)
            .flat_map(|b| {
                let c = char::from(b);
                [format!("/{c}x"), format!("/x{c}"), format!("{c}/x")]
            })
            .collect();
        samples.extend(["/ü\u{0}", "/€/", "/\u{feff}/x"].map(String::from));
        for s in samples {
            let out = safe_next(&s);
            assert!(HeaderValue::from_str(&out).is_ok(), "{s:?} -> {out:?}");
            assert!(out.starts_with('/'), "{s:?}");
            assert!(!out.starts_with("//") && !out.starts_with("/\\"), "{s:?}");
        }
    }
}
