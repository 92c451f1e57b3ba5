//! Verifying a document's signed QR payload, as a third party would: the
//! platform checks the signature and asks the issuing service for the
//! status; this module is Visa Online's answer for e-Visas.

use imigrasi_platform::db::Db;
use imigrasi_platform::signing::lookups::{self, Data, LookupFuture, StatusLookup};
use imigrasi_platform::{AppState, signing};

pub use imigrasi_platform::signing::lookups::Verified;

use super::{VisaError, today};
use crate::domain::evisa;
use crate::store::evisas;

/// Verify a payload of any registered kind (the route and the page).
pub async fn verify(state: &AppState, qr: &str) -> Result<Verified, VisaError> {
    Ok(lookups::verify(&state.db, &state.lookups, qr, jiff::Timestamp::now()).await?)
}

/// An e-Visa's status now: `valid`, `revoked`, `expired` or `used`.
#[derive(Debug, Clone, Copy)]
pub struct EVisaLookup;

impl StatusLookup for EVisaLookup {
    fn status<'a>(&'a self, db: &'a Db, data: &'a Data, now: jiff::Timestamp) -> LookupFuture<'a> {
        Box::pin(async move {
            let number = data
                .get("number")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let Some(stored) = evisas::find(db, number).await? else {
                return Ok(None);
            };
            let until = stored
                .valid_until
                .parse::<jiff::civil::Date>()
                .unwrap_or(jiff::civil::Date::MIN);
            Ok(Some(evisa::effective_status(
                &stored.status,
                until,
                today(now),
            )))
        })
    }
}

/// The claims kind this lookup answers.
pub const KIND: &str = signing::KIND_E_VISA;
