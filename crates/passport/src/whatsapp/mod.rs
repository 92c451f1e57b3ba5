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
//! `link` links a number to an account; the notices worker is `app::reminders`.

pub mod conversation;
pub mod link;
pub mod parse;
pub mod store;
pub mod turn;
pub mod webhook;
pub mod wording;

use axum::Router;
use imigrasi_platform::AppState;

pub use crate::app::reminders::spawn;
pub use turn::{Inbound, handle};

/// The WhatsApp routes (the webhook, linking a number to an account).
pub fn router() -> Router<AppState> {
    webhook::router().merge(link::router())
}

#[cfg(test)]
mod tests {
    /// The turn, the webhook, the parser and the wording run no SQL and
    /// open no transaction: statements and the turn's transaction are
    /// `store`'s.
    #[test]
    fn only_the_store_touches_the_database() {
        let sources = [
            ("conversation.rs", include_str!("conversation.rs")),
            ("parse.rs", include_str!("parse.rs")),
            ("turn.rs", include_str!("turn.rs")),
            ("turn/questions.rs", include_str!("turn/questions.rs")),
            ("webhook.rs", include_str!("webhook.rs")),
            ("wording.rs", include_str!("wording.rs")),
        ];
        let banned = [
            "db::exec",
            "db::one",
            "db::all",
            "db::begin_write",
            "db::write(",
            ".commit()",
            ".begin()",
            ".rollback()",
            "SELECT ",
            "INSERT ",
            "UPDATE ",
            "DELETE ",
        ];
        for (file, source) in sources {
            for word in banned {
                assert!(!source.contains(word), "whatsapp/{file} has `{word}`");
            }
        }
    }

    /// The turn names no message: its words are `wording`'s.
    #[test]
    fn the_turn_leaves_the_words_to_wording() {
        for (file, source) in [
            ("turn.rs", include_str!("turn.rs")),
            ("turn/questions.rs", include_str!("turn/questions.rs")),
        ] {
            for word in ["\"wa-", ".t(", ".t_args("] {
                assert!(!source.contains(word), "whatsapp/{file} has `{word}`");
            }
        }
    }
}
