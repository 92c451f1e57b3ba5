//! The stay service's SQL. Functions take a connection or a transaction.

pub mod history;
pub mod permits;
pub mod lists;
pub mod reminders;
pub mod reports;
