//! The state every handler receives, and the platform's settings.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
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
    /// Each service's own settings, by type (the platform knows none of
    /// them): the binary inserts them, a service reads its own with
    /// `config.services.get::<T>()` and falls back to its defaults.
    pub services: ServiceSettings,
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
    /// Folder of uploaded documents (`IMIGRASI_FILES_DIR`); `None`: see
    /// [`Config::files_dir`].
    pub files_dir: Option<PathBuf>,
    /// The Ed25519 signing key file (`IMIGRASI_SIGNING_KEY_FILE`); `None`:
    /// see [`Config::signing_key_file`].
    pub signing_key_file: Option<PathBuf>,
    /// Booking requests per account (`IMIGRASI_RATE_LIMIT_ACCOUNT`, see
    /// [`crate::rate_limit`]); off in [`Config::local`].
    pub rate_limit_account: crate::rate_limit::RateLimit,
    /// Booking requests per client address (`IMIGRASI_RATE_LIMIT_ADDRESS`).
    pub rate_limit_address: crate::rate_limit::RateLimit,
}

/// Settings of the services, one value per type.
#[derive(Debug, Clone, Default)]
pub struct ServiceSettings(axum::http::Extensions);

impl ServiceSettings {
    /// Set a service's settings (replacing earlier ones of the same type).
    pub fn insert<T: Clone + Send + Sync + 'static>(&mut self, value: T) {
        self.0.insert(value);
    }

    /// A service's settings, if set.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.0.get::<T>()
    }
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
            services: ServiceSettings::default(),
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
            files_dir: None,
            signing_key_file: None,
            rate_limit_account: crate::rate_limit::RateLimit::Off,
            rate_limit_address: crate::rate_limit::RateLimit::Off,
        }
    }

    /// The folder beside the data: the SQLite file's folder, else `data`.
    pub fn data_dir(&self) -> PathBuf {
        let sqlite_file = crate::db::normalize_url(&self.database_url)
            .ok()
            .and_then(|u| u.strip_prefix("sqlite://").map(str::to_owned))
            .map(|p| p.split('?').next().unwrap_or("").to_owned())
            .filter(|p| !p.is_empty() && p != ":memory:");
        match sqlite_file {
            Some(file) => match Path::new(&file).parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
                _ => PathBuf::from("."),
            },
            None => PathBuf::from("data"),
        }
    }

    /// Where uploaded documents are kept: the setting, else `files` beside
    /// the data ([`Config::data_dir`]).
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir
            .clone()
            .unwrap_or_else(|| self.data_dir().join("files"))
    }

    /// The signing key file: the setting, else `signing.key` beside the
    /// data ([`Config::data_dir`]).
    pub fn signing_key_file(&self) -> PathBuf {
        self.signing_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir().join("signing.key"))
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
    /// Uploaded documents: their kinds and where the bytes are kept.
    pub documents: crate::documents::Documents,
    /// Keys that sign QR payloads.
    pub signing: crate::signing::Keys,
    /// How each service tells a signed document's status (verification).
    pub lookups: crate::signing::lookups::Lookups,
    /// What each service starts when a foreigner arrives on an e-Visa.
    pub arrivals: crate::arrivals::ArrivalListeners,
    /// The visas and stay permits every service knows of a passport.
    pub permits: crate::permits::KnownPermits,
    /// Bot limits on the booking routes (per process).
    pub rate_limits: crate::rate_limit::RateLimits,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn files_and_keys_default_beside_the_data() {
        let c = Config::local("sqlite:///var/lib/imigrasi/imigrasi.db");
        assert_eq!(c.files_dir(), PathBuf::from("/var/lib/imigrasi/files"));
        assert_eq!(
            c.signing_key_file(),
            PathBuf::from("/var/lib/imigrasi/signing.key")
        );
        let c = Config::local("data/imigrasi.db");
        assert_eq!(c.files_dir(), PathBuf::from("data/files"));
        let c = Config::local("imigrasi.db");
        assert_eq!(c.files_dir(), PathBuf::from("./files"));
        let mut c = Config::local("postgres://u@h/db");
        assert_eq!(c.files_dir(), PathBuf::from("data/files"));
        assert_eq!(c.signing_key_file(), PathBuf::from("data/signing.key"));
        c.files_dir = Some(PathBuf::from("/srv/files"));
        assert_eq!(c.files_dir(), PathBuf::from("/srv/files"));
    }
}
