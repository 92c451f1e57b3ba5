//! Overstay fines: an officer of the supervising office bills the fine
//! owed now (the tariff is data, capped; fines paid before are deducted),
//! and it is paid like any fee; both show in the permit's history.

use std::sync::Arc;

use imigrasi_platform::billing::{self, Bill, SettleFuture, Settlement, Settler};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};
use jiff::{Timestamp, ToSpan};
use sea_orm::DatabaseTransaction;

use super::cases::note;
use super::read::overstay_of;
use super::{StayError, office_zone, settings};
use crate::store::fines::{self, Fine};
use crate::store::permits;

/// The bills' service name.
pub const FINE_SERVICE: &str = "stay_fine";

/// Bill the overstay fine a permit's holder owes now; answers the fine
/// and its bill. 409 when there is no overstay or an unpaid fine is open.
pub async fn bill(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    number: &str,
    now: Timestamp,
) -> Result<(Fine, Bill), StayError> {
    let permit = permits::find_by_number(&state.db, number)
        .await?
        .ok_or(StayError::NotFound)?;
    let office = permit.office_code.as_str();
    policy::authorize(actor, Permission::ReviewCase { office }).map_err(|_| StayError::NotFound)?;
    let rules = settings(state);
    let zone = office_zone(&state.db, office).await?;
    let overstay = overstay_of(&permit, &rules.overstay, now, zone).ok_or(StayError::NoOverstay)?;
    let due = now
        .checked_add((rules.payment_days * 24).hours())
        .unwrap_or(now);
    let permit = &permit;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        // A fine whose bill lapsed unpaid frees the permit for a new one.
        if let Some(open) = fines::open_for(txn, &permit.id).await? {
            let lapsed = billing::find(txn, &open.billing_code)
                .await?
                .is_some_and(|b| {
                    b.status != billing::status::UNPAID || b.expires_at <= db::millis(now)
                });
            if !lapsed {
                return Err(StayError::FineAlreadyBilled);
            }
            billing::close_unpaid(txn, &open.billing_code, billing::status::EXPIRED).await?;
            fines::close(txn, &open.id).await?;
        }
        // Fines paid before count against what is owed now.
        let amount = overstay.fine.amount() - fines::paid_total(txn, &permit.id).await?;
        if amount <= 0 {
            return Err(StayError::NoOverstay);
        }
        let id = uuid::Uuid::now_v7().to_string();
        let bill = billing::create(txn, FINE_SERVICE, &id, Some(&actor.id), amount, due).await?;
        let fine = Fine {
            id,
            permit_id: permit.id.clone(),
            days: overstay.days,
            amount,
            billing_code: bill.billing_code.clone(),
            created_at: db::millis(now),
        };
        if let Err(e) = fines::insert(txn, &fine).await {
            return Err(if db::is_unique_violation(&e) {
                StayError::FineAlreadyBilled
            } else {
                e.into()
            });
        }
        let detail = serde_json::json!({
            "days": overstay.days, "amount": amount, "billing_code": bill.billing_code,
            "deportation": overstay.deportation,
        });
        note(
            txn,
            &permit.id,
            "fine_billed",
            Some(actor.role.as_str()),
            now,
            detail.clone(),
        )
        .await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.fine",
                object_type: "stay_permit",
                object_id: &permit.number,
                office: Some(&permit.office_code),
                request_id: Some(request_id),
                detail,
            },
        )
        .await?;
        Ok((fine, bill))
    })
    .await
}

/// Applies a paid fine: its history row; a payment after the bill lapsed
/// is refused for refund (a new fine is billed for the days owed then).
#[derive(Debug, Clone, Copy)]
pub struct FineSettler;

impl Settler for FineSettler {
    fn settle<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        bill: &'a Bill,
        paid_at: Timestamp,
        request_id: &'a str,
    ) -> SettleFuture<'a> {
        Box::pin(async move {
            let Some(fine) = fines::find(txn, &bill.object_id).await? else {
                return Ok(Settlement::Refund);
            };
            if db::millis(paid_at) > bill.expires_at || !fines::close(txn, &fine.id).await? {
                return Ok(Settlement::Refund);
            }
            let detail = serde_json::json!({ "days": fine.days, "amount": fine.amount, "billing_code": bill.billing_code });
            note(txn, &fine.permit_id, "fine_paid", None, paid_at, detail).await?;
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: "stay.fine_paid",
                    object_type: "stay_fine",
                    object_id: &fine.id,
                    office: None,
                    request_id: Some(request_id),
                    detail: serde_json::json!({ "billing_code": bill.billing_code }),
                },
            )
            .await?;
            Ok(Settlement::Applied)
        })
    }
}

/// The settler the binary registers for [`FINE_SERVICE`].
pub fn settler() -> Arc<dyn Settler> {
    Arc::new(FineSettler)
}
