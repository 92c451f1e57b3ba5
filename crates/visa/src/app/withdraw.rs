//! Withdrawing: the applicant or the sponsor ends a case before a decision.
//! An unpaid fee bill is cancelled with it (a payment arriving later is
//! refused for refund by the settler); a paid fee is not refunded.

use imigrasi_casework::store::{self as cases, Step};
use imigrasi_casework::{Action, Status};
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, audit, billing, db};

use super::{SERVICE, VisaError};
use crate::store::applications;

/// Withdraw a case (a party of it, while `draft`, `submitted`,
/// `awaiting_payment`, `in_review` or `info_requested`); anyone else
/// [`VisaError::NotFound`], too late [`VisaError::InvalidTransition`].
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<(), VisaError> {
    let case = cases::find_by_register(&state.db, SERVICE, register_number)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(VisaError::NotFound)?;
    let app = applications::find(&state.db, &case.id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let (case, app) = (&case, &app);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let step = Step {
            case_id: &case.id,
            from: case.status,
            action: Action::Withdraw,
            actor: Some(actor),
            note: None,
            at: jiff::Timestamp::now(),
        };
        let to = cases::transition(txn, &step).await?;
        debug_assert_eq!(to, Status::Withdrawn);
        if let Some(code) = &app.billing_code {
            billing::close_unpaid(txn, code, billing::status::CANCELLED).await?;
        }
        applications::deactivate(txn, &case.id).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.withdraw",
                object_type: "visa_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "from": case.status.as_str() }),
            },
        )
        .await?;
        Ok(())
    })
    .await
}
