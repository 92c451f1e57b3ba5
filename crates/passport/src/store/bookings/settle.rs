//! Applying passport fee payments to bookings (the billing `Settler`).

use imigrasi_platform::billing::{Bill, SettleFuture, Settlement, Settler};
use imigrasi_platform::{audit, db};
use jiff::Timestamp;
use sea_orm::DatabaseTransaction;

use super::{find_by_code, find_by_id, notify_owner, status};
use crate::domain;
use crate::store::documents;

/// Applies passport fee payments to bookings.
#[derive(Debug, Clone)]
pub struct BookingSettler;

impl Settler for BookingSettler {
    fn settle<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        bill: &'a Bill,
        paid_at: Timestamp,
        request_id: &'a str,
    ) -> SettleFuture<'a> {
        Box::pin(async move {
            let Some(booking) = find_by_id(txn, &bill.object_id).await? else {
                return Ok(Settlement::Refund);
            };
            let Ok(to) = domain::pay(
                booking.status,
                paid_at,
                db::from_millis(booking.payment_deadline),
            ) else {
                return Ok(Settlement::Refund);
            };
            if !status::transition(txn, &booking.id, &[booking.status], to, Timestamp::now())
                .await?
            {
                return Ok(Settlement::Refund);
            }
            let zone = super::office_zone(txn, &booking.office_code).await?;
            let day = domain::office_date(&zone.time_zone(), paid_at);
            let application_number =
                documents::assign_application_number(txn, &booking.id, &booking.office_code, day)
                    .await?;
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: "booking.confirm",
                    object_type: "booking",
                    object_id: &booking.code,
                    office: Some(&booking.office_code),
                    request_id: Some(request_id),
                    detail: serde_json::json!({
                        "billing_code": bill.billing_code,
                        "application_number": application_number,
                    }),
                },
            )
            .await?;
            let updated = find_by_code(txn, &booking.code).await?.unwrap_or(booking);
            notify_owner(txn, &updated, crate::notices::PAYMENT_RECEIVED).await?;
            Ok(Settlement::Applied)
        })
    }
}
