//! The signed document of a permit (kind `stay_permit`), verified exactly
//! like the e-Visa: `POST /api/v1/documents/verify` and the offline
//! verifier. Only the permit as it now stands verifies as `valid`; an
//! older document of the same permit answers `superseded`.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::signing::lookups::{Data, LookupFuture, StatusLookup};
use imigrasi_platform::{AppState, signing};
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr};

use super::office_zone;
use crate::domain::permit::PermitStatus;
use crate::store::grants::{self, IssuedDocument};
use crate::store::permits::{self, Permit};

/// The `data` of a permit's signed claims (see docs/documents.md).
pub fn payload(p: &Permit) -> Data {
    let mut m = Data::new();
    m.insert("number".into(), p.number.clone().into());
    m.insert("permit_kind".into(), p.kind.clone().into());
    m.insert(
        "name".into(),
        format!("{} {}", p.given_names, p.surname).into(),
    );
    m.insert("nationality".into(), p.nationality.clone().into());
    m.insert("passport_number".into(), p.passport_number.clone().into());
    m.insert("valid_from".into(), p.valid_from.clone().into());
    m.insert(
        "valid_until".into(),
        p.valid_until.clone().unwrap_or_default().into(),
    );
    m
}

/// Sign and store the document of `permit` as it stands, inside `txn`.
pub async fn issue_document(
    state: &AppState,
    txn: &impl ConnectionTrait,
    permit: &Permit,
    case_id: Option<&str>,
    now: Timestamp,
) -> Result<IssuedDocument, DbErr> {
    let claims = signing::Claims::new(signing::KIND_STAY_PERMIT, now, None, payload(permit))
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let doc = IssuedDocument {
        permit_id: permit.id.clone(),
        case_id: case_id.map(str::to_owned),
        qr: state.signing.sign(&claims),
        valid_until: permit.valid_until.clone(),
        issued_at: db::millis(now),
    };
    grants::insert_document(txn, &doc).await?;
    Ok(doc)
}

/// The status of a signed permit now: `valid`, `expired`, `cancelled`,
/// `converted`, or `superseded` when the permit has changed since.
pub fn status_of(permit: &Permit, signed: &Data, today: jiff::civil::Date) -> &'static str {
    let text = |k: &str| signed.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    match PermitStatus::parse(&permit.status) {
        Some(PermitStatus::Cancelled) => "cancelled",
        Some(PermitStatus::Converted) => "converted",
        Some(PermitStatus::Expired) => "expired",
        _ if text("valid_until") != permit.valid_until.as_deref().unwrap_or_default()
            || text("permit_kind") != permit.kind =>
        {
            "superseded"
        }
        _ => match permit.valid_until.as_deref().and_then(|d| d.parse().ok()) {
            Some(end) if today > end => "expired",
            _ => "valid",
        },
    }
}

/// Answers verifiers for kind `stay_permit`.
#[derive(Debug, Clone, Copy)]
pub struct PermitLookup;

impl StatusLookup for PermitLookup {
    fn status<'a>(&'a self, db: &'a Db, data: &'a Data, now: Timestamp) -> LookupFuture<'a> {
        Box::pin(async move {
            let number = data
                .get("number")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let Some(permit) = permits::find_by_number(db, number).await? else {
                return Ok(None);
            };
            let zone = office_zone(db, &permit.office_code).await?;
            Ok(Some(status_of(&permit, data, zone.local_date(now))))
        })
    }
}
