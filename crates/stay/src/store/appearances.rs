//! The `stay_appearances` table and the places of each session.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::appearance::Status;

/// A stored appearance (personal data: never logged).
#[derive(Clone, PartialEq, Eq)]
pub struct Appearance {
    /// Id (UUIDv7).
    pub id: String,
    /// Public code, e.g. `AP-7K3QX9M2`.
    pub code: String,
    /// The case that asked for it.
    pub case_id: String,
    /// The permit.
    pub permit_id: String,
    /// The supervising office.
    pub office_code: String,
    /// `biometrics` or `interview`.
    pub purpose: String,
    /// Where it stands.
    pub status: Status,
    /// Booked day (`YYYY-MM-DD`).
    pub session_date: Option<String>,
    /// Booked session's name.
    pub session_name: Option<String>,
    /// Booked session's start (ms).
    pub starts_at: Option<i64>,
    /// Booked session's end (ms).
    pub ends_at: Option<i64>,
    /// Blind index of the holder's passport.
    pub person_index: String,
    /// The passport number, masked.
    pub person_masked: String,
    /// The holder's name.
    pub full_name: String,
    /// Asked for (ms).
    pub created_at: i64,
}

impl std::fmt::Debug for Appearance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Appearance")
            .field("code", &self.code)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

fn from_row(r: &QueryResult) -> Result<Appearance, DbErr> {
    let status: String = db::col(r, "status")?;
    Ok(Appearance {
        id: db::col(r, "id")?,
        code: db::col(r, "code")?,
        case_id: db::col(r, "case_id")?,
        permit_id: db::col(r, "permit_id")?,
        office_code: db::col(r, "office_code")?,
        purpose: db::col(r, "purpose")?,
        status: Status::parse(&status)
            .ok_or_else(|| DbErr::Custom(format!("unknown appearance status {status}")))?,
        session_date: db::col(r, "session_date")?,
        session_name: db::col(r, "session_name")?,
        starts_at: db::col(r, "starts_at")?,
        ends_at: db::col(r, "ends_at")?,
        person_index: db::col(r, "person_index")?,
        person_masked: db::col(r, "person_masked")?,
        full_name: db::col(r, "full_name")?,
        created_at: db::col(r, "created_at")?,
    })
}

/// Insert a requested appearance; a unique violation means the case has
/// an open one (or the code was taken).
pub async fn insert(c: &impl ConnectionTrait, a: &Appearance) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_appearances (id, code, case_id, open_case_id, permit_id, office_code,
            purpose, status, person_index, person_masked, full_name, created_at, updated_at)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        [
            Value::from(a.id.clone()),
            Value::from(a.code.clone()),
            Value::from(a.case_id.clone()),
            Value::from(a.permit_id.clone()),
            Value::from(a.office_code.clone()),
            Value::from(a.purpose.clone()),
            Value::from(a.status.as_str()),
            Value::from(a.person_index.clone()),
            Value::from(a.person_masked.clone()),
            Value::from(a.full_name.clone()),
            Value::from(a.created_at),
        ],
    )
    .await?;
    Ok(())
}

/// An appearance by its public code.
pub async fn find_by_code(
    c: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<Appearance>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_appearances WHERE code = $1",
        [Value::from(code)],
        from_row,
    )
    .await
}

/// An appearance by id.
pub async fn find_by_id(c: &impl ConnectionTrait, id: &str) -> Result<Option<Appearance>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_appearances WHERE id = $1",
        [Value::from(id)],
        from_row,
    )
    .await
}

/// The appearances a case asked for, newest first.
pub async fn of_case(c: &impl ConnectionTrait, case_id: &str) -> Result<Vec<Appearance>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM stay_appearances WHERE case_id = $1 ORDER BY created_at DESC",
        [Value::from(case_id)],
        from_row,
    )
    .await
}

/// Take a place of a session (creating its row at `capacity`); answers
/// whether one was free.
pub async fn take_place(
    c: &impl ConnectionTrait,
    office: &str,
    date: &str,
    session: &str,
    capacity: i64,
) -> Result<bool, DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_appearance_sessions (office_code, session_date, session_name, capacity, booked)
         VALUES ($1, $2, $3, $4, 0) ON CONFLICT DO NOTHING",
        [
            Value::from(office),
            Value::from(date),
            Value::from(session),
            Value::from(capacity),
        ],
    )
    .await?;
    Ok(db::exec(
        c,
        "UPDATE stay_appearance_sessions SET booked = booked + 1
         WHERE office_code = $1 AND session_date = $2 AND session_name = $3 AND booked < capacity",
        [Value::from(office), Value::from(date), Value::from(session)],
    )
    .await?
        == 1)
}

