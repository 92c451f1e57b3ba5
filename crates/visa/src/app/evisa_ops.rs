//! After issue: revoking, recording the entry, missions' look-up.

use imigrasi_casework::app::CaseError;
use imigrasi_core::PassportNumber;
use imigrasi_platform::arrivals::{Arrival, ArrivalError, Traveller};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};

use super::apply::passport_index;
use super::{VisaError, today};
use crate::domain::applicant::FieldErrors;
use crate::domain::evisa::{self, status};
use crate::store::{applications, evisas, types};

fn field(name: &str) -> VisaError {
    VisaError::InvalidInput(FieldErrors::from([(name.to_owned(), "invalid")]))
}

fn text(s: &str, max: usize, name: &str) -> Result<String, VisaError> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > max {
        return Err(field(name));
    }
    Ok(s.to_owned())
}

/// The e-Visa and its case's processing office.
async fn load(state: &AppState, number: &str) -> Result<(evisas::EVisa, String), VisaError> {
    let e = evisas::find(&state.db, number.trim())
        .await?
        .ok_or(VisaError::NotFound)?;
    let row = db::one(
        &state.db,
        "SELECT office_code FROM casework_cases WHERE id = $1",
        [sea_orm::Value::from(e.case_id.clone())],
    )
    .await?
    .ok_or(VisaError::NotFound)?;
    Ok((e, db::col(&row, "office_code")?))
}

/// Close an issued e-Visa (`revoked` or `used`), freeing the passport and
/// type for a new application, with its audit row.
struct Closing<'a> {
    to: &'static str,
    reason: Option<&'a str>,
    entry: Option<(i64, &'a str)>,
    arrival: Option<&'a Arrival>,
}

async fn close(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    (e, office): (&evisas::EVisa, &str),
    how: Closing<'_>,
) -> Result<Vec<String>, VisaError> {
    let Closing {
        to,
        reason,
        entry,
        arrival,
    } = how;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if !evisas::close(txn, &e.number, to, reason, entry).await? {
            return Err(CaseError::InvalidTransition.into());
        }
        applications::deactivate(txn, &e.case_id).await?;
        let started = match arrival {
            Some(a) => state
                .arrivals
                .arrived(state, txn, actor, request_id, a)
                .await
                .map_err(|e| match e {
                    ArrivalError::Field(f, reason) => {
                        VisaError::InvalidInput(FieldErrors::from([(f.to_owned(), reason)]))
                    }
                    ArrivalError::Db(e) => VisaError::Db(e),
                })?,
            None => Vec::new(),
        };
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: if to == status::REVOKED {
                    "visa.revoke"
                } else {
                    "visa.entry"
                },
                object_type: "evisa",
                object_id: &e.number,
                office: Some(office),
                request_id: Some(request_id),
                detail: serde_json::json!({ "port": entry.map(|x| x.1), "started": started }),
            },
        )
        .await?;
        Ok(started)
    })
    .await
}

/// A supervisor of the processing office revokes an issued e-Visa.
pub async fn revoke(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    number: &str,
    reason: &str,
) -> Result<(), VisaError> {
    let reason = text(reason, 1000, "reason")?;
    let (e, office) = load(state, number).await?;
    policy::authorize(actor, Permission::DecideCase { office: &office })
        .map_err(|_| VisaError::Forbidden)?;
    let how = Closing {
        to: status::REVOKED,
        reason: Some(&reason),
        entry: None,
        arrival: None,
    };
    close(state, actor, request_id, (&e, &office), how).await?;
    Ok(())
}

/// An entry as recorded at the border.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The port of entry.
    pub port: &'a str,
    /// When (RFC 3339).
    pub entered_at: &'a str,
    /// The address in Indonesia from the arrival card (line, regency):
    /// given, the stay permit starts with the entry.
    pub address: Option<(&'a str, &'a str)>,
}

/// A border officer records the entry: the e-Visa becomes `used`, and
/// the services told of arrivals start what they start (a stay permit
/// when the address is given); answers what they started.
pub async fn entry(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    number: &str,
    recorded: Entry<'_>,
) -> Result<Vec<String>, VisaError> {
    let Entry {
        port,
        entered_at,
        address,
    } = recorded;
    policy::authorize(actor, Permission::RecordEntry).map_err(|_| VisaError::Forbidden)?;
    let port = text(port, 100, "port")?;
    let at: jiff::Timestamp = entered_at.trim().parse().map_err(|_| field("entered_at"))?;
    let (e, office) = load(state, number).await?;
    let until: jiff::civil::Date = e.valid_until.parse().map_err(|_| field("entered_at"))?;
    if evisa::effective_status(&e.status, until, today(at)) != "valid" {
        return Err(CaseError::InvalidTransition.into());
    }
    let arrival = match address {
        Some((line, regency)) => Some(arrival(state, &e, at, line, regency).await?),
        None => None,
    };
    let how = Closing {
        to: status::USED,
        reason: None,
        entry: Some((db::millis(at), port.as_str())),
        arrival: arrival.as_ref(),
    };
    close(state, actor, request_id, (&e, &office), how).await
}

