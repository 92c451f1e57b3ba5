//! Decisions on a case: an officer recommends or asks for more, a
//! supervisor (not the recommender) approves or rejects; the applicant or
//! sponsor may withdraw before a decision.

use imigrasi_platform::billing;
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};

use super::{CaseError, CaseService};
use crate::store::{self as cases, Step};
use crate::{Action, Status};

/// A decision as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Officer: recommend approval.
    RecommendApprove,
    /// Officer: recommend rejection.
    RecommendReject,
    /// Officer: ask the applicant for more.
    RequestInfo,
    /// Supervisor: approve.
    Approve,
    /// Supervisor: reject.
    Reject,
}

impl Decision {
    /// Parse the API's name.
    pub fn parse(s: &str) -> Option<Decision> {
        Some(match s {
            "recommend_approve" => Decision::RecommendApprove,
            "recommend_reject" => Decision::RecommendReject,
            "request_info" => Decision::RequestInfo,
            "approve" => Decision::Approve,
            "reject" => Decision::Reject,
            _ => return None,
        })
    }

    fn action(self) -> Action {
        match self {
            Decision::RecommendApprove => Action::RecommendApprove,
            Decision::RecommendReject => Action::RecommendReject,
            Decision::RequestInfo => Action::RequestInfo,
            Decision::Approve => Action::Approve,
            Decision::Reject => Action::Reject,
        }
    }

    /// Whether a reason must be given (all but approvals).
    pub fn needs_reason(self) -> bool {
        !matches!(self, Decision::RecommendApprove | Decision::Approve)
    }
}

/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// A decision on one case, as asked.
#[derive(Debug, Clone, Copy)]
pub struct Decide<'a> {
    /// The case.
    pub register_number: &'a str,
    /// What is decided.
    pub decision: Decision,
    /// Why (required but for approvals).
    pub reason: Option<&'a str>,
}

/// The reason as kept (trimmed; `None` when blank), or the refusal: too
/// long, a control character (but line breaks and tabs when `multiline`),
/// or missing where the decision needs one.
pub fn checked_reason(
    decision: Decision,
    reason: Option<&str>,
    multiline: bool,
) -> Result<Option<&str>, CaseError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let refused = |c: char| c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r'));
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS || r.chars().any(refused))
        || (decision.needs_reason() && reason.is_none())
    {
        return Err(CaseError::InvalidInput("reason", "invalid"));
    }
    Ok(reason)
}

/// Take a decision on a case of the actor's office; returns the new status.
pub async fn decide<S: CaseService>(
    service: &S,
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    asked: Decide<'_>,
    now: jiff::Timestamp,
) -> Result<Status, S::Error> {
    let Decide {
        register_number,
        decision,
        reason,
    } = asked;
    let reason = checked_reason(decision, reason, S::MULTILINE_REASONS)?;
    let case = super::find::<S>(&state.db, register_number).await?;
    let office = case.office_code.as_str();
    let permission = match decision {
        Decision::Approve | Decision::Reject => Permission::DecideCase { office },
        _ => Permission::ReviewCase { office },
    };
    policy::authorize(actor, permission).map_err(|_| CaseError::Forbidden)?;
    let case = &case;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let step = Step {
            case_id: &case.id,
            from: case.status,
            action: decision.action(),
            actor: Some(actor),
            note: reason,
            at: now,
        };
        let to = cases::transition(txn, &step)
            .await
            .map_err(CaseError::from)?;
        if to == Status::Approved {
            service.approved(state, txn, case, now).await?;
        }
        if to.is_final() {
            service.closed(txn, &case.id, to).await?;
        }
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: &format!("{}.decision", S::SERVICE),
                object_type: S::OBJECT,
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "status": to.as_str() }),
            },
        )
        .await?;
        Ok(to)
    })
    .await
}

/// Withdraw a case (a party of it, before a decision); anyone else
/// [`CaseError::NotFound`], too late [`CaseError::InvalidTransition`]. An
/// unpaid fee bill is cancelled with it (a payment arriving later is
/// refused for refund by the settler); a paid fee is not refunded.
pub async fn withdraw<S: CaseService>(
    service: &S,
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    now: jiff::Timestamp,
) -> Result<(), S::Error> {
    let case = cases::find_by_register(&state.db, S::SERVICE, register_number)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(CaseError::NotFound)?;
    let case = &case;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let step = Step {
            case_id: &case.id,
            from: case.status,
            action: Action::Withdraw,
            actor: Some(actor),
            note: None,
            at: now,
        };
        let to = cases::transition(txn, &step)
            .await
            .map_err(CaseError::from)?;
        if let Some(bill) = billing::latest_for_object(txn, S::SERVICE, &case.id).await? {
            billing::close_unpaid(txn, &bill.billing_code, billing::status::CANCELLED).await?;
        }
        service.closed(txn, &case.id, to).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: &format!("{}.withdraw", S::SERVICE),
                object_type: S::OBJECT,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_checked() {
        let ok = |d, r, m| checked_reason(d, r, m).ok();
        assert_eq!(ok(Decision::Approve, None, false), Some(None));
        assert_eq!(ok(Decision::Approve, Some("  "), false), Some(None));
        assert_eq!(ok(Decision::Reject, None, false), None);
        assert_eq!(ok(Decision::Reject, Some(" no "), false), Some(Some("no")));
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(ok(Decision::Reject, Some(&long), true), None);
        let lines = "first\nsecond\tthird";
        assert_eq!(ok(Decision::Reject, Some(lines), false), None);
        assert_eq!(ok(Decision::Reject, Some(lines), true), Some(Some(lines)));
        assert_eq!(ok(Decision::Reject, Some("bell\u{7}"), true), None);
    }
}
