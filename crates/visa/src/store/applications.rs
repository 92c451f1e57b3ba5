//! The `visa_applications` table: the visa side of a case.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// The stored application (personal data: never logged).
#[derive(Clone, PartialEq, Eq)]
pub struct Application {
    /// The casework case.
    pub case_id: String,
    /// Visa index code.
    pub visa_type: String,
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
    pub passport_expiry: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `M` or `F`.
    pub sex: String,
    /// `YYYY-MM-DD`.
    pub intended_arrival: String,
    /// Fee at the time of application.
    pub fee: i64,
    /// The fee bill, once submitted.
    pub billing_code: Option<String>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("case_id", &self.case_id)
            .field("visa_type", &self.visa_type)
            .finish_non_exhaustive()
    }
}

fn from_row(r: &sea_orm::QueryResult) -> Result<Application, DbErr> {
    Ok(Application {
        case_id: db::col(r, "case_id")?,
        visa_type: db::col(r, "visa_type")?,
        surname: db::col(r, "surname")?,
        given_names: db::col(r, "given_names")?,
        nationality: db::col(r, "nationality")?,
        passport_number: db::col(r, "passport_number")?,
        passport_index: db::col(r, "passport_index")?,
        passport_expiry: db::col(r, "passport_expiry")?,
        birth_date: db::col(r, "birth_date")?,
        sex: db::col(r, "sex")?,
        intended_arrival: db::col(r, "intended_arrival")?,
        fee: db::col(r, "fee")?,
        billing_code: db::col(r, "billing_code")?,
    })
}

/// Insert an active application. A unique violation means the passport
/// already has an active application or unused e-Visa of this type.
pub async fn insert(c: &impl ConnectionTrait, a: &Application) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO visa_applications (case_id, visa_type, surname, given_names, nationality,
            passport_number, passport_index, passport_expiry, birth_date, sex, intended_arrival,
            fee, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        [
            Value::from(a.case_id.clone()),
            Value::from(a.visa_type.clone()),
            Value::from(a.surname.clone()),
            Value::from(a.given_names.clone()),
            Value::from(a.nationality.clone()),
            Value::from(a.passport_number.clone()),
            Value::from(a.passport_index.clone()),
            Value::from(a.passport_expiry.clone()),
            Value::from(a.birth_date.clone()),
            Value::from(a.sex.clone()),
            Value::from(a.intended_arrival.clone()),
            Value::from(a.fee),
            Value::from(true),
        ],
    )
    .await?;
    Ok(())
}

/// The application of a case.
pub async fn find(c: &impl ConnectionTrait, case_id: &str) -> Result<Option<Application>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM visa_applications WHERE case_id = $1",
        [Value::from(case_id)],
        from_row,
    )
    .await
}

/// Record the fee bill.
pub async fn set_bill(c: &impl ConnectionTrait, case_id: &str, code: &str) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE visa_applications SET billing_code = $2 WHERE case_id = $1",
        [Value::from(case_id), Value::from(code)],
    )
    .await?;
    Ok(())
}

/// Free the passport and type for a new application (the case ended
/// without an e-Visa, or its e-Visa was used, expired or revoked).
pub async fn deactivate(c: &impl ConnectionTrait, case_id: &str) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE visa_applications SET active = $2 WHERE case_id = $1",
        [Value::from(case_id), Value::from(false)],
    )
    .await?;
    Ok(())
}
