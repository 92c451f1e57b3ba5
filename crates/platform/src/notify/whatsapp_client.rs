//! The WhatsApp Business Cloud API (Meta's Graph API): sending text
//! messages, and checking the signature of webhook deliveries.
//!
//! Messages go as `POST {base}/v21.0/{phone_number_id}/messages` with
//! `Authorization: Bearer {token}` and
//! `{"messaging_product":"whatsapp","to":…,"type":"text","text":{"body":…}}`.
//!
//! This build has no TLS: `base` must be `http://` (an HTTPS-terminating
//! egress proxy in production, a mock in tests). Without a token, messages
//! are written to the log instead.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use super::{Outcome, SendError, SetupError};
use crate::notify::templates::scrub_identity_numbers;

/// The Graph API version in the path.
pub const GRAPH_VERSION: &str = "v21.0";
/// How long one API call may take (well inside the outbox lease).
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(20);
/// WhatsApp's limit on a text message body.
pub const MAX_TEXT: usize = 4096;

/// A client of the Graph API, or the log.
#[derive(Clone)]
pub struct WhatsAppClient {
    base: String,
    token: Option<SecretString>,
    http: reqwest::Client,
}

impl std::fmt::Debug for WhatsAppClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsAppClient")
            .field("base", &self.base)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl WhatsAppClient {
    /// A client for `base` (e.g. `http://127.0.0.1:9000`); `None` token
    /// writes messages to the log.
    pub fn new(base: &str, token: Option<SecretString>) -> Result<WhatsAppClient, SetupError> {
        let base = base.trim().trim_end_matches('/').to_owned();
        if token.is_some() {
            if base.starts_with("https://") {
                return Err(SetupError(format!(
                    "IMIGRASI_WHATSAPP_API_BASE is {base}, but this build has no TLS: point it at an \
                     HTTPS-terminating proxy over http:// (see docs/operations.md)"
                )));
            }
            if !base.starts_with("http://") {
                return Err(SetupError(format!(
                    "IMIGRASI_WHATSAPP_API_BASE must start with http:// (got {base})"
                )));
            }
        }
        let http = reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| SetupError(format!("cannot build the HTTP client: {e}")))?;
        Ok(WhatsAppClient { base, token, http })
    }

    /// Whether messages are really sent (a token is configured).
    pub fn is_live(&self) -> bool {
        self.token.is_some()
    }

    /// Send a text message to `to` from the business number `phone_number_id`.
    pub async fn send_text(
        &self,
        id: &str,
        phone_number_id: &str,
        to: &str,
        body: &str,
    ) -> Result<Outcome, SendError> {
        let body: String = body.chars().take(MAX_TEXT).collect();
        let Some(token) = &self.token else {
            tracing::info!(
                outbox_id = %id,
                channel = "whatsapp",
                recipient = %to,
                body = %scrub_identity_numbers(&body),
                "WhatsApp message not sent (no IMIGRASI_WHATSAPP_TOKEN): logged"
            );
            return Ok(Outcome::Logged);
        };
        if phone_number_id.is_empty() || !phone_number_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(SendError::permanent(
                "no valid phone_number_id to send from",
            ));
        }
        let url = format!("{}/{GRAPH_VERSION}/{phone_number_id}/messages", self.base);
        let res = self
            .http
            .post(url)
            .bearer_auth(token.expose_secret())
            .json(&serde_json::json!({
                "messaging_product": "whatsapp",
                "to": to,
                "type": "text",
                "text": {"body": body},
            }))
            .send()
            .await
            .map_err(|e| SendError::transient(format!("Graph API unreachable: {e}")))?;
        let status = res.status();
        if status.is_success() {
            return Ok(Outcome::Sent);
        }
        let detail: String = res
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        let msg = format!("Graph API answered {status}: {detail}");
        if status.as_u16() == 429 || status.as_u16() == 408 || status.is_server_error() {
            Err(SendError::transient(msg))
        } else {
            Err(SendError::permanent(msg))
        }
    }
}

/// The `X-Hub-Signature-256` value for a body: `sha256=<hex HMAC-SHA256>`.
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    crate::billing::sign(app_secret, body)
}

/// Whether `header` is the `sha256=<hex>` HMAC-SHA256 of `body` under
/// `app_secret` (compared in constant time).
pub fn signature_ok(app_secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(app_secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        let body = br#"{"object":"whatsapp_business_account"}"#;
        let sig = sign("s3cret", body);
        assert!(sig.starts_with("sha256="));
        assert!(signature_ok("s3cret", body, Some(&sig)));
        assert!(!signature_ok("other", body, Some(&sig)));
        assert!(!signature_ok("s3cret", b"{}", Some(&sig)));
        assert!(!signature_ok("s3cret", body, None));
        assert!(!signature_ok("s3cret", body, Some("sha256=zz")));
    }

    #[test]
    fn a_live_client_needs_plain_http() {
        let token = || Some(SecretString::from("t"));
        assert!(WhatsAppClient::new("https://graph.facebook.com", token()).is_err());
        assert!(WhatsAppClient::new("http://127.0.0.1:9", token()).is_ok());
        // Without a token nothing is sent, so the default base is fine.
        assert!(WhatsAppClient::new("https://graph.facebook.com", None).is_ok());
    }
}
