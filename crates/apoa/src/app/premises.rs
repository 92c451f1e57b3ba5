//! Registering premises (lodging accounts) and listing one's own.

use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db, regions};

use super::ApoaError;
use crate::domain::premise::{self, PremiseInput};
use crate::store::premises::{self as store, Premise};

/// Register a premise; it is supervised by its regency's office.
pub async fn register(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    input: PremiseInput,
) -> Result<Premise, ApoaError> {
    policy::authorize(actor, Permission::RegisterPremise).map_err(|_| ApoaError::Forbidden)?;
    let parsed = premise::parse(&input);
    let office = match input.regency.trim() {
        "" => None,
        r => regions::supervising_office(&state.db, r).await?,
    };
    let (new, office) = match (parsed, office) {
        (Err(mut e), None) => {
            e.entry("regency".into()).or_insert("unknown");
            return Err(ApoaError::InvalidInput(e));
        }
        (Err(e), Some(_)) => return Err(ApoaError::InvalidInput(e)),
        (Ok(_), None) => return Err(super::field("regency", "unknown")),
        (Ok(p), Some(o)) => (p, o),
    };
    let now = db::millis(jiff::Timestamp::now());
    let row = Premise {
        id: uuid::Uuid::now_v7().to_string(),
        owner_account_id: actor.id.clone(),
        name: new.name,
        kind: new.kind.as_str().to_owned(),
        address: new.address,
        regency_code: new.regency,
        office_code: office,
        licence_number: new.licence_number,
        created_at: now,
    };
    let row = &row;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        store::insert(txn, row).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "apoa.premise.register",
                object_type: "apoa_premise",
                object_id: &row.id,
                office: Some(&row.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "kind": row.kind, "regency": row.regency_code }),
            },
        )
        .await?;
        Ok::<_, ApoaError>(())
    })
    .await?;
    Ok(row.clone())
}

/// The actor's own premises.
pub async fn list_own(state: &AppState, actor: &Actor) -> Result<Vec<Premise>, ApoaError> {
    policy::authorize(actor, Permission::RegisterPremise).map_err(|_| ApoaError::Forbidden)?;
    Ok(store::of_owner(&state.db, &actor.id).await?)
}
