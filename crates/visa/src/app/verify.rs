//! Verifying a document's signed QR payload, as a third party would.

use imigrasi_platform::{AppState, signing};

use super::{VisaError, today};
use crate::domain::evisa;
use crate::store::evisas;

/// What a verification found.
#[derive(Debug, Clone)]
pub enum Verified {
    /// Genuine: the claims' data and the e-Visa's status now.
    Valid {
        /// The signed data.
        data: serde_json::Map<String, serde_json::Value>,
        /// `valid`, `revoked`, `expired` or `used`.
        status: &'static str,
    },
    /// Not genuine, with the reason (`malformed`, `unknown_key`,
    /// `bad_signature`, `expired`, `not_yet_valid`, `unknown_kind`,
    /// `unknown_document`).
    Invalid(&'static str),
}

/// Verify a payload with the published keys, then look up its status.
pub async fn verify(state: &AppState, qr: &str) -> Result<Verified, VisaError> {
    let keys = signing::api::published(&state.db).await?;
    let now = jiff::Timestamp::now();
    let claims = match signing::verify(qr.trim(), &keys, now) {
        Ok(c) => c,
        Err(e) => {
            return Ok(Verified::Invalid(match e {
                signing::VerifyError::Malformed => "malformed",
                signing::VerifyError::UnknownKey => "unknown_key",
                signing::VerifyError::BadSignature => "bad_signature",
                signing::VerifyError::Expired => "expired",
                signing::VerifyError::NotYetValid => "not_yet_valid",
            }));
        }
    };
    if claims.kind != signing::KIND_E_VISA {
        return Ok(Verified::Invalid("unknown_kind"));
    }
    let number = claims
        .data
        .get("number")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let Some(stored) = evisas::find(&state.db, number).await? else {
        return Ok(Verified::Invalid("unknown_document"));
    };
    let until = stored
        .valid_until
        .parse::<jiff::civil::Date>()
        .unwrap_or(jiff::civil::Date::MIN);
    Ok(Verified::Valid {
        status: evisa::effective_status(&stored.status, until, today(now)),
        data: claims.data,
    })
}
