//! The state every handler receives, and the platform's settings.

use std::net::SocketAddr;
use std::sync::Arc;

use secrecy::SecretString;

use crate::db::Db;
use crate::http::client_addr::TrustedProxies;

/// Settings of a running platform (built by the binary from flags,
/// environment and defaults).
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Database URL (sqlite://PATH or postgres://...).
    pub database_url: String,
    /// Demo mode: demo accounts and the simulated bank.
    pub demo: bool,
    /// Secret that signs payment-gateway notifications.
    pub payment_secret: SecretString,
    /// How long a new booking is held awaiting payment, in minutes.
    pub payment_hold_minutes: u32,
    /// How long a login session lasts, in hours.
    pub session_ttl_hours: u32,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Largest number of pooled database connections.
    pub max_connections: u32,
    /// Key of the blind indexes of identity numbers (see `pii`).
    pub data_key: SecretString,
    /// Run the outbox delivery worker in this process. Off in
    /// [`Config::local`] so that tests deliver explicitly with
    /// `notify::deliver_due`; `imigrasi serve` turns it on.
    pub outbox_worker: bool,
    /// SMTP relay for e-mail (`smtp://[user:pass@]host[:port]`); without
    /// it, e-mail is written to the log and kept for administrators.
    pub smtp_url: Option<SecretString>,
    /// Sender address of e-mail.
    pub mail_from: String,
    /// The WhatsApp webhook's verify token and app secret; without them
    /// the webhook answers 404.
    pub whatsapp_webhook: Option<crate::secrets::WebhookSecrets>,
    /// Access token of the WhatsApp Business Cloud API; without it,
    /// WhatsApp messages are not sent (kept on /admin/outbox; the log names
    /// them without their text).
    pub whatsapp_token: Option<SecretString>,
    /// Base address of the Graph API (`/v21.0/{phone_number_id}/messages`
    /// is appended).
    pub whatsapp_api_base: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see
    /// `http::client_addr`); empty: the TCP peer is the client.
    pub trusted_proxies: TrustedProxies,
    /// Password hashes computed at once (each takes ~19 MiB); by default one
    /// per core. Requests that find none free within a moment get 503.
    pub password_hash_permits: usize,
}

impl Config {
    /// Defaults suitable for tests and for commands that serve nothing.
    /// Secrets are fresh random values, so that no default ever works; the
    /// WhatsApp webhook is off.
    pub fn local(database_url: impl Into<String>) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: database_url.into(),
            demo: false,
            payment_secret: SecretString::from(crate::secrets::generate()),
            payment_hold_minutes: 120,
            session_ttl_hours: 12,
            secure_cookies: false,
            max_connections: 10,
            data_key: SecretString::from(crate::secrets::generate()),
            outbox_worker: false,
            smtp_url: None,
            mail_from: "noreply@imigrasi.localhost".to_owned(),
            whatsapp_webhook: None,
            whatsapp_token: None,
            whatsapp_api_base: "https://graph.facebook.com".to_owned(),
            trusted_proxies: TrustedProxies::default(),
            password_hash_permits: crate::hashing::default_permits(),
        }
    }
}

/// Shared state: database pool and settings.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Settings.
    pub config: Arc<Config>,
    /// How each service applies payments.
    pub settlers: crate::billing::Settlers,
    /// Live events (display boards), across processes on PostgreSQL.
    pub events: crate::events::Events,
    /// The bound on concurrent password hashing (see `hashing`).
    pub hashing: crate::hashing::HashBound,
}
