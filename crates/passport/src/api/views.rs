//! JSON shapes shared by the passport routes.

use imigrasi_core::OfficeZone;
use imigrasi_platform::db;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::documents::Papers;
use crate::domain::documents::{is_child, required};
use crate::domain::{ServiceKind, office_date};
use crate::store::applications::Application;
use crate::store::{Booking, Slot};

/// An instant as RFC 3339 with the office's offset.
pub fn office_time(zone: OfficeZone, ms: i64) -> String {
    db::from_millis(ms)
        .to_zoned_datetime(zone.time_zone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A slot.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotView {
    /// Slot id.
    pub id: String,
    /// Office-local date.
    pub date: String,
    /// Start, RFC 3339 with the office's offset.
    pub starts_at: String,
    /// End, RFC 3339 with the office's offset.
    pub ends_at: String,
    /// `regular`, `accelerated` or `priority`.
    pub category: String,
    /// Places.
    pub capacity: i64,
    /// Places still free.
    pub remaining: i64,
    /// When it opens for booking, RFC 3339 with the office's offset.
    pub release_at: String,
}

impl SlotView {
    /// The view of a slot.
    pub fn new(zone: OfficeZone, s: &Slot) -> SlotView {
        SlotView {
            id: s.id.clone(),
            date: s.date.to_string(),
            starts_at: office_time(zone, s.starts_at),
            ends_at: office_time(zone, s.ends_at),
            category: s.category.as_str().to_owned(),
            capacity: s.capacity,
            remaining: s.remaining(),
            release_at: office_time(zone, s.release_at),
        }
    }
}

/// Slots of an office.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotList {
    /// Slots by date and start.
    pub slots: Vec<SlotView>,
}

/// Payment details of a booking.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentView {
    /// 15-digit billing code (SIMPONI).
    pub billing_code: String,
    /// Fee in rupiah.
    pub amount: i64,
    /// Pay before this instant, or the booking lapses.
    pub expires_at: String,
}

/// The applicant, with the NIK masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantView {
    /// NIK with the middle digits hidden.
    pub nik_masked: String,
    /// Full name.
    pub full_name: String,
    /// Birth date.
    pub birth_date: String,
    /// `M` or `F`.
    pub sex: String,
    /// Declared married.
    pub married: bool,
}

/// A booking.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingView {
    /// Public booking code.
    pub code: String,
    /// `awaiting_payment`, `confirmed`, `expired`, `cancelled`, `checked_in`, `served`, `no_show`;
    /// for a lost or damaged passport (walk-in) first `examination`, then
    /// `awaiting_payment` or `refused`.
    pub status: String,
    /// Office code.
    pub office: String,
    /// The appointment's slot.
    pub slot: SlotView,
    /// Fee and billing code; absent while a walk-in awaits its
    /// examination (no bill yet) and when the examination refused it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentView>,
    /// Who the appointment is for.
    pub applicant: ApplicantView,
    /// `regular` or `electronic`.
    pub passport_type: String,
    /// `new`, `renewal`, `replacement_lost`, `replacement_damaged`, `data_change`.
    pub service: String,
    /// 5 or 10.
    pub validity_years: u8,
    /// `tourism`, `umrah`, `hajj`, `work`, `study`, `medical`, `family`, `other`.
    pub purpose: String,
    /// Whether the one reschedule was used.
    pub rescheduled: bool,
    /// When it was made.
    pub created_at: String,
    /// The documents the applicant must upload and bring (adult or child,
    /// by service), each with whether it was uploaded.
    pub documents: Vec<DocumentItemView>,
    /// Given when the booking is paid (`BATAM-20261202-0007`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_number: Option<String>,
    /// The payment's state revenue transaction number, once paid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ntpn: Option<String>,
    /// Once checked in: the queue ticket, people ahead and estimated wait.
    pub queue: Option<imigrasi_office::store::Position>,
    /// After the visit: the outcome and the passport's way to its holder
    /// (`null` until the officer records the outcome).
    pub application: Option<ApplicationView>,
    /// Only in the answer to cancelling a paid booking: `false`, the fee is
    /// never refunded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_refunded: Option<bool>,
    /// Only in the answer to cancelling a paid booking: says that the fee
    /// is not refunded, in the caller's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

