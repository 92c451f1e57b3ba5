//! What the APOA API answers.

use imigrasi_platform::db;
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::premises::Premise;
use crate::store::stays::Stay;

/// A premise.
#[derive(Debug, Serialize, ToSchema)]
pub struct PremiseView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `hotel`, `guest_house`, `boarding_house`, `villa` or `private_home`.
    pub kind: String,
    /// Address.
    pub address: String,
    /// Regency code.
    pub regency: String,
    /// The supervising immigration office.
    pub office: String,
    /// Business licence number.
    pub licence_number: Option<String>,
    /// Registered (RFC 3339).
    pub created_at: String,
}

impl From<Premise> for PremiseView {
    fn from(p: Premise) -> Self {
        PremiseView {
            id: p.id,
            name: p.name,
            kind: p.kind,
            address: p.address,
            regency: p.regency_code,
            office: p.office_code,
            licence_number: p.licence_number,
            created_at: db::from_millis(p.created_at).to_string(),
        }
    }
}

/// The account's premises.
#[derive(Debug, Serialize, ToSchema)]
pub struct PremiseList {
    /// Oldest first.
    pub premises: Vec<PremiseView>,
}

/// A key just created: the key is shown here only.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyCreated {
    /// The key's id (to revoke it).
    pub id: String,
    /// The key, sent as `Authorization: Bearer <key>`; never shown again.
    pub key: String,
}

/// The guest of a stay (the passport number masked).
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestView {
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Nationality code.
    pub nationality: String,
    /// Passport number, masked but for its last characters.
    pub passport_number: String,
    /// Passport expiry.
    pub passport_expiry: String,
    /// Birth date.
    pub birth_date: String,
    /// `M`, `F` or `X`.
    pub sex: String,
    /// `mrz` or `typed`.
    pub source: String,
}

/// A visa or stay permit.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestPermitView {
    /// Kind.
    pub kind: String,
    /// Number.
    pub number: String,
}

/// A stay.
#[derive(Debug, Serialize, ToSchema)]
pub struct StayView {
    /// Id.
    pub id: String,
    /// Receipt number (STTPOA).
    pub receipt_number: String,
    /// The premise.
    pub premise_id: String,
    /// Version.
    pub version: i32,
    /// `checked_in` or `checked_out`.
    pub status: String,
    /// Reported more than 24 hours after check-in.
    pub late: bool,
    /// The guest.
    pub guest: GuestView,
    /// Date of entry.
    pub entry_date: String,
    /// Port of entry (TPI), if given.
    pub entry_port: Option<String>,
    /// Check-in (RFC 3339).
    pub check_in: String,
    /// Expected check-out.
    pub expected_check_out: String,
    /// Check-out (RFC 3339).
    pub check_out: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Visa or permit.
    pub permit: Option<GuestPermitView>,
    /// Purpose.
    pub purpose: String,
    /// The stay of the group's head.
    pub group_head_id: Option<String>,
    /// Cancelled (RFC 3339).
    pub cancelled_at: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

/// All but the last three characters hidden.
pub(crate) fn mask(number: &str) -> String {
    let n = number.chars().count();
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 3 < n { '*' } else { c })
        .collect()
}

impl From<Stay> for StayView {
    fn from(s: Stay) -> Self {
        let permit = match (s.permit_kind, s.permit_number) {
            (Some(kind), Some(number)) => Some(GuestPermitView { kind, number }),
            _ => None,
        };
        StayView {
            guest: GuestView {
                surname: s.surname,
                given_names: s.given_names,
                nationality: s.nationality,
                passport_number: mask(&s.passport_number),
                passport_expiry: s.passport_expiry,
                birth_date: s.birth_date,
                sex: s.sex,
                source: s.source,
            },
            id: s.id,
            receipt_number: s.receipt_number,
            premise_id: s.premise_id,
            version: s.version,
            status: s.status,
            late: s.late,
            entry_date: s.entry_date,
            entry_port: s.entry_port,
            check_in: db::from_millis(s.check_in).to_string(),
            expected_check_out: s.expected_check_out,
            check_out: s.check_out.map(|t| db::from_millis(t).to_string()),
            room: s.room,
            permit,
            purpose: s.purpose,
            group_head_id: s.group_head_id,
            cancelled_at: s.cancelled_at.map(|t| db::from_millis(t).to_string()),
            cancel_reason: s.cancel_reason,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn masking_keeps_the_last_three() {
        assert_eq!(super::mask("L898902C3"), "******2C3");
        assert_eq!(super::mask("AB"), "AB");
    }
}
