//! The stay service's answer to "which permissions to stay does this
//! passport hold?" (`platform::permits`): its stay permits, with their
//! last valid day and the regency of the holder's registered address.

use imigrasi_platform::db::Db;
use imigrasi_platform::permits::{KnownPermit, PassportKey, PermitsFuture, PermitsOfPassport};

use crate::domain::permit::PermitStatus;
use crate::store::known_permits;
use crate::store::permits::Permit;

/// The stay permits as permissions to stay.
#[derive(Debug, Clone, Copy, Default)]
pub struct StayPermits;

/// A permit as a permission to stay: no end while an application about
/// it is being decided (its holder may stay meanwhile) or for a GCI.
pub fn known(p: Permit) -> KnownPermit {
    let in_process = p.status == PermitStatus::InProcess.as_str();
    KnownPermit {
        valid_until: p
            .valid_until
            .as_deref()
            .filter(|_| !in_process)
            .and_then(|d| d.parse().ok()),
        passport: PassportKey {
            index: p.passport_index,
            nationality: p.nationality,
        },
        source: "stay_permit",
        kind: p.kind,
        number: p.number,
        regency: Some(p.regency_code),
    }
}

impl PermitsOfPassport for StayPermits {
    fn permits<'a>(&'a self, db: &'a Db, passports: &'a [PassportKey]) -> PermitsFuture<'a> {
        Box::pin(async move {
            let found = known_permits::of_passports(db, passports).await?;
            Ok(found.into_iter().map(known).collect())
        })
    }
}
