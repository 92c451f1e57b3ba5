//! Reading applications: the parties see their own; office staff see the
//! office's (every staff read of a case file is audited).

use imigrasi_casework::Status;
use imigrasi_casework::store::{self as cases, Case, QueueFilter, TimelineEntry};
use imigrasi_platform::billing::{self, Bill};
use imigrasi_platform::documents::{Document, store as doc_store};
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db};

use super::{SERVICE, VisaError};
use crate::store::{applications, evisas};

/// A whole case file.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// The case.
    pub case: Case,
    /// The visa side.
    pub application: applications::Application,
    /// Attached documents.
    pub documents: Vec<Document>,
    /// Every step.
    pub timeline: Vec<TimelineEntry>,
    /// The fee bill, once submitted.
    pub bill: Option<Bill>,
    /// The e-Visa, once approved.
    pub evisa: Option<evisas::EVisa>,
}

/// Read a case file: a party, or staff of the processing office (audited
/// `visa.read`); anyone else [`VisaError::NotFound`].
pub async fn view(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<CaseFile, VisaError> {
    let case = readable(
        state,
        actor,
        request_id,
        register_number,
        serde_json::json!({}),
    )
    .await?;
    load(state, case).await
}

/// The case, when `actor` may read it: a party, or staff of the processing
/// office, whose read is audited `visa.read` with `detail` (what was read);
/// anyone else [`VisaError::NotFound`].
pub async fn readable(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    detail: serde_json::Value,
) -> Result<Case, VisaError> {
    let case = cases::find_by_register(&state.db, SERVICE, register_number)
        .await?
        .ok_or(VisaError::NotFound)?;
    if !case.is_party(actor) {
        let office = case.office_code.as_str();
        policy::authorize(actor, Permission::ReadOfficePersonalData { office })
            .map_err(|_| VisaError::NotFound)?;
        let (case, detail) = (&case, &detail);
        db::write(&state.db, |txn| async move {
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "visa.read",
                    object_type: "visa_application",
                    object_id: &case.register_number,
                    office: Some(&case.office_code),
                    request_id: Some(request_id),
                    detail: detail.clone(),
                },
            )
            .await?;
            Ok::<_, VisaError>(())
        })
        .await?;
    }
    Ok(case)
}

/// The rest of a case file.
pub async fn load(state: &AppState, case: Case) -> Result<CaseFile, VisaError> {
    let application = applications::find(&state.db, &case.id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let documents = doc_store::list_for_object(&state.db, SERVICE, &case.id).await?;
    let timeline = cases::timeline(&state.db, &case.id).await?;
    let bill = match &application.billing_code {
        Some(code) => billing::find(&state.db, code).await?,
        None => None,
    };
    let evisa = evisas::for_case(&state.db, &case.id).await?;
    Ok(CaseFile {
        case,
        application,
        documents,
        timeline,
        bill,
        evisa,
    })
}

/// A line of a list (no personal data).
#[derive(Debug, Clone)]
pub struct Summary {
    /// The case.
    pub case: Case,
    /// Visa index code.
    pub visa_type: String,
}

/// The actor's applications (a party), or the office's queue (staff).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &QueueFilter,
    visa_type: Option<&str>,
) -> Result<Vec<Summary>, VisaError> {
    let found = match (actor.role, actor.office.as_deref()) {
        (Role::Officer | Role::Supervisor, Some(office)) => {
            policy::authorize(actor, Permission::ReviewCase { office })
                .map_err(|_| VisaError::Forbidden)?;
            cases::list_for_office(&state.db, SERVICE, office, filter).await?
        }
        (Role::Foreigner | Role::Sponsor, _) => {
            cases::list_for_party(&state.db, SERVICE, actor).await?
        }
        _ => return Err(VisaError::Forbidden),
    };
    let mut out = Vec::with_capacity(found.len());
    for case in found {
        let Some(app) = applications::find(&state.db, &case.id).await? else {
            continue;
        };
        if visa_type.is_some_and(|t| t != app.visa_type) {
            continue;
        }
        out.push(Summary {
            case,
            visa_type: app.visa_type,
        });
    }
    Ok(out)
}

/// Whether a status is one a queue filter may name.
pub fn queue_status(s: &str) -> Option<Status> {
    Status::parse(s)
}
