//! What every service of the imigrasi platform stands on: configuration,
//! database and migrations, accounts and sessions, the one policy module,
//! the audit log, languages, the HTTP shell, and the shared parts of every
//! service: idempotency keys, uploaded documents, signed QR payloads and
//! regions with their supervising office.

pub mod accounts;
pub mod api;
pub mod arrivals;
pub mod audit;
pub mod billing;
pub mod db;
pub mod demo;
pub mod documents;
pub mod email_verification;
pub mod events;
pub mod hashing;
pub mod http;
pub mod i18n;
pub mod idempotency;
pub mod identity;
pub mod login;
pub mod migrations;
pub mod notify;
pub mod offices;
pub mod outbox;
pub mod pages;
pub mod password_rules;
pub mod permits;
pub mod pii;
pub mod policy;
pub mod rate_limit;
pub mod regions;
pub mod registration;
pub mod secrets;
pub mod sessions;
pub mod signing;
pub mod state;
pub mod throttle;

#[cfg(test)]
mod test_support;

pub use state::{AppState, Config};
