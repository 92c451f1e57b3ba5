//! The APOA service's SQL. Functions take a connection or a transaction.

pub mod dashboard;
pub mod keys;
pub mod lists;
pub mod premises;
pub mod retention;
pub mod stays;
pub mod versions;
pub mod watch;
