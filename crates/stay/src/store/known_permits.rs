//! The stay permits of passports, as permissions to stay
//! (`platform::permits`).

use imigrasi_platform::db;
use imigrasi_platform::permits::{PassportKey, passport_filter};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::permits::{Permit, from_row};
use crate::domain::permit::PermitStatus;

/// The permits of any of `passports` that are active, being decided or
/// expired (cancelled and converted ones give no permission to stay).
pub async fn of_passports(
    c: &impl ConnectionTrait,
    passports: &[PassportKey],
) -> Result<Vec<Permit>, DbErr> {
    let (filter, mut values) = passport_filter(passports, "passport_index", "nationality");
    let n = values.len();
    for s in [
        PermitStatus::Active,
        PermitStatus::InProcess,
        PermitStatus::Expired,
    ] {
        values.push(Value::from(s.as_str()));
    }
    let sql = format!(
        "SELECT * FROM stay_permits WHERE {filter} AND status IN (${}, ${}, ${})",
        n + 1,
        n + 2,
        n + 3
    );
    db::all_as(c, &sql, values, from_row).await
}
