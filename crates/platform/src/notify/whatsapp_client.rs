//! The WhatsApp Business Cloud API (Meta's Graph API): sending text
//! messages, and checking the signature of webhook deliveries.
//!
//! Messages go as `POST {base}/v21.0/{phone_number_id}/messages` with
//! `Authorization: Bearer {token}` and
//! `{"messaging_product":"whatsapp","to":…,"type":"text","text":{"body":…}}`.
//!
//! `base` is `https://graph.facebook.com` in production (TLS by rustls,
//! certificates checked against the system trust store) or an `http://`
//! mock in tests. Without a token, messages are not sent: the log names
//! each one (kind, outbox id, masked number) and administrators read it on
//! `/admin/outbox`.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use super::{Outcome, SendError, SetupError};
use crate::pii;

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

/// The HTTP client for outbound calls: TLS by rustls with the `ring`
/// provider (no C toolchain beyond cc), certificates checked against the
/// system's trust store.
pub fn http_client() -> reqwest::Result<reqwest::Client> {
    // Installing twice is harmless: the first provider stays.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .build()
}

impl WhatsAppClient {
    /// A client for `base` (e.g. `http://127.0.0.1:9000`); `None` token
    /// only logs that a message was not sent (no personal data).
    pub fn new(base: &str, token: Option<SecretString>) -> Result<WhatsAppClient, SetupError> {
        let base = base.trim().trim_end_matches('/').to_owned();
        if token.is_some() && !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(SetupError(format!(
                "IMIGRASI_WHATSAPP_API_BASE must start with https:// or http:// (got {base})"
            )));
        }
        let http =
            http_client().map_err(|e| SetupError(format!("cannot build the HTTP client: {e}")))?;
        Ok(WhatsAppClient { base, token, http })
    }

    /// Whether messages are really sent (a token is configured).
    pub fn is_live(&self) -> bool {
        self.token.is_some()
    }

    /// Send a text message (outbox row `id`, of kind `template`) to `to`
    /// from the business number `phone_number_id`.
    pub async fn send_text(
        &self,
        id: &str,
        template: &str,
        phone_number_id: &str,
        to: &str,
        body: &str,
    ) -> Result<Outcome, SendError> {
        let body: String = body.chars().take(MAX_TEXT).collect();
        let Some(token) = &self.token else {
            // Replies repeat what the applicant typed (name, birth date), so
            // the log names the message only; its text stays on /admin/outbox.
            tracing::info!(
                outbox_id = %id,
                channel = "whatsapp",
                template = %template,
                recipient = %pii::mask_phone(to),
                chars = body.chars().count(),
                "WhatsApp message not sent (no IMIGRASI_WHATSAPP_TOKEN): kept on /admin/outbox"
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
    fn a_live_client_takes_https_or_http() {
        let token = || Some(SecretString::from("t"));
        assert!(WhatsAppClient::new("https://graph.facebook.com", token()).is_ok());
        assert!(WhatsAppClient::new("http://127.0.0.1:9", token()).is_ok());
        assert!(WhatsAppClient::new("ftp://example.org", token()).is_err());
        assert!(WhatsAppClient::new("https://graph.facebook.com", None).is_ok());
    }

    #[tokio::test]
    async fn https_is_really_spoken() {
        // A server that answers in plain text: a TLS client must fail the
        // handshake (a connect error), not refuse the scheme (a builder error).
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            if let Ok((mut sock, _)) = listener.accept().await {
                let _ = sock
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        });
        let err = http_client()
            .unwrap()
            .get(format!("https://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap_err();
        assert!(!err.is_builder(), "{err:?}");
        // rustls read the plain-text answer as a malformed TLS record.
        assert!(format!("{err:?}").contains("InvalidMessage"), "{err:?}");
    }
}
