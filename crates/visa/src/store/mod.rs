//! SQL of Visa Online (the case itself lives in casework's tables).

pub mod applications;
pub mod evisas;
pub mod known_permits;
pub mod sponsors;
pub mod types;