/// A booked time.
#[derive(Debug, Clone, Copy)]
pub struct Booked<'a> {
    /// Day.
    pub date: &'a str,
    /// Session name.
    pub session: &'a str,
    /// Start (ms).
    pub starts_at: i64,
    /// End (ms).
    pub ends_at: i64,
}

/// `requested → booked` at a time; answers whether it applied.
pub async fn book(
    c: &impl ConnectionTrait,
    id: &str,
    at: Booked<'_>,
    now: i64,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE stay_appearances SET status = $2, session_date = $3, session_name = $4,
            starts_at = $5, ends_at = $6, updated_at = $7
         WHERE id = $1 AND status = $8",
        [
            Value::from(id),
            Value::from(Status::Booked.as_str()),
            Value::from(at.date),
            Value::from(at.session),
            Value::from(at.starts_at),
            Value::from(at.ends_at),
            Value::from(now),
            Value::from(Status::Requested.as_str()),
        ],
    )
    .await?
        == 1)
}

/// The one writer of an appearance's status: `from → to` (a final status
/// also frees the case for another); answers whether it applied.
pub async fn transition(
    c: &impl ConnectionTrait,
    id: &str,
    from: Status,
    to: Status,
    now: i64,
) -> Result<bool, DbErr> {
    let sql = if to.is_final() {
        "UPDATE stay_appearances SET status = $3, updated_at = $4, open_case_id = NULL
         WHERE id = $1 AND status = $2"
    } else {
        "UPDATE stay_appearances SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2"
    };
    Ok(db::exec(
        c,
        sql,
        [
            Value::from(id),
            Value::from(from.as_str()),
            Value::from(to.as_str()),
            Value::from(now),
        ],
    )
    .await?
        == 1)
}

/// Ids of booked appearances whose session ended by `now`, oldest first.
pub async fn due_no_shows(
    c: &impl ConnectionTrait,
    now: i64,
    limit: u32,
) -> Result<Vec<String>, DbErr> {
    db::all_as(
        c,
        "SELECT id FROM stay_appearances WHERE status = $1 AND ends_at <= $2
         ORDER BY ends_at LIMIT $3",
        [
            Value::from(Status::Booked.as_str()),
            Value::from(now),
            Value::from(i64::from(limit)),
        ],
        |r| db::col(r, "id"),
    )
    .await
}

/// The booked appearances of an office's day: (id, status).
pub async fn of_day(
    c: &impl ConnectionTrait,
    office: &str,
    date: &str,
) -> Result<Vec<(String, Status)>, DbErr> {
    db::all_as(
        c,
        "SELECT id, status FROM stay_appearances WHERE office_code = $1 AND session_date = $2",
        [Value::from(office), Value::from(date)],
        |r| {
            let s: String = db::col(r, "status")?;
            Ok((
                db::col(r, "id")?,
                Status::parse(&s).unwrap_or(Status::Cancelled),
            ))
        },
    )
    .await
}

/// The case ended: its open appearances are cancelled and their booked
/// places given back.
pub async fn cancel_open(c: &impl ConnectionTrait, case_id: &str, now: i64) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE stay_appearance_sessions SET booked = booked - 1
         WHERE booked > 0 AND EXISTS (SELECT 1 FROM stay_appearances a
            WHERE a.case_id = $1 AND a.status = $2
              AND a.office_code = stay_appearance_sessions.office_code
              AND a.session_date = stay_appearance_sessions.session_date
              AND a.session_name = stay_appearance_sessions.session_name)",
        [Value::from(case_id), Value::from(Status::Booked.as_str())],
    )
    .await?;
    db::exec(
        c,
        "UPDATE stay_appearances SET status = $2, open_case_id = NULL, updated_at = $3
         WHERE case_id = $1 AND status IN ($4, $5)",
        [
            Value::from(case_id),
            Value::from(Status::Cancelled.as_str()),
            Value::from(now),
            Value::from(Status::Requested.as_str()),
            Value::from(Status::Booked.as_str()),
        ],
    )
    .await?;
    Ok(())
}

/// The case moved to another office: an appearance not yet booked is to
/// be booked there.
pub async fn move_requested(
    c: &impl ConnectionTrait,
    case_id: &str,
    office: &str,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE stay_appearances SET office_code = $2 WHERE case_id = $1 AND status = $3",
        [
            Value::from(case_id),
            Value::from(office),
            Value::from(Status::Requested.as_str()),
        ],
    )
    .await?;
    Ok(())
}
