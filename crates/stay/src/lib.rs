//! Stay permits (Izin Tinggal): the permit register of ITK, ITAS, ITAP and
//! GCI holders, with the rules of extension and overstay.
//!
//! [`domain`] is pure, [`store`] is SQL, [`app`] holds the use cases (each
//! owning its write transaction), [`api`] the JSON adapters.

pub mod domain;
pub mod migrations;
pub mod store;

pub use migrations::MIGRATIONS;
