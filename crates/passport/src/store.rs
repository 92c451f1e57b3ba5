//! SQL for slots, bookings and the waitlist. No HTTP types here.
//!
//! Capacity is enforced by the database inside the booking transaction:
//! `UPDATE passport_slots SET booked = booked + 1 WHERE id = $1 AND booked <
//! capacity`, and the row count decides. One active booking per NIK is a
//! partial unique index. The active bookings of one account are counted
//! under the account's row lock (`accounts::lock_for_update`: PostgreSQL
//! `FOR NO KEY UPDATE`, SQLite's write lock), taken after the slot's
//! counter. Every change commits with its audit row (and outbox message) in
//! one transaction.

pub mod applications;
pub mod bookings;
pub mod changes;
pub mod documents;
pub mod floor;
pub mod lottery;
pub mod products;
pub mod quota;
mod slots;
pub mod sold_out;
pub mod waitlist;

pub use bookings::*;
pub use changes::{due_for_expiry, move_to_slot};
pub use products::fee;
pub use slots::*;

use imigrasi_platform::policy::Actor;

/// Who caused a change, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The account acting, if any.
    pub actor: Option<&'a Actor>,
    /// The request id.
    pub request_id: &'a str,
}

impl Origin<'_> {
    /// A change made by the platform itself (workers).
    pub const SYSTEM: Origin<'static> = Origin {
        actor: None,
        request_id: "",
    };
}
