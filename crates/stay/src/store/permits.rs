//! The `stay_permits` table: the permit register.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::permit::PermitStatus;

/// A stored permit (personal data: never logged).
#[derive(Clone, PartialEq, Eq)]
pub struct Permit {
    /// Id (UUIDv7).
    pub id: String,
    /// Public number, e.g. `IT-2026-7K3QX9M2`.
    pub number: String,
    /// `ITK`, `ITAS`, `ITAP` or `GCI`.
    pub kind: String,
    /// Status machine name.
    pub status: String,
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// Blind index of the passport number.
    pub passport_index: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `M` or `F`.
    pub sex: String,
    /// The holder's e-mail (their account with it sees the permit).
    pub email: String,
    /// The sponsor's account.
    pub sponsor_account_id: Option<String>,
    /// Address line.
    pub address_line: String,
    /// Kemendagri regency code.
    pub regency_code: String,
    /// Supervising office.
    pub office_code: String,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    /// `YYYY-MM-DD`; `None` for a GCI.
    pub valid_until: Option<String>,
    /// Visa index code it came from.
    pub origin_visa: Option<String>,
    /// E-Visa number it came from.
    pub origin_evisa: Option<String>,
    /// Granted from a visa on arrival.
    pub from_visa_on_arrival: bool,
    /// Days added by extensions.
    pub extension_days_used: i64,
    /// Last day of a granted exit re-entry permit.
    pub reentry_until: Option<String>,
    /// An exit permit (EPO) was granted: the permit ends at departure.
    pub exit_permit: bool,
    /// Instant registered (ms UTC).
    pub created_at: i64,
    /// Instant last changed (ms UTC).
    pub updated_at: i64,
}

impl std::fmt::Debug for Permit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Permit")
            .field("number", &self.number)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

pub(crate) fn from_row(r: &QueryResult) -> Result<Permit, DbErr> {
    Ok(Permit {
        id: db::col(r, "id")?,
        number: db::col(r, "number")?,
        kind: db::col(r, "kind")?,
        status: db::col(r, "status")?,
        surname: db::col(r, "surname")?,
        given_names: db::col(r, "given_names")?,
        nationality: db::col(r, "nationality")?,
        passport_number: db::col(r, "passport_number")?,
        passport_index: db::col(r, "passport_index")?,
        birth_date: db::col(r, "birth_date")?,
        sex: db::col(r, "sex")?,
        email: db::col(r, "email")?,
        sponsor_account_id: db::col(r, "sponsor_account_id")?,
        address_line: db::col(r, "address_line")?,
        regency_code: db::col(r, "regency_code")?,
        office_code: db::col(r, "office_code")?,
        valid_from: db::col(r, "valid_from")?,
        valid_until: db::col(r, "valid_until")?,
        origin_visa: db::col(r, "origin_visa")?,
        origin_evisa: db::col(r, "origin_evisa")?,
        from_visa_on_arrival: db::col(r, "from_visa_on_arrival")?,
        extension_days_used: db::col::<i32>(r, "extension_days_used").map(i64::from)?,
        reentry_until: db::col(r, "reentry_until")?,
        exit_permit: db::col(r, "exit_permit")?,
        created_at: db::col(r, "created_at")?,
        updated_at: db::col(r, "updated_at")?,
    })
}

/// Insert a permit. A unique violation means the number was taken.
#[tracing::instrument(skip_all, fields(number = %p.number))]
pub async fn insert(c: &impl ConnectionTrait, p: &Permit) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_permits (id, number, kind, status, surname, given_names, nationality,
            passport_number, passport_index, birth_date, sex, email, sponsor_account_id,
            address_line, regency_code, office_code, valid_from, valid_until, origin_visa,
            origin_evisa, from_visa_on_arrival, extension_days_used, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            $18, $19, $20, $21, $22, $23, $24)",
        [
            Value::from(p.id.clone()),
            Value::from(p.number.clone()),
            Value::from(p.kind.clone()),
            Value::from(p.status.clone()),
            Value::from(p.surname.clone()),
            Value::from(p.given_names.clone()),
            Value::from(p.nationality.clone()),
            Value::from(p.passport_number.clone()),
            Value::from(p.passport_index.clone()),
            Value::from(p.birth_date.clone()),
            Value::from(p.sex.clone()),
            Value::from(p.email.clone()),
            Value::from(p.sponsor_account_id.clone()),
            Value::from(p.address_line.clone()),
            Value::from(p.regency_code.clone()),
            Value::from(p.office_code.clone()),
            Value::from(p.valid_from.clone()),
            Value::from(p.valid_until.clone()),
            Value::from(p.origin_visa.clone()),
            Value::from(p.origin_evisa.clone()),
            Value::from(p.from_visa_on_arrival),
            Value::from(i32::try_from(p.extension_days_used).unwrap_or(i32::MAX)),
            Value::from(p.created_at),
            Value::from(p.updated_at),
        ],
    )
    .await?;
    Ok(())
}

