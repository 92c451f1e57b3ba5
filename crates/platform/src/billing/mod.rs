//! State revenue (PNBP) bills shared by every service, and the payment
//! gateway's notification endpoint.
//!
//! A service creates a [`Bill`] with a 15-digit billing code inside its own
//! transaction. When the gateway reports a payment, the bill's service
//! [`Settler`] decides, in the same transaction, whether the payment applies
//! (e.g. confirms a booking) or must be refunded (it came too late).
//!
//! - [`bills`]: the bill model and its statements;
//! - [`settlers`]: the registry of each service's settler (what the state
//!   holds; it knows nothing of HTTP);
//! - [`payment`]: the use case that applies a verified notification,
//!   returning a typed [`PaymentError`];
//! - [`gateway`]: the callback route (signature, parsing, answer in the
//!   caller's language).

pub mod bills;
pub mod gateway;
pub mod payment;
pub mod settlers;

pub use bills::{
    Bill, NewBill, close_unpaid, create, create_many, find, latest_for_object, status,
};
pub use gateway::{notify, router, sign};
pub use payment::{
    MAX_PAID_AT_AHEAD, PaymentError, PaymentNotification, PaymentResult, apply_payment,
};
pub use settlers::{SettleFuture, Settlement, Settler, Settlers};
