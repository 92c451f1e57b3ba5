//! The stay service's SQL. Functions take a connection or a transaction.

pub mod appearances;
pub mod applications;
pub mod fines;
pub mod grants;
pub mod history;
pub mod known_permits;
pub mod lists;
pub mod permits;
pub mod reminders;
pub mod reports;
