//! Integration tests of the whole application, each on SQLite and on
//! PostgreSQL.
#![allow(clippy::unwrap_used)]

mod helpers;

mod audit;
mod platform;
