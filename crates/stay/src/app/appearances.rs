//! Appearances at the supervising office: an officer asks for one while a
//! case is being reviewed, a party of the case books a session (the
//! session's capacity held by the database), and the holder checks in on
//! the office floor like a passport appointment (`floor_port`).

use imigrasi_casework::Status as CaseStatus;
use imigrasi_casework::store as cases;
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};
use jiff::Timestamp;
use rand::Rng;

use super::cases::note;
use super::{SERVICE, StayError, field, office_zone, settings};
use crate::domain::appearance::{BookingRefusal, Purpose, Status};
use crate::store::appearances::{self, Appearance, Booked};
use crate::store::{applications, permits};

/// The passport number masked for the floor's screens: its last three.
pub fn mask(passport: &str) -> String {
    let n = passport.chars().count();
    passport
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 3 < n { '•' } else { c })
        .collect()
}

fn new_code() -> String {
    const ALPHABET: &[u8] = imigrasi_casework::domain::register::ALPHABET;
    let mut rng = rand::rng();
    let tail: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("AP-{tail}")
}

/// An officer of the supervising office asks the applicant to come (while
/// the case is in review or waiting for information).
pub async fn request(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    purpose: &str,
    now: Timestamp,
) -> Result<Appearance, StayError> {
    let purpose = Purpose::parse(purpose.trim()).ok_or_else(|| field("purpose", "unknown"))?;
    let case = cases::find_by_register(&state.db, SERVICE, register_number)
        .await?
        .ok_or(StayError::NotFound)?;
    policy::authorize(
        actor,
        Permission::ReviewCase {
            office: &case.office_code,
        },
    )
    .map_err(|_| StayError::NotFound)?;
    if case.is_party(actor) {
        return Err(StayError::Forbidden);
    }
    if !matches!(
        case.status,
        CaseStatus::InReview | CaseStatus::InfoRequested
    ) {
        return Err(imigrasi_casework::app::CaseError::InvalidTransition.into());
    }
    let app = applications::find(&state.db, &case.id)
        .await?
        .ok_or(StayError::NotFound)?;
    let permit = permits::find_by_id(&state.db, &app.permit_id)
        .await?
        .ok_or(StayError::NotFound)?;
    let row = Appearance {
        id: uuid::Uuid::now_v7().to_string(),
        code: new_code(),
        case_id: case.id.clone(),
        permit_id: permit.id.clone(),
        office_code: case.office_code.clone(),
        purpose: purpose.as_str().to_owned(),
        status: Status::Requested,
        session_date: None,
        session_name: None,
        starts_at: None,
        ends_at: None,
        person_index: permit.passport_index.clone(),
        person_masked: mask(&permit.passport_number),
        full_name: format!("{} {}", permit.given_names, permit.surname),
        created_at: db::millis(now),
    };
    let (row_ref, case) = (&row, &case);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if let Err(e) = appearances::insert(txn, row_ref).await {
            return Err(if db::is_unique_violation(&e) {
                StayError::AppearanceOpen
            } else {
                e.into()
            });
        }
        let detail = serde_json::json!({ "application": case.register_number, "purpose": row_ref.purpose, "code": row_ref.code });
        note(txn, &row_ref.permit_id, "appearance_requested", Some(actor.role.as_str()), now, detail.clone()).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.appearance_request",
                object_type: "stay_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail,
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(row)
}

/// The appearance with this code, for a party of its case or staff of
/// its office (a staff read is audited); anyone else
/// [`StayError::NotFound`].
pub async fn view(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    code: &str,
) -> Result<Appearance, StayError> {
    let code = code.trim().to_ascii_uppercase();
    let a = appearances::find_by_code(&state.db, &code)
        .await?
        .ok_or(StayError::NotFound)?;
    let case = cases::find_by_id(&state.db, &a.case_id)
        .await?
        .ok_or(StayError::NotFound)?;
    if case.is_party(actor) {
        return Ok(a);
    }
    policy::authorize(
        actor,
        Permission::ReadOfficePersonalData {
            office: &a.office_code,
        },
    )
    .map_err(|_| StayError::NotFound)?;
    let a_ref = &a;
    db::write(&state.db, |txn| async move {
        audit::append(
            &*txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.appearance_read",
                object_type: "stay_appearance",
                object_id: &a_ref.code,
                office: Some(&a_ref.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
        Ok::<_, StayError>(())
    })
    .await?;
    Ok(a)
}

/// A party of the case books a session (`YYYY-MM-DD`, session name) at
/// the supervising office; the session's capacity is taken by a
/// conditional update.
pub async fn book(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    code: &str,
    date: &str,
    session: &str,
    now: Timestamp,
) -> Result<Appearance, StayError> {
    let code = code.trim().to_ascii_uppercase();
    let a = appearances::find_by_code(&state.db, &code)
        .await?
        .ok_or(StayError::NotFound)?;
    let case = cases::find_by_id(&state.db, &a.case_id)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(StayError::NotFound)?;
    if a.status != Status::Requested {
        return Err(imigrasi_casework::app::CaseError::InvalidTransition.into());
    }
    let date: jiff::civil::Date = date.trim().parse().map_err(|_| field("date", "invalid"))?;
    let rules = settings(state).appearances;
    let zone = office_zone(&state.db, &a.office_code).await?;
    let chosen = rules
        .bookable(date, session.trim(), zone.local_date(now))
        .map_err(|r| match r {
            BookingRefusal::UnknownSession => field("session", "unknown"),
            BookingRefusal::OutsideHorizon | BookingRefusal::ClosedDay => {
                field("date", "not_allowed")
            }
        })?
        .clone();
    let starts = zone.local_to_utc(date, chosen.starts);
    let ends = zone.local_to_utc(date, chosen.ends);
    let date_s = date.to_string();
    let (a_ref, case, chosen, date_s) = (&a, &case, &chosen, &date_s);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if !appearances::take_place(
            txn,
            &a_ref.office_code,
            date_s,
            &chosen.name,
            rules.capacity,
        )
        .await?
        {
            return Err(StayError::SessionFull);
        }
        let at = Booked {
            date: date_s,
            session: &chosen.name,
            starts_at: db::millis(starts),
            ends_at: db::millis(ends),
        };
        if !appearances::book(txn, &a_ref.id, at, db::millis(now)).await? {
            return Err(imigrasi_casework::app::CaseError::InvalidTransition.into());
        }
        let detail =
            serde_json::json!({ "code": a_ref.code, "date": date_s, "session": chosen.name });
        note(
            txn,
            &a_ref.permit_id,
            "appearance_booked",
            Some(actor.role.as_str()),
            now,
            detail.clone(),
        )
        .await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.appearance_book",
                object_type: "stay_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail,
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    appearances::find_by_id(&state.db, &a.id)
        .await?
        .ok_or(StayError::NotFound)
}
