//! The platform's secrets and the rules a production start checks.
//!
//! Outside demo mode no secret has a default: `imigrasi serve` refuses to
//! start without `IMIGRASI_PAYMENT_SECRET` and `IMIGRASI_DATA_KEY`, and every
//! secret given must have at least [`MIN_SECRET_BYTES`] bytes. The WhatsApp
//! webhook stays switched off (404) unless both its verify token and its app
//! secret are set. Demo mode generates what is missing once per database
//! (see `demo::secrets`) and prints it at start.

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

use crate::state::Config;

/// Shortest accepted secret, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// The command that makes a good secret, shown in every complaint.
pub const HOW_TO_MAKE: &str = "make one with `openssl rand -hex 32`";

/// Values that shipped as development defaults in earlier versions: refused
/// whatever their length.
const KNOWN_DEFAULTS: &[&str] = &[
    "dev-payment-secret",
    "dev-app-secret",
    "dev-verify-token",
    "dev-data-key-change-me",
];

/// One problem with the secrets of a production start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretProblem {
    /// The environment variable to set.
    pub variable: &'static str,
    /// What is wrong, in a sentence.
    pub problem: String,
}

impl std::fmt::Display for SecretProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.variable, self.problem)
    }
}

/// A fresh random secret: 32 random bytes as 64 hex digits.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Check one secret's strength (`None` when it is acceptable).
pub fn weakness(value: &str) -> Option<String> {
    if KNOWN_DEFAULTS.contains(&value) {
        return Some(format!(
            "this is a published development value and works for anyone; {HOW_TO_MAKE}"
        ));
    }
    if value.len() < MIN_SECRET_BYTES {
        return Some(format!(
            "has {} bytes; it needs at least {MIN_SECRET_BYTES}: {HOW_TO_MAKE}",
            value.len()
        ));
    }
    None
}

/// A required secret: present and strong.
pub fn required(variable: &'static str, value: Option<&str>) -> Result<String, SecretProblem> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None => Err(SecretProblem {
            variable,
            problem: format!("is not set; outside demo mode it is required: {HOW_TO_MAKE}"),
        }),
        Some(v) => match weakness(v) {
            Some(problem) => Err(SecretProblem { variable, problem }),
            None => Ok(v.to_owned()),
        },
    }
}

/// Check a running configuration's secrets (used by `Application::build`
/// outside demo mode, as a last line of defence behind the CLI's checks).
pub fn check(config: &Config) -> Result<(), Vec<SecretProblem>> {
    let mut problems = Vec::new();
    let mut check_one = |variable: &'static str, value: &SecretString| {
        if let Some(problem) = weakness(value.expose_secret()) {
            problems.push(SecretProblem { variable, problem });
        }
    };
    check_one("IMIGRASI_PAYMENT_SECRET", &config.payment_secret);
    check_one("IMIGRASI_DATA_KEY", &config.data_key);
    if let Some(wa) = &config.whatsapp_webhook {
        check_one("IMIGRASI_WHATSAPP_VERIFY_TOKEN", &wa.verify_token);
        check_one("IMIGRASI_WHATSAPP_APP_SECRET", &wa.app_secret);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The WhatsApp webhook's two secrets: both or neither.
#[derive(Debug, Clone)]
pub struct WebhookSecrets {
    /// Token Meta sends when verifying the webhook (`hub.verify_token`).
    pub verify_token: SecretString,
    /// App secret that signs deliveries (`X-Hub-Signature-256`).
    pub app_secret: SecretString,
}

/// The webhook's secrets from the two settings: both set (and strong) turn
/// the webhook on, neither leaves it off, one alone is a mistake.
pub fn webhook(
    verify_token: Option<&str>,
    app_secret: Option<&str>,
) -> Result<Option<WebhookSecrets>, Vec<SecretProblem>> {
    let token = verify_token.map(str::trim).filter(|v| !v.is_empty());
    let secret = app_secret.map(str::trim).filter(|v| !v.is_empty());
    if token.is_none() && secret.is_none() {
        return Ok(None);
    }
    let t = required("IMIGRASI_WHATSAPP_VERIFY_TOKEN", token);
    let s = required("IMIGRASI_WHATSAPP_APP_SECRET", secret);
    match (t, s) {
        (Ok(t), Ok(s)) => Ok(Some(WebhookSecrets {
            verify_token: SecretString::from(t),
            app_secret: SecretString::from(s),
        })),
        (t, s) => Err([t.err(), s.err()].into_iter().flatten().collect()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_strong_and_differ() {
        let a = generate();
        assert_eq!(a.len(), 64);
        assert_eq!(weakness(&a), None);
        assert_ne!(a, generate());
    }

    #[test]
    fn short_missing_and_published_secrets_are_refused() {
        assert!(required("X", None).unwrap_err().problem.contains("not set"));
        assert!(required("X", Some("  ")).is_err());
        assert!(
            required("X", Some("short"))
                .unwrap_err()
                .problem
                .contains("32")
        );
        for d in KNOWN_DEFAULTS {
            assert!(weakness(d).is_some(), "{d}");
        }
        assert!(required("X", Some(&"a".repeat(32))).is_ok());
    }

    #[test]
    fn the_webhook_needs_both_secrets_or_none() {
        assert!(webhook(None, None).unwrap().is_none());
        let long = "k".repeat(40);
        assert!(webhook(Some(&long), Some(&long)).unwrap().is_some());
        let only_token = webhook(Some(&long), None).unwrap_err();
        assert_eq!(only_token.len(), 1);
        assert_eq!(only_token[0].variable, "IMIGRASI_WHATSAPP_APP_SECRET");
        let weak = webhook(Some("dev-verify-token"), Some("dev-app-secret")).unwrap_err();
        assert_eq!(weak.len(), 2);
    }

    #[test]
    fn local_configs_never_carry_a_published_secret() {
        let c = Config::local("sqlite://x.db");
        assert!(check(&c).is_ok());
        assert!(c.whatsapp_webhook.is_none());
    }
}
