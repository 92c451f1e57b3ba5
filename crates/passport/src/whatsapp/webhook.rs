//! The WhatsApp Business Cloud API webhook.
//!
//! - `GET /webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C`
//!   answers `C` when `T` is `IMIGRASI_WHATSAPP_VERIFY_TOKEN`, else 403.
//! - `POST /webhooks/whatsapp` takes Meta's envelope, signed with
//!   `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(body, IMIGRASI_WHATSAPP_APP_SECRET)>`
//!   (bad or missing → 401, nothing processed). Status updates are ignored;
//!   each message is handled once (see [`super::turn`]) and the
//!   answer is 200 as soon as the replies are queued (milliseconds; no
//!   network call happens in the request). When a message cannot be
//!   processed (database down), the answer is 500 so that Meta delivers it
//!   again; messages already handled are skipped then.
//! - Both answer 404 while the webhook is switched off: it is on only when
//!   the verify token and the app secret are both set.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use imigrasi_platform::AppState;
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::notify::whatsapp_client::signature_ok;
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::turn::{self, Inbound};

/// The webhook route.
pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/whatsapp", get(verify).post(receive))
}

/// Meta's subscription check.
#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The webhook is switched off (404, as for any unknown address) unless its
/// verify token and app secret are both set.
fn switched_off() -> Response {
    ApiError::not_found().into_response()
}

async fn verify(State(state): State<AppState>, Query(q): Query<VerifyQuery>) -> Response {
    let Some(wa) = &state.config.whatsapp_webhook else {
        return switched_off();
    };
    let expected = wa.verify_token.expose_secret().as_bytes();
    let ok = q.mode.as_deref() == Some("subscribe")
        && q.verify_token
            .as_deref()
            .is_some_and(|t| same(t.as_bytes(), expected));
    match (ok, q.challenge) {
        (true, Some(c)) if c.len() <= 256 => plain(StatusCode::OK, c),
        _ => plain(StatusCode::FORBIDDEN, "forbidden".to_owned()),
    }
}

/// Meta's notification envelope (only what we read).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Envelope {
    /// `whatsapp_business_account`.
    pub object: Option<String>,
    /// Entries.
    pub entry: Vec<Entry>,
}

/// One entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Entry {
    /// Changes.
    pub changes: Vec<Change>,
}

/// One change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Change {
    /// `messages` for messages and statuses.
    pub field: Option<String>,
    /// The content.
    pub value: ChangeValue,
}

/// The content of a change (`statuses` are not read).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeValue {
    /// Our business number.
    pub metadata: Metadata,
    /// Messages received.
    pub messages: Vec<InMessage>,
}

/// The business number.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Metadata {
    /// Id of the business number (used to reply).
    pub phone_number_id: Option<String>,
}

/// A received message.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InMessage {
    /// Sender (wa_id, digits).
    pub from: Option<String>,
    /// Message id.
    pub id: Option<String>,
    /// `text`, `image`, `audio`, …
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The text of a `text` message.
    pub text: Option<TextBody>,
}

/// A text body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TextBody {
    /// The text.
    pub body: Option<String>,
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

/// A message's text without control characters other than line breaks and
/// tabs (NUL cannot be stored).
fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

/// The messages of an envelope we can answer (statuses and malformed
/// entries are left out).
pub fn inbound(env: Envelope, request_id: &str) -> Vec<Inbound> {
    let mut out = Vec::new();
    for change in env.entry.into_iter().flat_map(|e| e.changes) {
        if change.field.as_deref().is_some_and(|f| f != "messages") {
            continue;
        }
        let Some(pid) = change.value.metadata.phone_number_id else {
            continue;
        };
        if !digits(&pid, 1, 32) {
            continue;
        }
        for m in change.value.messages {
            let (Some(from), Some(id)) = (m.from, m.id) else {
                continue;
            };
            // A message id with a control character (NUL) could never be
            // stored: leave it out rather than fail, or Meta retries forever.
            if !digits(&from, 6, 20)
                || id.is_empty()
                || id.len() > 200
                || id.chars().any(char::is_control)
            {
                continue;
            }
            // Control characters other than line breaks are dropped from the text.
            let text = match m.kind.as_deref() {
                Some("text") => Some(clean_text(&m.text.and_then(|t| t.body).unwrap_or_default())),
                _ => None,
            };
            out.push(Inbound {
                message_id: id,
                from,
                phone_number_id: pid.clone(),
                text,
                request_id: request_id.to_owned(),
            });
        }
    }
    out
}

async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(wa) = &state.config.whatsapp_webhook else {
        return switched_off();
    };
    let secret = wa.app_secret.expose_secret();
    let sig = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    if !signature_ok(secret, &body, sig) {
        return plain(StatusCode::UNAUTHORIZED, "invalid signature".to_owned());
    }
    let Ok(env) = serde_json::from_slice::<Envelope>(&body) else {
        return plain(StatusCode::BAD_REQUEST, "malformed envelope".to_owned());
    };
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut failed = false;
    for m in inbound(env, &request_id) {
        if let Err(e) = turn::handle(&state, &m).await {
            // The text is never logged: it may hold a NIK.
            tracing::error!(error = %e, message_id = %m.message_id, "WhatsApp message not processed");
            failed = true;
        }
    }
    if failed {
        plain(StatusCode::INTERNAL_SERVER_ERROR, "retry".to_owned())
    } else {
        plain(StatusCode::OK, "ok".to_owned())
    }
}
