//! Applying a paid fee (the settler the binary registers per service) and
//! expiring cases whose bill lapsed unpaid.

use std::sync::Arc;

use imigrasi_platform::billing::{self, Bill, SettleFuture, Settlement, Settler};
use imigrasi_platform::{audit, db};
use sea_orm::{DatabaseTransaction, Value};

use super::{CaseError, CaseService};
use crate::store::{self as cases, Step};
use crate::{Action, Status};

/// Applies a paid fee: `awaiting_payment` → `in_review` (then the
/// service's [`CaseService::paid`]); a payment after the bill's deadline
/// expires the case; anything else (expired, withdrawn) is refused for
/// refund.
pub struct CaseSettler<S>(pub Arc<S>);

impl<S: CaseService> Settler for CaseSettler<S> {
    fn settle<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        bill: &'a Bill,
        paid_at: jiff::Timestamp,
        request_id: &'a str,
    ) -> SettleFuture<'a> {
        Box::pin(async move {
            // Paid after the deadline, before the worker noticed: the case
            // expires now, and the payment is refused like any late one.
            let late = db::millis(paid_at) > bill.expires_at;
            let step = Step {
                case_id: &bill.object_id,
                from: Status::AwaitingPayment,
                action: if late {
                    Action::ExpireUnpaid
                } else {
                    Action::Pay
                },
                actor: None,
                note: None,
                at: jiff::Timestamp::now(),
            };
            match cases::transition(txn, &step).await {
                Ok(_) if late => {
                    self.0
                        .closed(txn, &bill.object_id, Status::ExpiredUnpaid)
                        .await?;
                    return Ok(Settlement::Refund);
                }
                Ok(_) => {}
                Err(cases::StepError::Db(e)) => return Err(e),
                Err(_) => return Ok(Settlement::Refund),
            }
            self.0.paid(txn, &bill.object_id, paid_at).await?;
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: &format!("{}.paid", S::SERVICE),
                    object_type: S::CASE_OBJECT,
                    object_id: &bill.object_id,
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

/// Expire every case of the service whose fee bill passed its deadline
/// unpaid, as of `now`; returns how many.
pub async fn expire_unpaid<S: CaseService>(
    service: &S,
    db: &db::Db,
    now: jiff::Timestamp,
) -> Result<usize, S::Error> {
    let due = db::all(
        db,
        "SELECT b.billing_code, b.object_id FROM bills b
           JOIN casework_cases c ON c.id = b.object_id
         WHERE b.service = $1 AND b.status = $2 AND b.expires_at <= $3 AND c.status = $4",
        [
            Value::from(S::SERVICE),
            Value::from(billing::status::UNPAID),
            Value::from(db::millis(now)),
            Value::from(Status::AwaitingPayment.as_str()),
        ],
    )
    .await?;
    let mut n = 0;
    for row in &due {
        let code: String = db::col(row, "billing_code")?;
        let case_id: String = db::col(row, "object_id")?;
        let (code, case_id) = (&code, &case_id);
        let done = db::write(db, |txn| async move {
            let txn = &*txn;
            if !billing::close_unpaid(txn, code, billing::status::EXPIRED).await? {
                return Ok::<_, CaseError>(false);
            }
            let step = Step {
                case_id,
                from: Status::AwaitingPayment,
                action: Action::ExpireUnpaid,
                actor: None,
                note: None,
                at: now,
            };
            cases::transition(txn, &step).await?;
            service.closed(txn, case_id, Status::ExpiredUnpaid).await?;
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: &format!("{}.expire_unpaid", S::SERVICE),
                    object_type: S::CASE_OBJECT,
                    object_id: case_id,
                    office: None,
                    request_id: None,
                    detail: serde_json::json!({ "billing_code": code }),
                },
            )
            .await?;
            Ok(true)
        })
        .await;
        match done {
            Ok(true) => n += 1,
            Ok(false) | Err(CaseError::InvalidTransition) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}
