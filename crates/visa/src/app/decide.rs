//! Review decisions and withdrawal on the shared casework flows: an
//! officer recommends or requests information; a supervisor (not the
//! recommender) approves (the e-Visa is issued, see [`super::cases`]) or
//! rejects; the applicant or the sponsor may withdraw before a decision.

use imigrasi_casework::app::{self as casework, Decide};
use imigrasi_platform::AppState;
use imigrasi_platform::policy::Actor;

use super::VisaError;
use super::cases::VisaCases;

pub use imigrasi_casework::app::{Decision, MAX_REASON_CHARS};

/// Take a decision on a case of the actor's office (see
/// `casework::app::decide`).
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    decision: Decision,
    reason: Option<&str>,
) -> Result<(), VisaError> {
    let asked = Decide {
        register_number,
        decision,
        reason,
    };
    let now = jiff::Timestamp::now();
    casework::decide(&VisaCases, state, actor, request_id, asked, now).await?;
    Ok(())
}

/// Withdraw a case (a party of it, before a decision; see
/// `casework::app::withdraw`): anyone else [`VisaError::NotFound`], too
/// late `invalid_transition`. An unpaid fee bill is cancelled with it; a
/// paid fee is not refunded.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<(), VisaError> {
    let now = jiff::Timestamp::now();
    casework::withdraw(&VisaCases, state, actor, request_id, register_number, now).await
}
