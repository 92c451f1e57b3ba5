//! What the API shows of a permit.

use imigrasi_platform::db;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::read::PermitFile;

/// The holder as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolderView {
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// Birth date.
    pub birth_date: String,
    /// `M` or `F`.
    pub sex: String,
    /// E-mail.
    pub email: String,
}

/// The address.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddressView {
    /// Address line.
    pub line: String,
    /// Kemendagri regency code.
    pub regency: String,
}

/// Days past the end and the fine owed.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverstayView {
    /// Days past the last valid day (office-local dates).
    pub days: i64,
    /// Fine owed in rupiah (days counted up to the cap).
    pub fine: i64,
    /// Past the cap: marked for deportation.
    pub deportation: bool,
}

/// One entry of the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// What happened, e.g. `registered`.
    pub what: String,
    /// The acting role.
    pub role: Option<String>,
    /// Details.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// A permit.
#[derive(Debug, Serialize, ToSchema)]
pub struct PermitView {
    /// Number, e.g. `IT-2026-7K3QX9M2`.
    pub number: String,
    /// `ITK`, `ITAS`, `ITAP` or `GCI`.
    pub kind: String,
    /// `active`, `in_process`, `expired`, `cancelled` or `converted`.
    pub status: String,
    /// The holder.
    pub holder: HolderView,
    /// The sponsor's account id, if sponsored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<String>,
    /// The address.
    pub address: AddressView,
    /// Supervising office.
    pub office: String,
    /// First valid day.
    pub valid_from: String,
    /// Last valid day (absent for a GCI).
    pub valid_until: Option<String>,
    /// The visa index it came from.
    pub origin_visa: Option<String>,
    /// The e-Visa it came from.
    pub origin_evisa: Option<String>,
    /// Granted from a visa on arrival.
    pub from_visa_on_arrival: bool,
    /// Days added by extensions.
    pub extension_days_used: i64,
    /// The overstay, when the holder is past the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overstay: Option<OverstayView>,
    /// Every change, oldest first (only on the permit itself).
    pub history: Vec<HistoryView>,
}

impl From<PermitFile> for PermitView {
    fn from(f: PermitFile) -> Self {
        let p = f.permit;
        PermitView {
            number: p.number,
            kind: p.kind,
            status: p.status,
            holder: HolderView {
                surname: p.surname,
                given_names: p.given_names,
                nationality: p.nationality,
                passport_number: p.passport_number,
                birth_date: p.birth_date,
                sex: p.sex,
                email: p.email,
            },
            sponsor: p.sponsor_account_id,
            address: AddressView {
                line: p.address_line,
                regency: p.regency_code,
            },
            office: p.office_code,
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            origin_visa: p.origin_visa,
            origin_evisa: p.origin_evisa,
            from_visa_on_arrival: p.from_visa_on_arrival,
            extension_days_used: p.extension_days_used,
            overstay: f.overstay.map(|o| OverstayView {
                days: o.days,
                fine: o.fine.amount(),
                deportation: o.deportation,
            }),
            history: f
                .history
                .into_iter()
                .map(|h| HistoryView {
                    at: db::from_millis(h.at).to_string(),
                    what: h.what,
                    role: h.actor_role,
                    detail: h.detail,
                })
                .collect(),
        }
    }
}

/// A page of permits.
#[derive(Debug, Serialize, ToSchema)]
pub struct PermitList {
    /// The permits, by number.
    pub permits: Vec<PermitView>,
    /// Pass as `after` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}
