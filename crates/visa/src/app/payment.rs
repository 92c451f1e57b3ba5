//! Submitting with the fee bill, applying the payment (the settler), and
//! expiring what stayed unpaid.

use imigrasi_casework::store::{self as cases, Step};
use imigrasi_casework::{Action, Status};
use imigrasi_platform::billing::{self, Bill, SettleFuture, Settlement, Settler};
use imigrasi_platform::documents::store as doc_store;
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, audit, db};
use jiff::ToSpan;
use sea_orm::{DatabaseTransaction, Value};

use super::{SERVICE, VisaError, payment_days};
use crate::store::{applications, types};

/// What submitting gave: the bill to pay.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The bill.
    pub bill: Bill,
    /// `awaiting_payment`, or `in_review` after answering a request.
    pub status: Status,
}

/// Submit a draft: documents complete → `submitted` → `awaiting_payment`
/// with a fee bill valid [`payment_days`] days.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<Submitted, VisaError> {
    let case = cases::find_by_register(&state.db, SERVICE, register_number)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(VisaError::NotFound)?;
    let app = applications::find(&state.db, &case.id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let (visa_type, _) = types::find(&state.db, &app.visa_type)
        .await?
        .ok_or(VisaError::NotFound)?;
    let present: Vec<String> = doc_store::list_for_object(&state.db, SERVICE, &case.id)
        .await?
        .into_iter()
        .map(|d| d.kind)
        .collect();
    let missing = visa_type.missing_documents(&present);
    if !missing.is_empty() {
        return Err(VisaError::MissingDocuments(missing));
    }
    let now = jiff::Timestamp::now();
    if case.status == Status::InfoRequested {
        return answer_request(state, actor, request_id, &case, &app, now).await;
    }
    let due = now
        .checked_add((payment_days() * 24).hours())
        .unwrap_or(now);
    let (case, app) = (&case, &app);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let step = |from, action| Step {
            case_id: &case.id,
            from,
            action,
            actor: Some(actor),
            note: None,
            at: now,
        };
        cases::transition(txn, &step(Status::Draft, Action::Submit)).await?;
        let mut pay = step(Status::Submitted, Action::RequestPayment);
        pay.actor = None;
        cases::transition(txn, &pay).await?;
        let bill = billing::create(txn, SERVICE, &case.id, Some(&actor.id), app.fee, due).await?;
        applications::set_bill(txn, &case.id, &bill.billing_code).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.submit",
                object_type: "visa_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "billing_code": bill.billing_code, "amount": bill.amount }),
            },
        )
        .await?;
        Ok(Submitted {
            bill,
            status: Status::AwaitingPayment,
        })
    })
    .await
}

/// Hand the application back after a request for information
/// (`info_requested` → `in_review`); the fee was paid already.
async fn answer_request(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    case: &cases::Case,
    app: &applications::Application,
    now: jiff::Timestamp,
) -> Result<Submitted, VisaError> {
    let code = app
        .billing_code
        .clone()
        .ok_or(VisaError::InvalidTransition)?;
    let code = &code;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let step = Step {
            case_id: &case.id,
            from: Status::InfoRequested,
            action: Action::ProvideInfo,
            actor: Some(actor),
            note: None,
            at: now,
        };
        cases::transition(txn, &step).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.provide_info",
                object_type: "visa_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
        let bill = billing::find(txn, code).await?.ok_or(VisaError::NotFound)?;
        Ok(Submitted {
            bill,
            status: Status::InReview,
        })
    })
    .await
}

/// Applies a paid visa fee: `awaiting_payment` → `in_review`; anything
/// else (expired unpaid, withdrawn) is refused for refund.
#[derive(Debug, Clone, Copy)]
pub struct VisaSettler;

impl Settler for VisaSettler {
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
                    applications::deactivate(txn, &bill.object_id).await?;
                    return Ok(Settlement::Refund);
                }
                Ok(_) => {}
                Err(cases::StepError::Db(e)) => return Err(e),
                Err(_) => return Ok(Settlement::Refund),
            }
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: "visa.paid",
                    object_type: "visa_case",
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

/// Expire every visa case whose fee bill passed its deadline unpaid, as of
/// `now`; returns how many.
pub async fn expire_unpaid(db: &db::Db, now: jiff::Timestamp) -> Result<usize, VisaError> {
    let due = db::all(
        db,
        "SELECT b.billing_code, b.object_id FROM bills b
           JOIN casework_cases c ON c.id = b.object_id
         WHERE b.service = $1 AND b.status = $2 AND b.expires_at <= $3 AND c.status = $4",
        [
            Value::from(SERVICE),
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
                return Ok::<_, VisaError>(false);
            }
            let step = Step {
                case_id,
                from: Status::AwaitingPayment,
                action: Action::ExpireUnpaid,
                actor: None,
                note: None,
                at: now,
            };
            match cases::transition(txn, &step).await {
                Ok(_) => {}
                Err(cases::StepError::Db(e)) => return Err(e.into()),
                Err(_) => return Err(VisaError::InvalidTransition),
            }
            applications::deactivate(txn, case_id).await?;
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: "visa.expire_unpaid",
                    object_type: "visa_case",
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
            Ok(false) | Err(VisaError::InvalidTransition) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Runs [`expire_unpaid`] and the expiry of unused e-Visas every minute.
pub fn spawn_worker(db: db::Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let now = jiff::Timestamp::now();
            if let Err(e) = expire_unpaid(&db, now).await {
                tracing::warn!(error = %e, "visa unpaid expiry failed");
            }
            if let Err(e) = super::evisa_ops::expire_unused(&db, super::today(now)).await {
                tracing::warn!(error = %e, "e-Visa expiry failed");
            }
        }
    })
}
