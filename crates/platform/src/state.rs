//! The state every handler receives, and the platform's settings.

use std::net::SocketAddr;
use std::sync::Arc;

use secrecy::SecretString;

use crate::db::Db;

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
}

impl Config {
    /// Defaults suitable for a local run and for tests.
    pub fn local(database_url: impl Into<String>) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: database_url.into(),
            demo: false,
            payment_secret: SecretString::from("dev-payment-secret"),
            payment_hold_minutes: 120,
            session_ttl_hours: 12,
            secure_cookies: false,
            max_connections: 10,
            data_key: SecretString::from("dev-data-key-change-me"),
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
}
