//! The `apoa_stays` table: one guest's stay at a premise.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// The guest is in.
pub const CHECKED_IN: &str = "checked_in";
/// The guest has left.
pub const CHECKED_OUT: &str = "checked_out";
/// The report was withdrawn (made in error), with a reason.
pub const CANCELLED: &str = "cancelled";

/// A stay as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Stay {
    /// Id (UUIDv7).
    pub id: String,
    /// The premise.
    pub premise_id: String,
    /// Receipt number (STTPOA).
    pub receipt_number: String,
    /// Version, 1 when reported.
    pub version: i32,
    /// `checked_in` or `checked_out`.
    pub status: String,
    /// `mrz` or `typed`.
    pub source: String,
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Nationality code.
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// Its blind index.
    pub passport_index: String,
    /// Passport expiry, `YYYY-MM-DD`.
    pub passport_expiry: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// `M`, `F` or `X`.
    pub sex: String,
    /// Date of entry, `YYYY-MM-DD`.
    pub entry_date: String,
    /// Port of entry (TPI), if given.
    pub entry_port: Option<String>,
    /// Check-in (ms).
    pub check_in: i64,
    /// Check-in's local date in the premise office's zone, `YYYY-MM-DD`
    /// (one report per guest, premise and date).
    pub check_in_date: String,
    /// Expected check-out, `YYYY-MM-DD`.
    pub expected_check_out: String,
    /// Check-out (ms).
    pub check_out: Option<i64>,
    /// Room.
    pub room: Option<String>,
    /// Visa or permit kind.
    pub permit_kind: Option<String>,
    /// Visa or permit number.
    pub permit_number: Option<String>,
    /// Purpose.
    pub purpose: String,
    /// The stay of the group's or family's head.
    pub group_head_id: Option<String>,
    /// Reported more than 24 hours after check-in.
    pub late: bool,
    /// The account that reported it, if an account did.
    pub reported_by_account: Option<String>,
    /// The API key that reported it, if a key did.
    pub reported_by_key: Option<String>,
    /// Created (ms).
    pub created_at: i64,
    /// Last changed (ms).
    pub updated_at: i64,
    /// Cancelled (ms).
    pub cancelled_at: Option<i64>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

impl std::fmt::Debug for Stay {
    /// Personal data stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stay")
            .field("id", &self.id)
            .field("premise_id", &self.premise_id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

pub(crate) fn from_row(r: &QueryResult) -> Result<Stay, DbErr> {
    Ok(Stay {
        id: db::col(r, "id")?,
        premise_id: db::col(r, "premise_id")?,
        receipt_number: db::col(r, "receipt_number")?,
        version: db::col(r, "version")?,
        status: db::col(r, "status")?,
        source: db::col(r, "source")?,
        surname: db::col(r, "surname")?,
        given_names: db::col(r, "given_names")?,
        nationality: db::col(r, "nationality")?,
        passport_number: db::col(r, "passport_number")?,
        passport_index: db::col(r, "passport_index")?,
        passport_expiry: db::col(r, "passport_expiry")?,
        birth_date: db::col(r, "birth_date")?,
        sex: db::col(r, "sex")?,
        entry_date: db::col(r, "entry_date")?,
        entry_port: db::col(r, "entry_port")?,
        check_in: db::col(r, "check_in")?,
        check_in_date: db::col(r, "check_in_date")?,
        expected_check_out: db::col(r, "expected_check_out")?,
        check_out: db::col(r, "check_out")?,
        room: db::col(r, "room")?,
        permit_kind: db::col(r, "permit_kind")?,
        permit_number: db::col(r, "permit_number")?,
        purpose: db::col(r, "purpose")?,
        group_head_id: db::col(r, "group_head_id")?,
        late: db::col(r, "late")?,
        reported_by_account: db::col(r, "reported_by_account")?,
        reported_by_key: db::col(r, "reported_by_key")?,
        created_at: db::col(r, "created_at")?,
        updated_at: db::col(r, "updated_at")?,
        cancelled_at: db::col(r, "cancelled_at")?,
        cancel_reason: db::col(r, "cancel_reason")?,
    })
}

/// Insert a stay; `false` (nothing written) when the guest's report at
/// this premise for this check-in date exists already (the unique index
/// `apoa_stays_once_a_day`, cancelled reports aside). A receipt number
/// taken is still an error (a unique violation).
pub async fn insert(c: &impl ConnectionTrait, s: &Stay) -> Result<bool, DbErr> {
    let written = db::exec(
        c,
        "INSERT INTO apoa_stays (id, premise_id, receipt_number, version, status, source,
            surname, given_names, nationality, passport_number, passport_index,
            passport_expiry, birth_date, sex, entry_date, check_in, expected_check_out,
            check_out, room, permit_kind, permit_number, purpose, group_head_id, late,
            reported_by_account, reported_by_key, created_at, updated_at, check_in_date,
            entry_port)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
            $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
         ON CONFLICT (premise_id, passport_index, check_in_date) WHERE status <> 'cancelled'
         DO NOTHING",
        [
            Value::from(s.id.clone()),
            Value::from(s.premise_id.clone()),
            Value::from(s.receipt_number.clone()),
            Value::from(s.version),
            Value::from(s.status.clone()),
            Value::from(s.source.clone()),
            Value::from(s.surname.clone()),
            Value::from(s.given_names.clone()),
            Value::from(s.nationality.clone()),
            Value::from(s.passport_number.clone()),
            Value::from(s.passport_index.clone()),
            Value::from(s.passport_expiry.clone()),
            Value::from(s.birth_date.clone()),
            Value::from(s.sex.clone()),
            Value::from(s.entry_date.clone()),
            Value::from(s.check_in),
            Value::from(s.expected_check_out.clone()),
            Value::from(s.check_out),
            Value::from(s.room.clone()),
            Value::from(s.permit_kind.clone()),
            Value::from(s.permit_number.clone()),
            Value::from(s.purpose.clone()),
            Value::from(s.group_head_id.clone()),
            Value::from(s.late),
            Value::from(s.reported_by_account.clone()),
            Value::from(s.reported_by_key.clone()),
            Value::from(s.created_at),
            Value::from(s.updated_at),
            Value::from(s.check_in_date.clone()),
            Value::from(s.entry_port.clone()),
        ],
    )
    .await?;
    Ok(written == 1)
}

/// The live (not cancelled) report of a guest at a premise for a
/// check-in date, if any: its id.
pub async fn same_day(
    c: &impl ConnectionTrait,
    premise_id: &str,
    passport_index: &str,
    check_in_date: &str,
) -> Result<Option<String>, DbErr> {
    let row = db::one(
        c,
        "SELECT id FROM apoa_stays WHERE premise_id = $1 AND passport_index = $2
            AND check_in_date = $3 AND status <> $4",
        [
            Value::from(premise_id),
            Value::from(passport_index),
            Value::from(check_in_date),
            Value::from(CANCELLED),
        ],
    )
    .await?;
    row.map(|r| db::col(&r, "id")).transpose()
}

/// A premise's stays checked in from `from` to `to` (local dates,
/// inclusive), oldest first, at most `limit`.
pub async fn of_premise(
    c: &impl ConnectionTrait,
    premise_id: &str,
    from: &str,
    to: &str,
    limit: u64,
) -> Result<Vec<Stay>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM apoa_stays WHERE premise_id = $1 AND check_in_date >= $2
            AND check_in_date <= $3 ORDER BY check_in, id LIMIT $4",
        [
            Value::from(premise_id),
            Value::from(from),
            Value::from(to),
            Value::from(i64::try_from(limit).unwrap_or(i64::MAX)),
        ],
        from_row,
    )
    .await
}

