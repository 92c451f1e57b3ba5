//! Pure rules of casework: no IO, no clock.

pub mod register;
pub mod status;
