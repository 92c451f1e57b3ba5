//! Verifying a signed payload as a third party would, for every kind of
//! document: the signature with the published keys, then the document's
//! status now from the service that issued it. Each service registers a
//! [`StatusLookup`] for its kinds (as it registers a settler for bills).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::DbErr;

use super::{VerifyError, api};
use crate::db::Db;

/// The signed data of a document.
pub type Data = serde_json::Map<String, serde_json::Value>;

/// A future returned by a lookup.
pub type LookupFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<&'static str>, DbErr>> + Send + 'a>>;

/// A service's answer to "what is this document's status now?".
pub trait StatusLookup: Send + Sync {
    /// The status at `now` of the document `data` signs (e.g. `valid`,
    /// `revoked`, `expired`), or `None` when the service knows no such
    /// document.
    fn status<'a>(&'a self, db: &'a Db, data: &'a Data, now: jiff::Timestamp) -> LookupFuture<'a>;
}

/// The lookups of every kind, by claims kind (`e_visa`, `stay_permit`).
#[derive(Clone, Default)]
pub struct Lookups(Arc<HashMap<&'static str, Arc<dyn StatusLookup>>>);

impl std::fmt::Debug for Lookups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Lookups {
    /// Build from (kind, lookup) pairs.
    pub fn new(list: Vec<(&'static str, Arc<dyn StatusLookup>)>) -> Lookups {
        Lookups(Arc::new(list.into_iter().collect()))
    }
}

/// What a verification found.
#[derive(Debug, Clone)]
pub enum Verified {
    /// Genuine: its kind, the signed data and the document's status now.
    Valid {
        /// The claims' kind, e.g. `e_visa`.
        kind: String,
        /// The signed data.
        data: Data,
        /// The status now, as the issuing service says.
        status: &'static str,
    },
    /// Not genuine, with the reason (`malformed`, `unknown_key`,
    /// `bad_signature`, `expired`, `not_yet_valid`, `unknown_kind`,
    /// `unknown_document`).
    Invalid(&'static str),
}

/// Verify a payload with the published keys, then ask the issuing
/// service for the document's status.
pub async fn verify(
    db: &Db,
    lookups: &Lookups,
    qr: &str,
    now: jiff::Timestamp,
) -> Result<Verified, DbErr> {
    let keys = api::published(db).await?;
    let claims = match super::verify(qr.trim(), &keys, now) {
        Ok(c) => c,
        Err(e) => {
            return Ok(Verified::Invalid(match e {
                VerifyError::Malformed => "malformed",
                VerifyError::UnknownKey => "unknown_key",
                VerifyError::BadSignature => "bad_signature",
                VerifyError::Expired => "expired",
                VerifyError::NotYetValid => "not_yet_valid",
            }));
        }
    };
    let Some(lookup) = lookups.0.get(claims.kind.as_str()) else {
        return Ok(Verified::Invalid("unknown_kind"));
    };
    match lookup.status(db, &claims.data, now).await? {
        Some(status) => Ok(Verified::Valid {
            kind: claims.kind,
            data: claims.data,
            status,
        }),
        None => Ok(Verified::Invalid("unknown_document")),
    }
}
