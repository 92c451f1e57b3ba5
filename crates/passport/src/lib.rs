//! Antrean Paspor: the passport appointment service.
//!
//! [`domain`] holds the pure rules (quota, release calendar, booking state
//! machine, codes, limits, waitlist); it does no IO and keeps no clock, so
//! every function takes the current instant and the office time zone.

pub mod domain;