impl BookingView {
    /// The view of a booking in its slot.
    pub fn new(zone: OfficeZone, b: &Booking, slot: &Slot) -> BookingView {
        BookingView {
            code: b.code.clone(),
            status: b.status.as_str().to_owned(),
            office: b.office_code.clone(),
            slot: SlotView::new(zone, slot),
            payment: (!b.billing_code.is_empty()).then(|| PaymentView {
                billing_code: b.billing_code.clone(),
                amount: b.amount,
                expires_at: office_time(zone, b.payment_deadline),
            }),
            applicant: ApplicantView {
                nik_masked: b.nik_masked.clone(),
                full_name: b.full_name.clone(),
                birth_date: b.birth_date.clone(),
                sex: b.sex.clone(),
                married: b.married,
            },
            validity_years: b.validity_years,
            purpose: b.purpose.clone(),
            passport_type: b.passport_type.clone(),
            service: b.service.clone(),
            rescheduled: b.rescheduled,
            created_at: office_time(zone, b.created_at),
            documents: checklist(zone, b),
            application_number: None,
            ntpn: None,
            queue: None,
            application: None,
            fee_refunded: None,
            notice: None,
        }
    }
}

impl BookingView {
    /// Show what is known of the booking's papers: uploads, application
    /// number, NTPN.
    pub fn with_papers(mut self, p: Papers) -> BookingView {
        self.documents = p
            .checklist
            .into_iter()
            .map(|item| DocumentItemView {
                kind: item.kind.as_str().to_owned(),
                required: true,
                uploaded: item.document.is_some(),
                document_id: item.document.as_ref().map(|d| d.id.clone()),
                content_type: item
                    .document
                    .as_ref()
                    .map(|d| d.content_type.as_str().to_owned()),
            })
            .collect();
        self.application_number = p.application_number;
        self.ntpn = p.ntpn;
        self
    }
}

/// The checklist of a booking with nothing uploaded (a new booking).
fn checklist(zone: OfficeZone, b: &Booking) -> Vec<DocumentItemView> {
    let Ok(service) = b.service.parse::<ServiceKind>() else {
        return Vec::new();
    };
    let today = office_date(&zone.time_zone(), jiff::Timestamp::now());
    let child = b
        .birth_date
        .parse()
        .is_ok_and(|birth| is_child(birth, b.married, today));
    required(service, child)
        .into_iter()
        .map(|k| DocumentItemView {
            kind: k.as_str().to_owned(),
            required: true,
            uploaded: false,
            document_id: None,
            content_type: None,
        })
        .collect()
}

/// One document of a booking's checklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentItemView {
    /// `ektp`, `family_card`, `birth_marriage_or_diploma`, `birth_certificate`,
    /// `father_ektp`, `mother_ektp`, `father_passport`, `mother_passport`,
    /// `parents_marriage_book`, `parents_statement`, `old_passport`,
    /// `police_report`, `damaged_passport`, `data_change_evidence`.
    pub kind: String,
    /// Always `true`: the list holds what the booking requires.
    pub required: bool,
    /// Whether a file of this kind was uploaded.
    pub uploaded: bool,
    /// The latest upload (`GET /api/v1/documents/{id}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
    /// Its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// Bookings of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingList {
    /// Newest first.
    pub bookings: Vec<BookingView>,
}

/// The application after the visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    /// `postponed`, `refused`, `printing`, `ready_for_pickup`, `collected`,
    /// `delivered`, `cancelled_uncollected`.
    pub status: String,
    /// The last outcome recorded: `approved`, `postponed`, `refused`.
    pub outcome: String,
    /// Why refused or postponed, when the officer wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A postponed application: the papers are due by then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postponed_until: Option<String>,
    /// When the passport was ready for pickup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<String>,
    /// Collect by then, or the passport is cancelled (ready + 30 days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collect_by: Option<String>,
    /// Who collected it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<String>,
    /// `self`, `family` or `proxy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The postal tracking number of a delivered passport.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
}

impl ApplicationView {
    /// The view of a stored application, instants in the office's zone.
    pub fn new(zone: OfficeZone, a: &Application) -> ApplicationView {
        let at = |ms: Option<i64>| ms.map(|ms| office_time(zone, ms));
        let collect_by = a
            .ready_at
            .map(|ms| crate::domain::application::collect_by(db::from_millis(ms)).as_millisecond());
        ApplicationView {
            status: a.status.as_str().to_owned(),
            outcome: a.outcome.as_str().to_owned(),
            reason: a.reason.clone(),
            postponed_until: at(a.postponed_until),
            ready_at: at(a.ready_at),
            collect_by: at(collect_by),
            collected_by: a.collected_by.clone(),
            relation: a.relation.map(|r| r.as_str().to_owned()),
            tracking_number: a.tracking_number.clone(),
        }
    }
}
