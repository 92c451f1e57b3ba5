//! Per-account and per-applicant booking limits.
//!
//! The constants are only defaults of [`BookingLimits`]; code that enforces a
//! limit takes it from configuration, never from the constant.

use serde::{Deserialize, Serialize};

/// Default: one account books for at most 5 applicants at a time.
pub const MAX_ACTIVE_BOOKINGS_PER_ACCOUNT: u32 = 5;

/// Default: one active booking per NIK.
pub const MAX_ACTIVE_BOOKINGS_PER_NIK: u32 = 1;

/// Default: the fee must be paid within 2 hours of booking.
pub const DEFAULT_PAYMENT_HOLD_MINUTES: u32 = 120;

/// Configurable booking limits of the passport service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingLimits {
    /// Active bookings one account may hold.
    pub max_active_per_account: u32,
    /// Active bookings one applicant (NIK) may hold.
    pub max_active_per_nik: u32,
    /// Minutes an unpaid booking holds its slot.
    pub payment_hold_minutes: u32,
}

impl Default for BookingLimits {
    fn default() -> Self {
        BookingLimits {
            max_active_per_account: MAX_ACTIVE_BOOKINGS_PER_ACCOUNT,
            max_active_per_nik: MAX_ACTIVE_BOOKINGS_PER_NIK,
            payment_hold_minutes: DEFAULT_PAYMENT_HOLD_MINUTES,
        }
    }
}

/// A booking limit that would be exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// The account already holds as many active bookings as allowed.
    #[error(
        "an account can hold at most {limit} active bookings ({active} active, {requested} requested)"
    )]
    AccountLimitReached {
        /// The configured limit.
        limit: u32,
        /// Active bookings now.
        active: u32,
        /// Bookings requested.
        requested: u32,
    },
    /// The applicant already has an active booking.
    #[error("this NIK already has {active} active booking(s); the limit is {limit}")]
    NikLimitReached {
        /// The configured limit.
        limit: u32,
        /// Active bookings now.
        active: u32,
    },
}

impl LimitError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            LimitError::AccountLimitReached { .. } => "account_booking_limit_reached",
            LimitError::NikLimitReached { .. } => "nik_booking_limit_reached",
        }
    }
}

/// Whether an account with `active` bookings may book one more.
pub fn check_account_limit(active: u32, limit: u32) -> Result<(), LimitError> {
    check_group_booking(active, 1, limit)
}

/// Whether an account with `active` bookings may book `requested` applicants at once.
pub fn check_group_booking(active: u32, requested: u32, limit: u32) -> Result<(), LimitError> {
    if active.saturating_add(requested) > limit {
        return Err(LimitError::AccountLimitReached {
            limit,
            active,
            requested,
        });
    }
    Ok(())
}

/// Whether an applicant (NIK) with `active` bookings may be booked again.
pub fn check_nik_limit(active: u32, limit: u32) -> Result<(), LimitError> {
    if active >= limit {
        return Err(LimitError::NikLimitReached { limit, active });
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn defaults_come_from_the_constants() {
        let limits = BookingLimits::default();
        assert_eq!(limits.max_active_per_account, 5);
        assert_eq!(limits.max_active_per_nik, 1);
        assert_eq!(limits.payment_hold_minutes, 120);
        let partial: BookingLimits =
            serde_json::from_str(r#"{"payment_hold_minutes":60}"#).unwrap();
        assert_eq!(
            partial.max_active_per_account,
            MAX_ACTIVE_BOOKINGS_PER_ACCOUNT
        );
    }

    #[test]
    fn account_limit() {
        let limit = BookingLimits::default().max_active_per_account;
        assert!(check_account_limit(4, limit).is_ok());
        let err = check_account_limit(5, limit).unwrap_err();
        assert_eq!(err.code(), "account_booking_limit_reached");
        assert_eq!(
            err.to_string(),
            "an account can hold at most 5 active bookings (5 active, 1 requested)"
        );
        assert!(check_group_booking(2, 3, limit).is_ok());
        assert!(check_group_booking(2, 4, limit).is_err());
        assert!(check_group_booking(1, u32::MAX, limit).is_err());
    }

    #[test]
    fn nik_limit() {
        assert!(check_nik_limit(0, 1).is_ok());
        assert_eq!(
            check_nik_limit(1, 1).unwrap_err().code(),
            "nik_booking_limit_reached"
        );
    }

    proptest! {
        #[test]
        fn account_limit_admits_exactly_below_the_limit(active in 0u32..20, limit in 0u32..20) {
            prop_assert_eq!(check_account_limit(active, limit).is_ok(), active < limit);
        }
    }
}
