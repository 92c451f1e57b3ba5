//! The office floor's pure rules: floor settings and the arrival window,
//! ticket numbers and counter names, the ticket state machine, priority
//! walk-ins, the call order (priority tickets interleaved with the others),
//! waiting estimates and day statistics.
//!
//! No IO and no clock: callers pass the current instant or date. Nothing
//! here knows any service's appointments; those reach the floor through
//! [`crate::port::Appointments`].

pub mod calls;
pub mod category;
pub mod device;
pub mod priority;
pub mod settings;
pub mod stats;
pub mod ticket;
pub mod time;

pub use calls::*;
pub use category::*;
pub use device::*;
pub use priority::*;
pub use settings::*;
pub use stats::*;
pub use ticket::*;
pub use time::*;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