/// What the arrival listeners are told of an entry on `e`.
async fn arrival(
    state: &AppState,
    e: &evisas::EVisa,
    at: jiff::Timestamp,
    line: &str,
    regency: &str,
) -> Result<Arrival, VisaError> {
    let app = applications::find(&state.db, &e.case_id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let case = imigrasi_casework::store::find_by_id(&state.db, &e.case_id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let (visa_type, _) = types::find(&state.db, &app.visa_type)
        .await?
        .ok_or(VisaError::NotFound)?;
    Ok(Arrival {
        evisa_number: e.number.clone(),
        visa_type: app.visa_type.clone(),
        stay_days: i64::from(visa_type.stay_days),
        entered_at: at,
        traveller: Traveller {
            surname: app.surname,
            given_names: app.given_names,
            nationality: app.nationality,
            passport_number: app.passport_number,
            birth_date: app.birth_date,
            sex: app.sex,
            email: case.applicant_email,
        },
        sponsor_account_id: case.sponsor_account_id,
        address: Some((line.to_owned(), regency.to_owned())),
    })
}

/// An e-Visa as a mission sees it.
#[derive(Debug, Clone)]
pub struct Found {
    /// The record.
    pub evisa: evisas::EVisa,
    /// Its status now (`valid`, `used`, `expired`, `revoked`).
    pub status: &'static str,
    /// Visa index code.
    pub visa_type: String,
}

/// A mission looks up e-Visas by passport number and nationality
/// (audited `visa.lookup`, without the number).
pub async fn lookup(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    passport_number: &str,
    nationality: &str,
) -> Result<Vec<Found>, VisaError> {
    policy::authorize(actor, Permission::LookUpVisas).map_err(|_| VisaError::Forbidden)?;
    let passport = PassportNumber::parse(passport_number).map_err(|_| field("passport_number"))?;
    let nationality = nationality.trim().to_ascii_uppercase();
    if nationality.len() != 3 || !nationality.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(field("nationality"));
    }
    let index = passport_index(state, passport.as_str());
    let found = evisas::by_passport(&state.db, &index, &nationality).await?;
    let now = today(jiff::Timestamp::now());
    let mut out = Vec::with_capacity(found.len());
    for e in found {
        let until = e.valid_until.parse().unwrap_or(jiff::civil::Date::MIN);
        let visa_type = applications::find(&state.db, &e.case_id)
            .await?
            .map(|a| a.visa_type)
            .unwrap_or_default();
        out.push(Found {
            status: evisa::effective_status(&e.status, until, now),
            evisa: e,
            visa_type,
        });
    }
    let count = out.len();
    let nationality = &nationality;
    db::write(&state.db, |txn| async move {
        audit::append(
            &*txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.lookup",
                object_type: "evisa",
                object_id: "",
                office: None,
                request_id: Some(request_id),
                detail: serde_json::json!({ "nationality": nationality, "found": count }),
            },
        )
        .await?;
        Ok::<_, VisaError>(())
    })
    .await?;
    Ok(out)
}

/// Expire every issued e-Visa whose last day to enter passed before
/// `today`, freeing its passport and type; returns how many.
pub async fn expire_unused(db: &db::Db, today: jiff::civil::Date) -> Result<u64, VisaError> {
    let today = today.to_string();
    let today = &today;
    db::write(db, |txn| async move {
        let txn = &*txn;
        let n = db::exec(
            txn,
            "UPDATE visa_evisas SET status = $1 WHERE status = $2 AND valid_until < $3",
            [
                sea_orm::Value::from(status::EXPIRED),
                sea_orm::Value::from(status::ISSUED),
                sea_orm::Value::from(today.clone()),
            ],
        )
        .await?;
        if n > 0 {
            db::exec(
                txn,
                "UPDATE visa_applications SET active = $1 WHERE active = $2 AND case_id IN
                   (SELECT case_id FROM visa_evisas WHERE status = $3)",
                [
                    sea_orm::Value::from(false),
                    sea_orm::Value::from(true),
                    sea_orm::Value::from(status::EXPIRED),
                ],
            )
            .await?;
            audit::append(
                txn,
                audit::Entry {
                    actor: None,
                    action: "visa.expire_unused",
                    object_type: "evisa",
                    object_id: "",
                    office: None,
                    request_id: None,
                    detail: serde_json::json!({ "count": n, "before": today }),
                },
            )
            .await?;
        }
        Ok::<_, VisaError>(n)
    })
    .await
}
