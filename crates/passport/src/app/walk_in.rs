//! Lost and damaged passports: not booked online, but registered by an
//! officer when the holder walks in ([`open_case`], reached through the
//! office floor's walk-in route), then examined ([`examine`]): the
//! examination report (BAP) approves the replacement, and the bill is
//! issued with its surcharge (product + surcharge, no same-day service), or
//! refuses it.
//!
//! The walk-in's booking sits on a one-place session of its own (source
//! `walk_in`: today, from the registration until the end of the day), so
//! that once paid it checks in at the kiosk like any booking; such a
//! session is never listed, offered, booked or counted as quota.

use std::sync::Arc;

use imigrasi_office::{CaseRefusal, CaseRequest, OpenedCase};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, billing, db};
use jiff::Timestamp;
use jiff::civil::Time;
use sea_orm::{DatabaseTransaction, DbErr};

use super::{BookingError, Origin, settings};
use crate::domain::product::check_validity;
use crate::domain::{
    self, BookingAction, BookingCode, BookingStatus, Category, ExaminationResult, Ineligible,
    PassportType, Purpose, ServiceKind, TransitionError, office_date,
};
use crate::store::{self, Applicant, BookError, Booking, BookingRequest, NewRow, NewSlot};

/// The channel walk-in bookings are recorded with.
pub const WALK_IN_CHANNEL: &str = "walk_in";

fn bad(field: &'static str, message_key: &'static str) -> CaseRefusal {
    CaseRefusal {
        code: "invalid_input",
        field: Some(field),
        message_key,
        conflict: false,
    }
}

fn ineligible(i: Ineligible) -> CaseRefusal {
    CaseRefusal {
        code: i.code(),
        field: None,
        message_key: i.message_key(),
        conflict: false,
    }
}

/// What a walk-in asks for, checked field by field.
fn parse(r: &CaseRequest<'_>) -> Result<(ServiceKind, PassportType, u8, Purpose), CaseRefusal> {
    let service = match r.service.trim().parse::<ServiceKind>() {
        Ok(s @ (ServiceKind::ReplacementLost | ServiceKind::ReplacementDamaged)) => s,
        _ => return Err(bad("service", "papi-walk-in-service")),
    };
    let passport_type = r
        .passport_type
        .map(str::trim)
        .and_then(|t| t.parse::<PassportType>().ok())
        .ok_or(bad("passport_type", "papi-passport-type"))?;
    let validity_years = match r.validity_years {
        None => 5,
        Some(v @ (5 | 10)) => v as u8,
        Some(_) => return Err(bad("validity_years", "papi-validity-years")),
    };
    let purpose = match r.purpose.map(str::trim) {
        None | Some("") => Purpose::Other,
        Some(p) => p.parse().map_err(|_| bad("purpose", "papi-purpose"))?,
    };
    Ok((service, passport_type, validity_years, purpose))
}

