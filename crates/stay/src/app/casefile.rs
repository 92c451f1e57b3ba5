//! Reading applications: the parties (holder, the permit's sponsor, the
//! new sponsor of a sponsor change) see theirs; staff of the supervising
//! office see the office's queue and files (every staff read audited).

use imigrasi_casework::Status;
use imigrasi_casework::store::{self as cases, Case, QueueFilter, TimelineEntry};
use imigrasi_platform::billing::{self, Bill};
use imigrasi_platform::documents::{Document, store as doc_store};
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db};

use super::{SERVICE, StayError};
use crate::store::appearances::{self, Appearance};
use crate::store::applications::{self, Application};
use crate::store::grants::{self, IssuedDocument};
use crate::store::permits::{self, Permit};

/// A whole application file.
#[derive(Debug, Clone)]
pub struct AppFile {
    /// The case.
    pub case: Case,
    /// The stay side.
    pub application: Application,
    /// The permit it is about.
    pub permit: Permit,
    /// Attached documents.
    pub documents: Vec<Document>,
    /// Every step.
    pub timeline: Vec<TimelineEntry>,
    /// The fee bill, once submitted.
    pub bill: Option<Bill>,
    /// The signed permit document, once approved.
    pub issued: Option<IssuedDocument>,
    /// The number of the permit it signs (a status change's new one).
    pub issued_permit_number: Option<String>,
    /// Appearances at the office asked for, newest first.
    pub appearances: Vec<Appearance>,
}

fn is_new_sponsor(actor: &Actor, app: &Application) -> bool {
    actor.role == Role::Sponsor && app.new_sponsor_account_id.as_deref() == Some(actor.id.as_str())
}

/// Read an application file: a party, or staff of the supervising office
/// (audited `stay.application_read`); anyone else [`StayError::NotFound`].
pub async fn view(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<AppFile, StayError> {
    let case = cases::find_by_register(&state.db, SERVICE, register_number)
        .await?
        .ok_or(StayError::NotFound)?;
    let application = applications::find(&state.db, &case.id)
        .await?
        .ok_or(StayError::NotFound)?;
    if !case.is_party(actor) && !is_new_sponsor(actor, &application) {
        let office = case.office_code.as_str();
        policy::authorize(actor, Permission::ReadOfficePersonalData { office })
            .map_err(|_| StayError::NotFound)?;
        let case = &case;
        db::write(&state.db, |txn| async move {
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "stay.application_read",
                    object_type: "stay_application",
                    object_id: &case.register_number,
                    office: Some(&case.office_code),
                    request_id: Some(request_id),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            Ok::<_, StayError>(())
        })
        .await?;
    }
    let permit = permits::find_by_id(&state.db, &application.permit_id)
        .await?
        .ok_or(StayError::NotFound)?;
    let documents = doc_store::list_for_object(&state.db, SERVICE, &case.id).await?;
    let timeline = cases::timeline(&state.db, &case.id).await?;
    let bill = billing::latest_for_object(&state.db, SERVICE, &case.id).await?;
    let issued = match case.status {
        Status::Approved => grants::document_of_case(&state.db, &case.id).await?,
        _ => None,
    };
    let appearances = appearances::of_case(&state.db, &case.id).await?;
    let issued_permit_number = match &issued {
        Some(d) if d.permit_id != permit.id => permits::find_by_id(&state.db, &d.permit_id)
            .await?
            .map(|p| p.number),
        Some(_) => Some(permit.number.clone()),
        None => None,
    };
    Ok(AppFile {
        case,
        application,
        permit,
        documents,
        timeline,
        bill,
        issued,
        issued_permit_number,
        appearances,
    })
}

/// A line of a list (no personal data).
#[derive(Debug, Clone)]
pub struct Summary {
    /// The case.
    pub case: Case,
    /// The application's kind.
    pub kind: String,
}

/// The actor's applications (a party, and a sponsor's offered changes),
/// or the office's queue (staff, optionally of one status).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &QueueFilter,
) -> Result<Vec<Summary>, StayError> {
    let mut found = match (actor.role, actor.office.as_deref()) {
        (Role::Officer | Role::Supervisor, Some(office)) => {
            policy::authorize(actor, Permission::ReviewCase { office })
                .map_err(|_| StayError::Forbidden)?;
            cases::list_for_office(&state.db, SERVICE, office, filter).await?
        }
        (Role::Foreigner | Role::Sponsor, _) => {
            cases::list_for_party(&state.db, SERVICE, actor).await?
        }
        _ => return Err(StayError::Forbidden),
    };
    if actor.role == Role::Sponsor {
        for number in applications::offered_to_sponsor(&state.db, &actor.id).await? {
            if !found.iter().any(|c| c.register_number == number)
                && let Some(c) = cases::find_by_register(&state.db, SERVICE, &number).await?
            {
                found.push(c);
            }
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for case in found {
        if let Some(app) = applications::find(&state.db, &case.id).await? {
            out.push(Summary {
                case,
                kind: app.kind,
            });
        }
    }
    Ok(out)
}
