//! Administrators edit and retire indices of the visa index (audited).

use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};

use super::VisaError;
use crate::domain::applicant::FieldErrors;
use crate::domain::visa_type::{self, VisaType};
use crate::store::types;

/// Create or replace an index; `retire` takes it out of the index in force.
pub async fn put_type(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    t: VisaType,
    retire: bool,
) -> Result<(), VisaError> {
    policy::authorize(actor, Permission::ManageVisaIndex).map_err(|_| VisaError::Forbidden)?;
    let bad = visa_type::check(&t, |k| state.documents.kinds.find(k).is_some());
    if !bad.is_empty() {
        return Err(VisaError::InvalidInput(
            bad.into_iter()
                .map(|(f, r)| (f.to_owned(), r))
                .collect::<FieldErrors>(),
        ));
    }
    let now = db::millis(jiff::Timestamp::now());
    let t = &t;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        types::upsert(txn, t, retire.then_some(now), now).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.type_update",
                object_type: "visa_type",
                object_id: &t.code,
                office: None,
                request_id: Some(request_id),
                detail: serde_json::json!({ "fee": t.fee, "retired": retire,
                    "sponsor": t.sponsor.as_str(), "stay_days": t.stay_days }),
            },
        )
        .await?;
        Ok(())
    })
    .await
}
