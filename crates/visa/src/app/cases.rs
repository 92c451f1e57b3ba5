//! Visa applications on the shared casework flows: the documents the visa
//! type asks for, the fee of the application, and what billing, approving
//! and closing do to the application (the e-Visa, the notice). Every hook
//! runs inside the flow's transaction.

use imigrasi_casework::Status;
use imigrasi_casework::app::{CaseService, Fee};
use imigrasi_casework::store::{self as cases, Case};
use imigrasi_platform::billing::Bill;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::{AppState, signing};
use jiff::{Timestamp, ToSpan};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

use super::{VisaError, payment_days, today};
use crate::domain::evisa;
use crate::domain::visa_type::VisaType;
use crate::store::applications::{self, Application};
use crate::store::{evisas, types};

/// The visa service's casework.
#[derive(Debug, Clone, Copy, Default)]
pub struct VisaCases;

/// The application of a case and its visa type.
async fn load(
    c: &impl ConnectionTrait,
    case_id: &str,
) -> Result<(Application, VisaType), VisaError> {
    let app = applications::find(c, case_id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let (visa_type, _) = types::find(c, &app.visa_type)
        .await?
        .ok_or(VisaError::NotFound)?;
    Ok((app, visa_type))
}

impl CaseService for VisaCases {
    const SERVICE: &'static str = super::SERVICE;
    const OBJECT: &'static str = "visa_application";
    const CASE_OBJECT: &'static str = "visa_case";
    const MULTILINE_REASONS: bool = true;
    type Error = VisaError;

    async fn asks_for(&self, db: &Db, case: &Case, kind: &str) -> Result<bool, VisaError> {
        let app = applications::find(db, &case.id)
            .await?
            .ok_or(VisaError::NotFound)?;
        Ok(types::find(db, &app.visa_type)
            .await?
            .is_some_and(|(t, _)| t.asks_for(kind)))
    }

    async fn missing_documents(
        &self,
        db: &Db,
        case: &Case,
        present: &[String],
    ) -> Result<Vec<String>, VisaError> {
        let (_, visa_type) = load(db, &case.id).await?;
        Ok(visa_type.missing_documents(present))
    }

    async fn fee(&self, db: &Db, case: &Case, now: Timestamp) -> Result<Fee, VisaError> {
        let app = applications::find(db, &case.id)
            .await?
            .ok_or(VisaError::NotFound)?;
        let due = now
            .checked_add((payment_days() * 24).hours())
            .unwrap_or(now);
        Ok(Fee {
            amount: app.fee,
            due,
        })
    }

    async fn billed(
        &self,
        txn: &DatabaseTransaction,
        case: &Case,
        bill: &Bill,
    ) -> Result<(), DbErr> {
        applications::set_bill(txn, &case.id, &bill.billing_code).await
    }

    async fn approved(
        &self,
        state: &AppState,
        txn: &DatabaseTransaction,
        case: &Case,
        now: Timestamp,
    ) -> Result<(), VisaError> {
        issue(state, txn, case, now).await
    }

    async fn closed(
        &self,
        txn: &DatabaseTransaction,
        case_id: &str,
        to: Status,
    ) -> Result<(), DbErr> {
        // An approved application stays active: its e-Visa holds the
        // passport's place until used or expired.
        if to != Status::Approved {
            applications::deactivate(txn, case_id).await?;
        }
        // A supervisor's decision is told; a withdrawal or an expiry is not.
        if matches!(to, Status::Approved | Status::Rejected) {
            let case = cases::find_by_id(txn, case_id)
                .await?
                .ok_or_else(|| DbErr::RecordNotFound(format!("case {case_id}")))?;
            crate::notices::decided(txn, &case, to.as_str()).await?;
        }
        Ok(())
    }
}

/// Issue the e-Visa of an approved case, inside its transaction.
async fn issue(
    state: &AppState,
    txn: &impl ConnectionTrait,
    case: &Case,
    now: Timestamp,
) -> Result<(), VisaError> {
    let (app, visa_type) = load(txn, &case.id).await?;
    let (from, until) = evisa::validity(today(now), visa_type.use_within_days);
    let year = from.year();
    let number = evisa::generate_number(year, &mut rand::rng());
    let data = payload(&number, &app, &from.to_string(), &until.to_string());
    let claims = signing::Claims::new(signing::KIND_E_VISA, now, None, data)
        .map_err(|e| VisaError::Db(DbErr::Custom(e.to_string())))?;
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
    app: &Application,
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