/// One stay by id.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<Stay>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM apoa_stays WHERE id = $1",
        [Value::from(id)],
        from_row,
    )
    .await
}

/// Record a checked-in stay's check-out; whether it applied (a stay
/// checked out already is left as it was).
pub async fn check_out(
    c: &impl ConnectionTrait,
    id: &str,
    at: i64,
    now: i64,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE apoa_stays SET status = $1, check_out = $2, updated_at = $3
         WHERE id = $4 AND status = $5",
        [
            Value::from(CHECKED_OUT),
            Value::from(at),
            Value::from(now),
            Value::from(id),
            Value::from(CHECKED_IN),
        ],
    )
    .await?
        == 1)
}

/// Write an amended stay over version `from_version`; whether it applied
/// (a concurrent amendment or a cancellation since leaves it as it was).
pub async fn amend(c: &impl ConnectionTrait, s: &Stay, from_version: i32) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE apoa_stays SET version = $1, source = $2, surname = $3, given_names = $4,
            nationality = $5, passport_number = $6, passport_index = $7, passport_expiry = $8,
            birth_date = $9, sex = $10, entry_date = $11, check_in = $12,
            expected_check_out = $13, room = $14, permit_kind = $15, permit_number = $16,
            purpose = $17, updated_at = $18, check_in_date = $22, entry_port = $23
         WHERE id = $19 AND version = $20 AND status <> $21",
        [
            Value::from(s.version),
            Value::from(s.source.clone()),
            Value::from(s.surname.clone()),
            Value::from(s.given_names.clone()),
            Value::from(s.nationality.clone()),
            Value::from(s.passport_number.clone()),
            Value::from(s.passport_index.clone()),
            Value::from(s.passport_expiry.clone()),
            Value::from(s.birth_date.clone()),
            Value::from(s.sex.clone()),
            Value::from(s.entry_date.clone()),
            Value::from(s.check_in),
            Value::from(s.expected_check_out.clone()),
            Value::from(s.room.clone()),
            Value::from(s.permit_kind.clone()),
            Value::from(s.permit_number.clone()),
            Value::from(s.purpose.clone()),
            Value::from(s.updated_at),
            Value::from(s.id.clone()),
            Value::from(from_version),
            Value::from(CANCELLED),
            Value::from(s.check_in_date.clone()),
            Value::from(s.entry_port.clone()),
        ],
    )
    .await?
        == 1)
}

/// Cancel a stay not cancelled yet; whether it applied.
pub async fn cancel(
    c: &impl ConnectionTrait,
    id: &str,
    reason: &str,
    now: i64,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE apoa_stays SET status = $1, cancelled_at = $2, cancel_reason = $3, updated_at = $2
         WHERE id = $4 AND status <> $1",
        [
            Value::from(CANCELLED),
            Value::from(now),
            Value::from(reason),
            Value::from(id),
        ],
    )
    .await?
        == 1)
}
