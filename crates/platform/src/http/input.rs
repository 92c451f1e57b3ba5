//! Control characters never enter the platform: not in a path, a query, a
//! form or a JSON body. NUL in particular is refused by PostgreSQL's TEXT and
//! would otherwise surface as a 500 (and, in a webhook, as endless retries).
//!
//! - [`reject_control_characters`] (middleware) answers 400
//!   `invalid_characters` for a path, query or form body that holds one
//!   after percent-decoding. The `next` query parameter is exempt: it is a
//!   redirect target that `ctx::safe_next` sanitises to `/`.
//! - [`control_in_json`] finds one in a JSON value (used by `parse_json`,
//!   which answers 422 naming the field).
//!
//! Tab, line feed and carriage return are allowed inside form and JSON
//! values (addresses and notes have lines); fields that must be one line
//! (names, codes) refuse them in their own validation.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::BODY_LIMIT_BYTES;
use crate::http::error::{ApiError, PageError};

/// Whether a character is a control character (C0, DEL or C1).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Whether a value holds a control character other than tab, LF and CR.
pub fn has_forbidden_control(s: &str) -> bool {
    s.chars()
        .any(|c| is_control(c) && !matches!(c, '\t' | '\n' | '\r'))
}

/// Percent-decode (and `+` as space when `plus` is set) into bytes.
fn percent_decode(s: &str, plus: bool) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    out
}

/// Whether decoded bytes carry a forbidden control character (`strict`:
/// also tab, LF and CR, as in a path). Invalid UTF-8 counts as forbidden.
fn bytes_forbidden(bytes: &[u8], strict: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(s) if strict => s.chars().any(is_control),
        Ok(s) => has_forbidden_control(s),
        Err(_) => true,
    }
}

/// Whether a query string or form body (`a=1&b=2`) holds a forbidden
/// character in a name or in a value other than `next`'s.
pub fn form_forbidden(query: &str, strict_values: bool) -> bool {
    query.split('&').any(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k, true);
        if bytes_forbidden(&key, true) {
            return true;
        }
        key != b"next" && bytes_forbidden(&percent_decode(v, true), strict_values)
    })
}

/// Whether a path holds a control character once percent-decoded.
pub fn path_forbidden(path: &str) -> bool {
    bytes_forbidden(&percent_decode(path, false), true)
}

/// The first JSON field (as a dotted path) whose key or string value holds
/// a forbidden control character.
pub fn control_in_json(value: &serde_json::Value) -> Option<String> {
    fn walk(v: &serde_json::Value, at: &str) -> Option<String> {
        match v {
            serde_json::Value::String(s) if has_forbidden_control(s) => Some(if at.is_empty() {
                "body".to_owned()
            } else {
                at.to_owned()
            }),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| walk(item, &format!("{at}[{i}]"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, item)| {
                let here = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                if k.chars().any(is_control) {
                    return Some(if at.is_empty() {
                        "body".to_owned()
                    } else {
                        at.to_owned()
                    });
                }
                walk(item, &here)
            }),
            _ => None,
        }
    }
    walk(value, "")
}

fn refuse(is_api: bool) -> Response {
    if is_api {
        ApiError::localized(
            StatusCode::BAD_REQUEST,
            "invalid_characters",
            "error-invalid-characters",
        )
        .into_response()
    } else {
        PageError::Status(StatusCode::BAD_REQUEST, "error-invalid-characters").into_response()
    }
}

/// Middleware: refuse control characters in the path, the query and
/// `application/x-www-form-urlencoded` bodies (400 `invalid_characters`).
pub async fn reject_control_characters(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    if path_forbidden(req.uri().path())
        || req.uri().query().is_some_and(|q| form_forbidden(q, true))
    {
        return refuse(is_api);
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    if form_forbidden(&text, false) {
        return refuse(is_api);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_decoded_controls_are_forbidden() {
        assert!(path_forbidden("/api/v1/offices/JKT%00/slots"));
        assert!(path_forbidden("/a%0Ab"));
        assert!(path_forbidden("/a%7F"));
        assert!(path_forbidden("/a%C2%85")); // NEL, a C1 control
        assert!(path_forbidden("/a%FF")); // not UTF-8
        assert!(!path_forbidden("/api/v1/offices/JKT-PUSAT/slots"));
        assert!(!path_forbidden("/a%20b%"));
        assert!(!path_forbidden("/caf%C3%A9"));
    }

    #[test]
    fn queries_and_forms_are_checked_but_next_is_left_to_safe_next() {
        assert!(form_forbidden("office=JKT%00", true));
        assert!(form_forbidden("a%00=1", true));
        assert!(form_forbidden("note=line%0Aline", true));
        assert!(!form_forbidden("note=line%0D%0Aline", false));
        assert!(form_forbidden("name=Siti%1B", false));
        assert!(!form_forbidden("next=%2F%09%2Fevil", true));
        assert!(!form_forbidden("name=Siti+Aminah&nik=3171", false));
        assert!(!form_forbidden("", true));
    }

    #[test]
    fn json_controls_are_found_with_their_field() {
        let v = serde_json::json!({"applicant": {"full_name": "Siti\u{0}"}});
        assert_eq!(control_in_json(&v).as_deref(), Some("applicant.full_name"));
        let v = serde_json::json!({"items": ["ok", "bad\u{1b}"]});
        assert_eq!(control_in_json(&v).as_deref(), Some("items[1]"));
        let v = serde_json::json!({"note": "two\nlines\ttab", "n": 1});
        assert_eq!(control_in_json(&v), None);
        let v = serde_json::json!("\u{7f}");
        assert_eq!(control_in_json(&v).as_deref(), Some("body"));
    }
}
