//! The WhatsApp channel of Antrean Paspor: the Business Cloud API webhook,
//! the booking conversation, and the notices a worker sends about bookings
//! (payment and day-before reminders, follow-ups to WhatsApp numbers).
//!
//! Bookings made here share the quota and the rules of the web and the
//! API: the same store functions, channel `whatsapp`. Replies and notices
//! go through the platform's outbox (`imigrasi_platform::notify` delivers
//! them).

pub mod conversation;
pub mod link;
pub mod notices;
pub mod store;
pub mod webhook;

use axum::Router;
use imigrasi_platform::AppState;

pub use conversation::{Inbound, handle};
pub use notices::spawn;

/// The WhatsApp routes (the webhook, linking a number to an account).
pub fn router() -> Router<AppState> {
    webhook::router().merge(link::router())
}
