//! The supervision reads: stays in an office's area (the premises it
//! supervises; every premise for administrators) by criteria, a
//! passport's stays, and the stays the alerts look at.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use super::stays::{CANCELLED, CHECKED_IN, Stay, from_row};

/// A stay with its premise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The stay.
    pub stay: Stay,
    /// The premise's name.
    pub premise_name: String,
    /// The premise's regency code.
    pub premise_regency: String,
    /// The premise's supervising office.
    pub premise_office: String,
}

fn found(r: &QueryResult) -> Result<Found, DbErr> {
    Ok(Found {
        stay: from_row(r)?,
        premise_name: db::col(r, "premise_name")?,
        premise_regency: db::col(r, "premise_regency")?,
        premise_office: db::col(r, "premise_office")?,
    })
}

const SELECT: &str = "SELECT s.*, p.name AS premise_name, p.regency_code AS premise_regency,
        p.office_code AS premise_office
    FROM apoa_stays s JOIN apoa_premises p ON p.id = s.premise_id";

/// Conditions joined by `AND`, numbering their placeholders.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    sql: Vec<String>,
    /// The values, in placeholder order.
    pub values: Vec<Value>,
}

impl Conditions {
    /// Add a condition whose `?`s all stand for `value` (one placeholder).
    pub fn add(&mut self, condition: &str, value: Value) {
        self.values.push(value);
        let n = format!("${}", self.values.len());
        self.sql.push(condition.replace('?', &n));
    }

    /// Premises of `office` only (every premise for `None`).
    pub fn office(&mut self, office: Option<&str>) {
        if let Some(o) = office {
            self.add("p.office_code = ?", Value::from(o));
        }
    }

    /// `WHERE …` (empty when there is no condition).
    pub fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }
}

/// What an officer searches by; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Criteria {
    /// The passport number's blind index.
    pub passport_index: Option<String>,
    /// Part of the surname or given names (matched case-insensitively).
    pub name: Option<String>,
    /// Nationality code.
    pub nationality: Option<String>,
    /// A premise id.
    pub premise_id: Option<String>,
    /// Stays not ended before this instant (ms).
    pub from: Option<i64>,
    /// Stays begun before this instant (ms).
    pub to: Option<i64>,
}

/// `%part%` for `LIKE … ESCAPE '\'`, lowercase.
fn like(part: &str) -> String {
    let mut out = String::from("%");
    for c in part.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn conditions(office: Option<&str>, c: &Criteria) -> Conditions {
    let mut w = Conditions::default();
    w.office(office);
    if let Some(i) = &c.passport_index {
        w.add("s.passport_index = ?", Value::from(i.clone()));
    }
    if let Some(n) = &c.name {
        w.add(
            "(LOWER(s.surname) LIKE ? ESCAPE '\\' OR LOWER(s.given_names) LIKE ? ESCAPE '\\'
              OR LOWER(s.surname || ' ' || s.given_names) LIKE ? ESCAPE '\\'
              OR LOWER(s.given_names || ' ' || s.surname) LIKE ? ESCAPE '\\')",
            Value::from(like(n)),
        );
    }
    if let Some(n) = &c.nationality {
        w.add("s.nationality = ?", Value::from(n.clone()));
    }
    if let Some(p) = &c.premise_id {
        w.add("s.premise_id = ?", Value::from(p.clone()));
    }
    if let Some(from) = c.from {
        w.add(
            "(s.check_out IS NULL OR s.check_out >= ?)",
            Value::from(from),
        );
    }
    if let Some(to) = c.to {
        w.add("s.check_in < ?", Value::from(to));
    }
    w
}

/// One page of the stays matching `criteria` in `office`'s area, newest
/// check-in first, and how many match in all.
pub async fn search(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    criteria: &Criteria,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Found>, i64), DbErr> {
    let w = conditions(office, criteria);
    let total = db::one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM apoa_stays s JOIN apoa_premises p ON p.id = s.premise_id{}",
            w.clause()
        ),
        w.values.clone(),
    )
    .await?
    .map(|r| db::col::<i64>(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    let mut values = w.values.clone();
    let n = values.len();
    values.push(Value::from(i64::try_from(limit).unwrap_or(i64::MAX)));
    values.push(Value::from(i64::try_from(offset).unwrap_or(i64::MAX)));
    let sql = format!(
        "{SELECT}{} ORDER BY s.check_in DESC, s.id DESC LIMIT ${} OFFSET ${}",
        w.clause(),
        n + 1,
        n + 2
    );
    Ok((db::all_as(c, &sql, values, found).await?, total))
}

/// A stay with its premise, in `office`'s area.
pub async fn find(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    id: &str,
) -> Result<Option<Found>, DbErr> {
    let mut w = Conditions::default();
    w.office(office);
    w.add("s.id = ?", Value::from(id));
    let sql = format!("{SELECT}{}", w.clause());
    db::one_as(c, &sql, w.values, found).await
}

/// The most stays of one passport a movements answer holds.
pub const MOVEMENTS_LIMIT: i64 = 500;

/// The stays (not cancelled) of a passport in `office`'s area, by
/// check-in; of one nationality when given.
pub async fn of_passport(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    passport_index: &str,
    nationality: Option<&str>,
) -> Result<Vec<Found>, DbErr> {
    let mut w = Conditions::default();
    w.office(office);
    w.add("s.passport_index = ?", Value::from(passport_index));
    if let Some(n) = nationality {
        w.add("s.nationality = ?", Value::from(n));
    }
    w.add("s.status <> ?", Value::from(CANCELLED));
    let clause = w.clause();
    let mut values = w.values;
    values.push(Value::from(MOVEMENTS_LIMIT));
    let sql = format!(
        "{SELECT}{clause} ORDER BY s.check_in, s.id LIMIT ${}",
        values.len()
    );
    db::all_as(c, &sql, values, found).await
}

/// The most stays the alerts look at in one answer.
pub const WATCH_LIMIT: i64 = 50_000;

/// What the alerts look at in `office`'s area: every stay still checked
/// in, and every stay (not cancelled) checked in since `since` (ms); at
/// most [`WATCH_LIMIT`], newest first.
pub async fn watched(
    c: &impl ConnectionTrait,
    office: Option<&str>,
    since: i64,
) -> Result<Vec<Found>, DbErr> {
    let mut w = Conditions::default();
    w.office(office);
    w.add("s.status <> ?", Value::from(CANCELLED));
    let clause = w.clause();
    let mut values = w.values;
    let n = values.len();
    values.push(Value::from(CHECKED_IN));
    values.push(Value::from(since));
    values.push(Value::from(WATCH_LIMIT));
    let sql = format!(
        "{SELECT}{} AND (s.status = ${} OR s.check_in >= ${})
         ORDER BY s.check_in DESC, s.id DESC LIMIT ${}",
        clause,
        n + 1,
        n + 2,
        n + 3
    );
    db::all_as(c, &sql, values, found).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like("Smi_th%"), "%smi\\_th\\%%");
    }
}
