//! Submitting a draft with its fee bill, and handing a case back after a
//! request for information.

use imigrasi_platform::billing::{self, Bill};
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, audit, db};

use super::documents::present;
use super::{CaseError, CaseService};
use crate::store::{self as cases, Case, Step};
use crate::{Action, Status};

/// What submitting gave: the bill to pay.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The bill.
    pub bill: Bill,
    /// `awaiting_payment`, or `in_review` after answering a request.
    pub status: Status,
}

/// Submit a draft (documents complete → `submitted` → `awaiting_payment`
/// with the service's fee bill), or answer a request for information
/// (`info_requested` → `in_review`; the fee was paid already).
pub async fn submit<S: CaseService>(
    service: &S,
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    now: jiff::Timestamp,
) -> Result<Submitted, S::Error> {
    let case = cases::find_by_register(&state.db, S::SERVICE, register_number)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(CaseError::NotFound)?;
    let kinds = present(&state.db, S::SERVICE, &case.id).await?;
    let missing = service.missing_documents(&state.db, &case, &kinds).await?;
    if !missing.is_empty() {
        return Err(CaseError::MissingDocuments(missing).into());
    }
    if case.status == Status::InfoRequested {
        return answer_request::<S>(state, actor, request_id, &case, now).await;
    }
    if case.status != Status::Draft {
        return Err(CaseError::InvalidTransition.into());
    }
    let fee = service.fee(&state.db, &case, now).await?;
    let case = &case;
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
        cases::transition(txn, &step(Status::Draft, Action::Submit))
            .await
            .map_err(CaseError::from)?;
        let mut pay = step(Status::Submitted, Action::RequestPayment);
        pay.actor = None;
        cases::transition(txn, &pay).await.map_err(CaseError::from)?;
        let bill = billing::create(
            txn,
            S::SERVICE,
            &case.id,
            Some(&actor.id),
            fee.amount,
            fee.due,
        )
        .await?;
        service.billed(txn, case, &bill).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: &format!("{}.submit", S::SERVICE),
                object_type: S::OBJECT,
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

async fn answer_request<S: CaseService>(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    case: &Case,
    now: jiff::Timestamp,
) -> Result<Submitted, S::Error> {
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
        cases::transition(txn, &step)
            .await
            .map_err(CaseError::from)?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: &format!("{}.provide_info", S::SERVICE),
                object_type: S::OBJECT,
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
        let bill = billing::latest_for_object(txn, S::SERVICE, &case.id)
            .await?
            .ok_or(CaseError::InvalidTransition)?;
        Ok(Submitted {
            bill,
            status: Status::InReview,
        })
    })
    .await
}
