//! The WhatsApp channel of Antrean Paspor: the Business Cloud API webhook,
//! the booking conversation, and the notices a worker sends about bookings
//! (payment and day-before reminders, follow-ups to WhatsApp numbers).
//!
//! Bookings made here share the quota and the rules of the web and the
//! API: the same store functions, channel `whatsapp`. Replies and notices
//! go through the platform's outbox (`imigrasi_platform::notify` delivers
//! them).
//!
//! A message goes `webhook` → `turn` (reading it with `parse`, answering
//! with `wording`, the conversation's state in `conversation`) → `store`,
//! which holds every statement and the turn's one write transaction.
//! `link` links a number to an account; `notices` is the worker.

pub mod conversation;
pub mod link;
pub mod notices;
pub mod parse;
pub mod store;
pub mod turn;
pub mod webhook;
pub mod wording;

use axum::Router;
use imigrasi_platform::AppState;

pub use notices::spawn;
pub use turn::{Inbound, handle};

/// The WhatsApp routes (the webhook, linking a number to an account).
pub fn router() -> Router<AppState> {
    webhook::router().merge(link::router())
}
