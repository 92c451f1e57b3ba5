//! The receipt of a report (STTPOA): its number, the guest and the stay as
//! reported, and a signed QR payload (kind `apoa_receipt`) that any verifier
//! checks like an e-Visa's, offline with the published keys or online with
//! `POST /api/v1/documents/verify`, which asks [`ReceiptLookup`] for the
//! report's status now.
//!
//! The payload is signed over the report's current version with the
//! version's time as its issue time, so the same version always gives the
//! same payload (Ed25519 is deterministic; the data is a sorted map) and
//! nothing needs storing; an amendment gives a new payload and the old one
//! then verifies as `superseded`.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::signing::lookups::{Data, LookupFuture, StatusLookup};
use imigrasi_platform::{AppState, signing};
use sea_orm::DbErr;

use super::{ApoaError, Reporter, office_zone, premise_for};
use crate::store::lists;
use crate::store::premises::{self as premise_store, Premise};
use crate::store::stays::{self, CANCELLED, CHECKED_OUT, Stay};

/// A report's receipt as the reporter sees it.
#[derive(Debug, Clone)]
pub struct Receipt {
    /// The report.
    pub stay: Stay,
    /// Its premise.
    pub premise: Premise,
    /// The signed payload for the QR code.
    pub qr: String,
    /// The report's status now, as a verifier would read it.
    pub status: &'static str,
    /// The premise office's time zone (the receipt's local times).
    pub zone: imigrasi_core::OfficeZone,
}

/// The signed data of a receipt (see docs/documents.md): what a verifier
/// compares with the guest's passport and the premise.
pub fn payload(stay: &Stay, premise: &Premise, zone: imigrasi_core::OfficeZone) -> Data {
    let mut m = Data::new();
    m.insert("number".into(), stay.receipt_number.clone().into());
    m.insert("version".into(), stay.version.into());
    m.insert(
        "name".into(),
        format!("{} {}", stay.given_names, stay.surname)
            .trim()
            .to_owned()
            .into(),
    );
    m.insert("nationality".into(), stay.nationality.clone().into());
    m.insert(
        "passport_number".into(),
        stay.passport_number.clone().into(),
    );
    m.insert("premise".into(), premise.name.clone().into());
    m.insert("regency".into(), premise.regency_code.clone().into());
    let check_in = zone.local_date(db::from_millis(stay.check_in)).to_string();
    m.insert("check_in".into(), check_in.into());
    m.insert(
        "expected_check_out".into(),
        stay.expected_check_out.clone().into(),
    );
    m
}

/// The signed payload of the report as it stands.
pub fn sign(
    state: &AppState,
    stay: &Stay,
    premise: &Premise,
    zone: imigrasi_core::OfficeZone,
) -> String {
    let issued = db::from_millis(stay.updated_at);
    match signing::Claims::new(
        signing::KIND_APOA_RECEIPT,
        issued,
        None,
        payload(stay, premise, zone),
    ) {
        Ok(claims) => state.signing.sign(&claims),
        // The kind is a valid constant and there is no expiry: unreachable.
        Err(e) => unreachable!("receipt claims: {e}"),
    }
}

/// A report's status for a verifier: `valid` (the guest is reported in),
/// `checked_out`, `cancelled`, or `superseded` when the report was amended
/// after this payload was signed.
pub fn status_of(stay: &Stay, signed_version: Option<i64>) -> &'static str {
    if stay.status == CANCELLED {
        "cancelled"
    } else if signed_version.is_some_and(|v| v != i64::from(stay.version)) {
        "superseded"
    } else if stay.status == CHECKED_OUT {
        "checked_out"
    } else {
        "valid"
    }
}

