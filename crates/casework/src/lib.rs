//! Casework: the application workflow shared by Visa Online and stay
//! permits.
//!
//! [`domain`] holds the pure rules: register numbers, the state machine
//! (with property tests that no illegal transition is accepted), and who
//! may act on a case. [`store`] is the `casework_cases` and
//! `casework_timeline` tables with the ONE function that writes a case's
//! status ([`store::transition`]): a conditional UPDATE on the expected
//! status that also enforces the two-person rule and keeps the parties of
//! a case from acting on it. Services call it inside their own write
//! transaction, next to their own rows, audit and outbox.

pub mod api;
pub mod app;
pub mod domain;
pub mod migrations;
pub mod store;
pub mod views;

pub use domain::register::RegisterNumber;
pub use domain::status::{Action, InvalidTransition, Status};
pub use migrations::MIGRATIONS;
