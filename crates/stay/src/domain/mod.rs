//! The stay permit's pure rules: kinds and statuses, the extension
//! decision, overstay and the re-entry permit's limit. No IO: every
//! function is given the instant and the office's zone.

pub mod appearance;
pub mod application;
pub mod extension;
pub mod holder;
pub mod overstay;
pub mod permit;
pub mod reminder;
pub mod report;