/// The receipt of report `id`, for its premise's owner or key.
pub async fn receipt(
    state: &AppState,
    reporter: &Reporter,
    id: &str,
) -> Result<Receipt, ApoaError> {
    let stay = stays::find(&state.db, id.trim())
        .await?
        .ok_or(ApoaError::NotFound)?;
    let premise = premise_for(&state.db, reporter, &stay.premise_id).await?;
    let zone = office_zone(&state.db, &premise.office_code).await?;
    let qr = sign(state, &stay, &premise, zone);
    let status = status_of(&stay, None);
    Ok(Receipt {
        stay,
        premise,
        qr,
        status,
        zone,
    })
}

/// Answers verifiers for kind `apoa_receipt`.
#[derive(Debug, Clone, Copy)]
pub struct ReceiptLookup;

impl StatusLookup for ReceiptLookup {
    fn status<'a>(&'a self, db: &'a Db, data: &'a Data, _now: jiff::Timestamp) -> LookupFuture<'a> {
        Box::pin(async move {
            let number = data
                .get("number")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let Some(stay) = lists::find_by_receipt(db, number).await? else {
                return Ok(None);
            };
            // The premise must still be the one signed for.
            let premise = premise_store::find(db, &stay.premise_id).await?;
            if premise.is_none() {
                return Ok::<_, DbErr>(None);
            }
            let version = data.get("version").and_then(serde_json::Value::as_i64);
            Ok(Some(status_of(&stay, Some(version.unwrap_or(0)))))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stay(status: &str, version: i32) -> Stay {
        Stay {
            id: "s".into(),
            premise_id: "p".into(),
            receipt_number: "STTPOA-2026-ABCDEFGH".into(),
            version,
            status: status.into(),
            source: "typed".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA MARIA".into(),
            nationality: "UTO".into(),
            passport_number: "L898902C3".into(),
            passport_index: "i".into(),
            passport_expiry: "2030-04-15".into(),
            birth_date: "1974-08-12".into(),
            sex: "F".into(),
            entry_date: "2026-11-30".into(),
            entry_port: Some("DPS".into()),
            check_in: 1_796_083_200_000,
            check_in_date: "2026-12-01".into(),
            expected_check_out: "2026-12-05".into(),
            check_out: None,
            room: None,
            permit_kind: None,
            permit_number: None,
            purpose: "tourism".into(),
            group_head_id: None,
            late: false,
            reported_by_account: None,
            reported_by_key: None,
            created_at: 0,
            updated_at: 0,
            cancelled_at: None,
            cancel_reason: None,
        }
    }

    #[test]
    fn status_follows_the_report_and_its_version() {
        assert_eq!(status_of(&stay("checked_in", 1), Some(1)), "valid");
        assert_eq!(status_of(&stay("checked_out", 1), Some(1)), "checked_out");
        assert_eq!(status_of(&stay("checked_in", 2), Some(1)), "superseded");
        assert_eq!(status_of(&stay("checked_out", 2), Some(1)), "superseded");
        assert_eq!(status_of(&stay("cancelled", 2), Some(1)), "cancelled");
        assert_eq!(status_of(&stay("checked_in", 3), None), "valid");
    }

    #[test]
    fn payload_names_the_guest_the_premise_and_the_version() {
        let p = Premise {
            id: "p".into(),
            owner_account_id: "a".into(),
            name: "Wisma Sanur".into(),
            kind: "guest_house".into(),
            address: "Jl. Danau Tamblingan 1".into(),
            regency_code: "51.71".into(),
            office_code: "DENPASAR".into(),
            licence_number: None,
            created_at: 0,
        };
        let d = payload(
            &stay("checked_in", 2),
            &p,
            imigrasi_core::OfficeZone::Makassar,
        );
        assert_eq!(d["number"], "STTPOA-2026-ABCDEFGH");
        assert_eq!(d["version"], 2);
        assert_eq!(d["name"], "ANNA MARIA ERIKSSON");
        assert_eq!(d["premise"], "Wisma Sanur");
        assert_eq!(d["check_in"], "2026-12-01");
        assert_eq!(d["expected_check_out"], "2026-12-05");
        assert!(
            !d.contains_key("entry_port"),
            "the port of entry stays out of the QR code"
        );
    }
}
