//! Reading bookings: the owner's own, or any booking of an office for its
//! staff (each such read of personal data is audited).

use std::sync::Arc;

use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};
use sea_orm::DatabaseTransaction;

use super::{BookingError, Origin};
use crate::store::{self, Booking};

/// The actor's own bookings, newest first.
pub async fn mine(state: &AppState, actor: &Actor) -> Result<Vec<Booking>, BookingError> {
    Ok(store::list_for_account(&state.db, &actor.id).await?)
}

/// A booking its owner, or staff of its office, may read; staff reads are
/// audited (`booking.read`). Anyone else gets `NotFound`.
pub async fn visible(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
) -> Result<Booking, BookingError> {
    let code = code.trim().to_uppercase();
    let booking = store::find_by_code(&state.db, &code)
        .await?
        .ok_or(BookingError::NotFound)?;
    if booking.account_id.as_deref() == Some(actor.id.as_str()) {
        return Ok(booking);
    }
    policy::authorize(
        actor,
        Permission::ReadOfficePersonalData {
            office: &booking.office_code,
        },
    )
    .map_err(|_| BookingError::NotFound)?;
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let booking = &booking;
        async move {
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "booking.read",
                    object_type: "booking",
                    object_id: &booking.code,
                    office: Some(&booking.office_code),
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            Ok::<_, BookingError>(())
        }
    })
    .await?;
    Ok(booking)
}

/// What an office issues and what it costs.
#[derive(Debug, Clone)]
pub struct Products {
    /// The products the office issues, with their fees.
    pub products: Vec<store::products::Product>,
    /// The surcharge of each service that has one.
    pub surcharges: Vec<(crate::domain::ServiceKind, i64)>,
    /// The same-day (accelerated) service fee.
    pub accelerated_fee: i64,
}

/// The products of `office` (an existing office), surcharges and the
/// same-day fee: all data (`passport_products`, `passport_office_products`,
/// `passport_fees`).
pub async fn products(state: &AppState, office: &str) -> Result<Products, sea_orm::DbErr> {
    let c = &state.db;
    let mut surcharges = Vec::new();
    for s in crate::domain::ServiceKind::ALL {
        if let Some(item) = store::products::surcharge_item(s) {
            surcharges.push((s, store::products::fee_item(c, item).await?));
        }
    }
    Ok(Products {
        products: store::products::office_products(c, office).await?,
        surcharges,
        accelerated_fee: store::products::accelerated_fee(c).await?,
    })
}
