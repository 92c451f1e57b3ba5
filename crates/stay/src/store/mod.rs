//! The stay service's SQL. Functions take a connection or a transaction.

pub mod history;
pub mod lists;
pub mod permits;
pub mod reminders;
pub mod reports;
