//! Review decisions: an officer recommends or requests information; a
//! supervisor approves or rejects; on approval the e-Visa is issued with a
//! signed QR payload.

use imigrasi_casework::store::{self as cases, Case, Step};
use imigrasi_casework::{Action, Status};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db, signing};
use sea_orm::ConnectionTrait;

use super::{SERVICE, VisaError, today};
use crate::domain::applicant::FieldErrors;
use crate::domain::evisa;
use crate::store::{applications, evisas, types};

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

    fn needs_reason(self) -> bool {
        !matches!(self, Decision::RecommendApprove | Decision::Approve)
    }
}

/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// Take a decision on a case of the actor's office.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    decision: Decision,
    reason: Option<&str>,
) -> Result<(), VisaError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
        || (decision.needs_reason() && reason.is_none())
    {
        return Err(VisaError::InvalidInput(FieldErrors::from([(
            "reason".to_owned(),
            "invalid",
        )])));
    }
    let case = cases::find_by_register(&state.db, SERVICE, register_number)
        .await?
        .ok_or(VisaError::NotFound)?;
    let office = case.office_code.as_str();
    let permission = match decision {
        Decision::Approve | Decision::Reject => Permission::DecideCase { office },
        _ => Permission::ReviewCase { office },
    };
    policy::authorize(actor, permission).map_err(|_| VisaError::Forbidden)?;
    let case = &case;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let to = cases::transition(
            txn,
            &Step {
                case_id: &case.id,
                from: case.status,
                action: decision.action(),
                actor: Some(actor),
                note: reason,
                at: jiff::Timestamp::now(),
            },
        )
        .await?;
        match to {
            Status::Approved => issue(state, txn, case).await?,
            Status::Rejected => applications::deactivate(txn, &case.id).await?,
            _ => {}
        }
        if to.is_final() {
            crate::notices::decided(txn, case, to.as_str()).await?;
        }
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.decision",
                object_type: "visa_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "status": to.as_str() }),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

/// Issue the e-Visa of an approved case, inside its transaction.
async fn issue(state: &AppState, txn: &impl ConnectionTrait, case: &Case) -> Result<(), VisaError> {
    let app = applications::find(txn, &case.id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let (visa_type, _) = types::find(txn, &app.visa_type)
        .await?
        .ok_or(VisaError::NotFound)?;
    let now = jiff::Timestamp::now();
    let (from, until) = evisa::validity(today(now), visa_type.use_within_days);
    let year = from.year();
    let number = evisa::generate_number(year, &mut rand::rng());
    let data = payload(&number, &app, &from.to_string(), &until.to_string());
    let claims = signing::Claims::new(signing::KIND_E_VISA, now, None, data)
        .map_err(|e| VisaError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
    let qr = state.signing.sign(&claims);
    let record = evisas::EVisa {
        number,
        case_id: case.id.clone(),
        valid_from: from.to_string(),
        valid_until: until.to_string(),
        status: evisa::status::ISSUED.to_owned(),
        qr,
    };
    evisas::insert(
        txn,
        &record,
        &app.passport_index,
        &app.nationality,
        db::millis(now),
    )
    .await?;
    Ok(())
}

/// The `data` of an e-Visa's signed claims (see docs/documents.md).
pub fn payload(
    number: &str,
    app: &applications::Application,
    valid_from: &str,
    valid_until: &str,
) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("number".into(), number.into());
    m.insert(
        "name".into(),
        format!("{} {}", app.given_names, app.surname).into(),
    );
    m.insert("nationality".into(), app.nationality.clone().into());
    m.insert("passport_number".into(), app.passport_number.clone().into());
    m.insert("visa_type".into(), app.visa_type.clone().into());
    m.insert("valid_from".into(), valid_from.into());
    m.insert("valid_until".into(), valid_until.into());
    m
}