/// The permit with this number.
pub async fn find_by_number(
    c: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<Permit>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_permits WHERE number = $1",
        [Value::from(number)],
        from_row,
    )
    .await
}

/// The permit with this id.
pub async fn find_by_id(c: &impl ConnectionTrait, id: &str) -> Result<Option<Permit>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_permits WHERE id = $1",
        [Value::from(id)],
        from_row,
    )
    .await
}

/// Which permits a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The holder's own, by the e-mail their account has.
    Holder {
        /// Lowercase e-mail.
        email: String,
    },
    /// Those a sponsor account sponsors.
    Sponsor {
        /// The sponsor's account id.
        account_id: String,
    },
    /// Those an office supervises.
    Office {
        /// Office code.
        office: String,
    },
    /// Every permit (administrators).
    All,
}

/// A search among the permits in scope: by permit number, passport number
/// (its blind index) or surname (any case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// A permit number, uppercase.
    pub number: String,
    /// The blind index of the text as a passport number.
    pub passport_index: String,
    /// The text lowercased, as a surname.
    pub surname: String,
}

/// One page of permits in `scope` (and matching `search`), by number,
/// after `after` (exclusive).
pub async fn list(
    c: &impl ConnectionTrait,
    scope: &Scope,
    search: Option<&Search>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<Permit>, DbErr> {
    let (filter, value) = match scope {
        Scope::Holder { email } => ("email = $1", Value::from(email.clone())),
        Scope::Sponsor { account_id } => {
            ("sponsor_account_id = $1", Value::from(account_id.clone()))
        }
        Scope::Office { office } => ("office_code = $1", Value::from(office.clone())),
        Scope::All => ("number <> $1", Value::from("")),
    };
    let mut values = vec![
        value,
        Value::from(after.unwrap_or_default()),
        Value::from(i64::from(limit)),
    ];
    let matching = match search {
        Some(q) => {
            values.push(Value::from(q.number.clone()));
            values.push(Value::from(q.passport_index.clone()));
            values.push(Value::from(q.surname.clone()));
            " AND (number = $4 OR passport_index = $5 OR LOWER(surname) = $6)"
        }
        None => "",
    };
    let sql = format!(
        "SELECT * FROM stay_permits WHERE {filter} AND number > $2{matching}
         ORDER BY number LIMIT $3"
    );
    db::all_as(c, &sql, values, from_row).await
}

/// The one writer of a permit's status: `from → to` when the permit is in
/// `from`, answering whether it applied. A change that is not an edge of
/// the status machine (`domain::permit::TRANSITIONS`) is an error, never a
/// write.
#[tracing::instrument(skip_all, fields(permit_id = %id, from = from.as_str(), to = to.as_str()))]
pub async fn transition(
    c: &impl ConnectionTrait,
    id: &str,
    from: PermitStatus,
    to: PermitStatus,
    now: jiff::Timestamp,
) -> Result<bool, DbErr> {
    if !from.can_become(to) {
        return Err(DbErr::Custom(format!(
            "{} -> {} is not a permit status change",
            from.as_str(),
            to.as_str()
        )));
    }
    let done = db::exec(
        c,
        "UPDATE stay_permits SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
        [
            Value::from(id),
            Value::from(from.as_str()),
            Value::from(to.as_str()),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(done == 1)
}
