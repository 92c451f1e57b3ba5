//! The dashboard's figures: reports (stays not cancelled, by when they
//! were reported) in an office's area, counted by day, nationality,
//! premise and regency, and the premises that stopped reporting.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::stays::CANCELLED;
use super::watch::Conditions;

const FROM: &str = " FROM apoa_stays s JOIN apoa_premises p ON p.id = s.premise_id";

/// The most premises a list of the dashboard holds.
pub const LIST_LIMIT: i64 = 200;

fn reported_between(office: Option<&str>, from: i64, to: i64) -> Conditions {
    let mut w = Conditions::default();
    w.office(office);
    w.add("s.status <> ?", Value::from(CANCELLED));
    w.add("s.created_at >= ?", Value::from(from));
    w.add("s.created_at < ?", Value::from(to));
    w
}

/// Reports per day: (days since 1970-01-01 in the zone `offset_ms` east
/// of UTC, reports), days without reports left out.
pub async fn per_day(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    (from, to): (i64, i64),
    offset_ms: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let w = reported_between(office, from, to);
    let mut values = w.values.clone();
    values.push(Value::from(offset_ms));
    let sql = format!(
        "SELECT (s.created_at + ${}) / 86400000 AS day, COUNT(*) AS n{FROM}{}
         GROUP BY day ORDER BY day",
        values.len(),
        w.clause()
    );
    db::all_as(c, &sql, values, |r| {
        Ok((db::col::<i64>(r, "day")?, db::col::<i64>(r, "n")?))
    })
    .await
}

/// What the reports are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    /// The guest's nationality.
    Nationality,
    /// The premise's regency.
    Regency,
}

impl CountBy {
    fn column(self) -> &'static str {
        match self {
            CountBy::Nationality => "s.nationality",
            CountBy::Regency => "p.regency_code",
        }
    }
}

/// Reports by nationality or by regency (of the premise), most first.
pub async fn counted_by(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    (from, to): (i64, i64),
    by: CountBy,
) -> Result<Vec<(String, i64)>, DbErr> {
    let w = reported_between(office, from, to);
    let column = by.column();
    let sql = format!(
        "SELECT {column} AS k, COUNT(*) AS n{FROM}{} GROUP BY {column}
         ORDER BY n DESC, k",
        w.clause()
    );
    db::all_as(c, &sql, w.values, |r| {
        Ok((db::col(r, "k")?, db::col::<i64>(r, "n")?))
    })
    .await
}

/// A premise and a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PremiseFigure {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Regency code.
    pub regency: String,
    /// Reports, or the last report (ms).
    pub value: i64,
}

/// Reports by premise, most first (at most [`LIST_LIMIT`]).
pub async fn by_premise(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    (from, to): (i64, i64),
) -> Result<Vec<PremiseFigure>, DbErr> {
    let w = reported_between(office, from, to);
    let mut values = w.values.clone();
    values.push(Value::from(LIST_LIMIT));
    let sql = format!(
        "SELECT p.id, p.name, p.regency_code, COUNT(*) AS n{FROM}{}
         GROUP BY p.id, p.name, p.regency_code ORDER BY n DESC, p.name, p.id LIMIT ${}",
        w.clause(),
        values.len()
    );
    db::all_as(c, &sql, values, |r| {
        Ok(PremiseFigure {
            id: db::col(r, "id")?,
            name: db::col(r, "name")?,
            regency: db::col(r, "regency_code")?,
            value: db::col(r, "n")?,
        })
    })
    .await
}

/// Premises that reported before `cutoff` (ms) but not since, longest
/// silent first (at most [`LIST_LIMIT`]); `value` is the last report.
pub async fn silent(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    cutoff: i64,
) -> Result<Vec<PremiseFigure>, DbErr> {
    let mut w = Conditions::default();
    w.office(office);
    w.add("s.status <> ?", Value::from(CANCELLED));
    let mut values = w.values.clone();
    values.push(Value::from(cutoff));
    values.push(Value::from(LIST_LIMIT));
    let n = values.len();
    let sql = format!(
        "SELECT p.id, p.name, p.regency_code, MAX(s.created_at) AS last_at{FROM}{}
         GROUP BY p.id, p.name, p.regency_code HAVING MAX(s.created_at) < ${}
         ORDER BY last_at, p.id LIMIT ${}",
        w.clause(),
        n - 1,
        n
    );
    db::all_as(c, &sql, values, |r| {
        Ok(PremiseFigure {
            id: db::col(r, "id")?,
            name: db::col(r, "name")?,
            regency: db::col(r, "regency_code")?,
            value: db::col(r, "last_at")?,
        })
    })
    .await
}
