//! The officers' lists of permits (ending soon, overstaying, in process)
//! and the sponsor's dashboard, by end date.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::permits::{Permit, from_row};
use crate::domain::permit::PermitStatus;

/// The end date as sorted: a GCI (no end) last.
const END_KEY: &str = "COALESCE(valid_until, '9999-12-31')";

/// Which permits an officers' list holds, before the exact date check in
/// the office's zone (done by the use case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Active, ending between the two dates (inclusive).
    ActiveEndingBetween(String, String),
    /// Active or expired, ended on or before the date.
    EndedBy(String),
    /// In process.
    InProcess,
}

/// One page of permits matching `filter`, supervised by `office` (all
/// offices when `None`), by end date then number, after the permit
/// `after` (its end date and number).
pub async fn officer_list(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    filter: &Filter,
    after: Option<(&str, &str)>,
    limit: u32,
) -> Result<Vec<Permit>, DbErr> {
    let (after_key, after_number) = after.unwrap_or(("", ""));
    let mut values = vec![
        Value::from(office.unwrap_or_default()),
        Value::from(office.is_none()),
        Value::from(after_key),
        Value::from(after_number),
        Value::from(i64::from(limit)),
    ];
    let condition = match filter {
        Filter::ActiveEndingBetween(from, to) => {
            values.push(Value::from(PermitStatus::Active.as_str()));
            values.push(Value::from(from.clone()));
            values.push(Value::from(to.clone()));
            "status = $6 AND valid_until >= $7 AND valid_until <= $8"
        }
        Filter::EndedBy(by) => {
            values.push(Value::from(PermitStatus::Active.as_str()));
            values.push(Value::from(PermitStatus::Expired.as_str()));
            values.push(Value::from(by.clone()));
            "status IN ($6, $7) AND valid_until <= $8"
        }
        Filter::InProcess => {
            values.push(Value::from(PermitStatus::InProcess.as_str()));
            "status = $6"
        }
    };
    let sql = format!(
        "SELECT * FROM stay_permits
         WHERE (office_code = $1 OR $2) AND {condition}
           AND ({END_KEY} > $3 OR ({END_KEY} = $3 AND number > $4))
         ORDER BY {END_KEY}, number LIMIT $5"
    );
    db::all_as(c, &sql, values, from_row).await
}

/// The sort key of a permit in these lists (its end date, or the GCI's).
pub fn end_key(p: &Permit) -> String {
    p.valid_until
        .clone()
        .unwrap_or_else(|| "9999-12-31".to_owned())
}

/// The permits a sponsor account sponsors that are not closed (cancelled
/// or converted), by end date then number; at most `limit`.
pub async fn sponsored(
    c: &impl ConnectionTrait,
    account_id: &str,
    limit: u32,
) -> Result<Vec<Permit>, DbErr> {
    let sql = format!(
        "SELECT * FROM stay_permits
         WHERE sponsor_account_id = $1 AND status NOT IN ($2, $3)
         ORDER BY {END_KEY}, number LIMIT $4"
    );
    db::all_as(
        c,
        &sql,
        [
            Value::from(account_id),
            Value::from(PermitStatus::Cancelled.as_str()),
            Value::from(PermitStatus::Converted.as_str()),
            Value::from(i64::from(limit)),
        ],
        from_row,
    )
    .await
}