/// Open the examination case of a walk-in inside the floor's transaction:
/// the service, product and 10-year rule are checked, the NIK must hold no
/// active booking (`already_booked`), and the booking is written in
/// `examination` without a bill. Audited as `booking.create`.
pub async fn open_case(
    txn: &DatabaseTransaction,
    r: &CaseRequest<'_>,
    now: Timestamp,
) -> Result<Result<OpenedCase, CaseRefusal>, DbErr> {
    let (service, passport_type, validity_years, purpose) = match parse(r) {
        Ok(parsed) => parsed,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let zone = store::office_zone(txn, r.office).await?;
    let today = office_date(&zone.time_zone(), now);
    let p = r.person;
    if let Err(i) = check_validity(p.birth_date, r.married, validity_years, today) {
        return Ok(Err(ineligible(i)));
    }
    let offered = store::products::office_types(txn, r.office).await?;
    if !offered.contains(&passport_type)
        || store::products::product_fee(txn, passport_type, validity_years)
            .await?
            .is_none()
    {
        return Ok(Err(ineligible(Ineligible::ProductNotOffered)));
    }
    let already = CaseRefusal {
        code: "already_booked",
        field: None,
        message_key: "papi-already-booked",
        conflict: true,
    };
    if store::nik_is_active(txn, &p.nik_index).await? {
        return Ok(Err(already));
    }
    let local = zone.time_zone().to_datetime(now);
    let start = Time::new(local.hour(), local.minute(), 0, 0).unwrap_or(Time::MIN);
    let end = Time::new(23, 59, 0, 0).unwrap_or(Time::MAX);
    let slot = store::insert_walk_in_slot(
        txn,
        zone,
        &NewSlot {
            office_code: r.office.to_owned(),
            date: today,
            start: start.min(end),
            end,
            category: Category::Regular,
            capacity: 1,
            release_at: now,
        },
    )
    .await?;
    let req = BookingRequest {
        account_id: None,
        slot_id: slot.id.clone(),
        applicant: Applicant {
            nik_index: p.nik_index.clone(),
            nik_masked: p.nik_masked.clone(),
            full_name: p.full_name.clone(),
            birth_date: p.birth_date,
            sex: p.sex,
        },
        passport_type,
        service,
        validity_years,
        purpose,
        married: r.married,
        channel: WALK_IN_CHANNEL,
        waitlist_id: None,
    };
    let id = uuid::Uuid::now_v7().to_string();
    let code = BookingCode::generate(&mut rand::rng()).to_string();
    let row = NewRow {
        id: &id,
        code: &code,
        req: &req,
        office_code: r.office,
        status: BookingStatus::Examination,
        billing_code: "",
        amount: 0,
        deadline: None,
    };
    match store::insert_row(txn, &row, now).await {
        Ok(()) => {}
        Err(BookError::AlreadyBooked) => return Ok(Err(already)),
        Err(BookError::Db(e)) => return Err(e),
        Err(other) => return Err(DbErr::Custom(other.to_string())),
    }
    audit::append(
        txn,
        audit::Entry {
            actor: None,
            action: "booking.create",
            object_type: "booking",
            object_id: &code,
            office: Some(r.office),
            request_id: None,
            detail: serde_json::json!({"slot": slot.id, "channel": WALK_IN_CHANNEL,
                "service": service.as_str()}),
        },
    )
    .await?;
    Ok(Ok(OpenedCase {
        id,
        code,
        status: BookingStatus::Examination.as_str().to_owned(),
    }))
}

/// The officer's examination report (BAP) of a walk-in.
#[derive(Debug, Clone)]
pub struct Examination {
    /// Approved or refused.
    pub result: ExaminationResult,
    /// The report's number (already checked by the adapter).
    pub report_number: String,
}

/// Record the examination of booking `code`: officers and supervisors of
/// its office only (`Forbidden` otherwise). Approved: the bill is issued
/// for product + surcharge, payable within the payment hold, and the
/// booking awaits payment. Refused: the booking ends. Anything but a
/// booking in `examination` is refused by the state machine (409).
/// Audited as `booking.examination`.
pub async fn examine(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    exam: &Examination,
    now: Timestamp,
) -> Result<Booking, BookingError> {
    let code = code.trim().to_uppercase();
    let settings = settings(state);
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let (code, settings) = (&code, &settings);
        async move {
            let booking = store::find_by_code(&*txn, code)
                .await?
                .ok_or(BookingError::NotFound)?;
            policy::authorize(
                actor,
                Permission::OperateOfficeFloor {
                    office: &booking.office_code,
                },
            )
            .map_err(|_| BookingError::Forbidden)?;
            let to =
                domain::examine(booking.status, exam.result).map_err(BookingError::Transition)?;
            if !store::status::transition(&*txn, &booking.id, &[booking.status], to, now).await? {
                // Another officer recorded it first.
                let from = store::find_by_code(&*txn, code)
                    .await?
                    .map_or(booking.status, |b| b.status);
                return Err(BookingError::Transition(TransitionError::NotAllowed {
                    from,
                    action: BookingAction::Examine,
                }));
            }
            let mut amount = 0;
            if to == BookingStatus::AwaitingPayment {
                let passport_type = booking.passport_type.parse::<PassportType>();
                let service = booking.service.parse::<ServiceKind>();
                let (Ok(passport_type), Ok(service)) = (passport_type, service) else {
                    return Err(DbErr::Custom(format!("booking {code}: unreadable product")).into());
                };
                amount = store::products::fee_items(
                    &*txn,
                    passport_type,
                    booking.validity_years,
                    service,
                    Category::Regular,
                )
                .await?
                .total();
                let deadline = domain::payment_deadline(now, settings.hold_minutes);
                let bill =
                    billing::create(&*txn, "passport", &booking.id, None, amount, deadline).await?;
                store::examination::record_bill(
                    &*txn,
                    &booking.id,
                    &bill.billing_code,
                    amount,
                    deadline,
                )
                .await?;
            }
            store::examination::record_report(&*txn, &booking.id, &exam.report_number).await?;
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "booking.examination",
                    object_type: "booking",
                    object_id: &booking.code,
                    office: Some(&booking.office_code),
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({
                        "result": to.as_str(),
                        "report_number": exam.report_number,
                        "amount": amount,
                    }),
                },
            )
            .await?;
            store::find_by_code(&*txn, code)
                .await?
                .ok_or(BookingError::NotFound)
        }
    })
    .await
}
