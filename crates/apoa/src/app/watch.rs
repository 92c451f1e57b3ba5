//! Supervision by the office's officers and supervisors (administrators:
//! every office): the search of stays and a guest's movements across
//! premises. Every search and every read is audited (`apoa.search`,
//! `apoa.movements`), without the criteria's values.

use std::collections::BTreeMap;

use imigrasi_core::{Nationality, OfficeZone, PassportNumber};
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db};
use jiff::ToSpan;

use super::{ApoaError, field, office_zone, passport_index};
use crate::domain::{date, one_line};
use crate::store::watch::{self, Criteria, Found};

/// Default stays per page.
pub const PER_PAGE: u64 = 50;
/// Most stays per page.
pub const MAX_PER_PAGE: u64 = 200;

/// The area `actor` supervises: `None` for administrators (every office),
/// else the actor's office; [`ApoaError::Forbidden`] for anyone else.
pub fn scope(actor: &Actor) -> Result<Option<String>, ApoaError> {
    let office = match actor.role {
        Role::Administrator => None,
        _ => Some(actor.office.clone().unwrap_or_default()),
    };
    let asked = office.as_deref().unwrap_or("");
    policy::authorize(actor, Permission::SuperviseApoa { office: asked })
        .map_err(|_| ApoaError::Forbidden)?;
    Ok(office)
}

/// The zone dates of `office`'s area are read in (Jakarta for every office).
pub(crate) async fn scope_zone(
    state: &AppState,
    office: Option<&str>,
) -> Result<OfficeZone, ApoaError> {
    Ok(match office {
        Some(o) => office_zone(&state.db, o).await?,
        None => OfficeZone::Jakarta,
    })
}

/// Offices' zones, looked up once per request.
#[derive(Debug, Default)]
pub(crate) struct Zones(BTreeMap<String, OfficeZone>);

impl Zones {
    pub(crate) async fn of(
        &mut self,
        state: &AppState,
        office: &str,
    ) -> Result<OfficeZone, ApoaError> {
        if let Some(z) = self.0.get(office) {
            return Ok(*z);
        }
        let z = office_zone(&state.db, office).await?;
        self.0.insert(office.to_owned(), z);
        Ok(z)
    }
}

/// Append a supervision read's audit row.
pub(crate) async fn audited(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    (action, object_id): (&'static str, &str),
    office: Option<&str>,
    detail: serde_json::Value,
) -> Result<(), ApoaError> {
    db::write(&state.db, |txn| {
        let detail = detail.clone();
        async move {
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action,
                    object_type: "apoa_stay",
                    object_id,
                    office,
                    request_id: Some(request_id),
                    detail,
                },
            )
            .await?;
            Ok::<_, ApoaError>(())
        }
    })
    .await
}

/// What an officer searches by (`GET /api/v1/apoa/stays` and
/// `POST /api/v1/apoa/stays/search`); every field optional. (No `Debug`:
/// it holds personal data.)
#[derive(Clone, Default)]
pub struct Search {
    /// Passport number (matched through its blind index).
    pub passport_number: Option<String>,
    /// Part of the surname or given names, any case.
    pub name: Option<String>,
    /// Nationality code.
    pub nationality: Option<String>,
    /// Premise id.
    pub premise: Option<String>,
    /// Stays not ended before this day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Stays begun by this day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Stays per page (1 to [`MAX_PER_PAGE`], default [`PER_PAGE`]).
    pub per_page: Option<u64>,
}

impl std::fmt::Debug for SearchPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchPage")
            .field("found", &self.stays.len())
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

/// A page of a search.
#[derive(Clone)]
pub struct SearchPage {
    /// The stays, newest check-in first, with their premise.
    pub stays: Vec<Found>,
    /// This page, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Stays matching in all.
    pub total: i64,
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The page and its size, checked.
pub fn paging(page: Option<u64>, per_page: Option<u64>) -> Result<(u64, u64), ApoaError> {
    let page = page.unwrap_or(1);
    if page == 0 || page > 1_000_000 {
        return Err(field("page", "invalid"));
    }
    let per_page = per_page.unwrap_or(PER_PAGE);
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(field("per_page", "invalid"));
    }
    Ok((page, per_page))
}

fn criteria(
    state: &AppState,
    s: &Search,
    zone: OfficeZone,
) -> Result<(Criteria, Vec<&'static str>), ApoaError> {
    let mut c = Criteria::default();
    let mut used = Vec::new();
    let mut errors = crate::domain::FieldErrors::new();
    if let Some(p) = given(&s.passport_number) {
        match PassportNumber::parse(p) {
            Ok(p) => c.passport_index = Some(passport_index(state, p.as_str())),
            Err(_) => {
                errors.insert("passport_number".into(), "invalid");
            }
        }
        used.push("passport_number");
    }
    if let Some(n) = given(&s.name) {
        match one_line(n, 100) {
            Some(n) => c.name = Some(n),
            None => {
                errors.insert("name".into(), "invalid");
            }
        }
        used.push("name");
    }
    if let Some(n) = given(&s.nationality) {
        match Nationality::parse(n) {
            Ok(n) => c.nationality = Some(n.as_str().to_owned()),
            Err(_) => {
                errors.insert("nationality".into(), "invalid");
            }
        }
        used.push("nationality");
    }
    if let Some(p) = given(&s.premise) {
        c.premise_id = Some(p.to_owned());
        used.push("premise");
    }
    let midnight = jiff::civil::Time::midnight();
    let from = given(&s.from).map(|d| date(d).ok_or("from"));
    let to = given(&s.to).map(|d| date(d).ok_or("to"));
    for (name, d) in [("from", from), ("to", to)] {
        match d {
            None => {}
            Some(Err(_)) => {
                errors.insert(name.into(), "invalid");
            }
            Some(Ok(d)) => {
                used.push(name);
                if name == "from" {
                    c.from = Some(db::millis(zone.local_to_utc(d, midnight)));
                } else {
                    let next = d.checked_add(1.day()).unwrap_or(d);
                    c.to = Some(db::millis(zone.local_to_utc(next, midnight)));
                }
            }
        }
    }
    if let (Some(f), Some(t)) = (c.from, c.to)
        && t <= f
    {
        errors.insert("to".into(), "invalid");
    }
    if errors.is_empty() {
        Ok((c, used))
    } else {
        Err(ApoaError::InvalidInput(errors))
    }
}

/// Search the stays of the actor's area (audited `apoa.search`: which
/// criteria, never their values, and how many were found).
pub async fn search(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    s: Search,
) -> Result<SearchPage, ApoaError> {
    let office = scope(actor)?;
    let (page, per_page) = paging(s.page, s.per_page)?;
    let zone = scope_zone(state, office.as_deref()).await?;
    let (criteria, used) = criteria(state, &s, zone)?;
    let offset = (page - 1).saturating_mul(per_page);
    let (stays, total) =
        watch::search(&state.db, office.as_deref(), &criteria, per_page, offset).await?;
    let detail = serde_json::json!({
        "criteria": used, "page": page, "found": stays.len(), "total": total,
    });
    audited(
        state,
        actor,
        request_id,
        ("apoa.search", ""),
        office.as_deref(),
        detail,
    )
    .await?;
    Ok(SearchPage {
        stays,
        page,
        per_page,
        total,
    })
}

/// Whose movements: a passport (and nationality), or a stay's guest.
/// (No `Debug`: it may hold a passport number.)
#[derive(Clone)]
pub enum Whose {
    /// A passport number, of one nationality when given.
    Passport {
        /// The number.
        number: String,
        /// Nationality code.
        nationality: Option<String>,
    },
    /// The guest of a stay in the actor's area.
    Stay(String),
}

/// Every stay (not cancelled) of a passport in the actor's area, by
/// check-in, with the premise's name and regency (audited
/// `apoa.movements`). A stay outside the area is [`ApoaError::NotFound`].
pub async fn movements(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    whose: Whose,
) -> Result<Vec<Found>, ApoaError> {
    let office = scope(actor)?;
    let office = office.as_deref();
    let (index, nationality, stay_id) = match &whose {
        Whose::Passport {
            number,
            nationality,
        } => {
            let number = PassportNumber::parse(number.trim())
                .map_err(|_| field("passport_number", "invalid"))?;
            let nationality = match given(nationality) {
                None => None,
                Some(n) => Some(
                    Nationality::parse(n)
                        .map_err(|_| field("nationality", "invalid"))?
                        .as_str()
                        .to_owned(),
                ),
            };
            (passport_index(state, number.as_str()), nationality, "")
        }
        Whose::Stay(id) => {
            let found = watch::find(&state.db, office, id.trim())
                .await?
                .ok_or(ApoaError::NotFound)?;
            (
                found.stay.passport_index,
                Some(found.stay.nationality),
                id.trim(),
            )
        }
    };
    let stays = watch::of_passport(&state.db, office, &index, nationality.as_deref()).await?;
    let detail = serde_json::json!({
        "by": if stay_id.is_empty() { "passport" } else { "stay" }, "found": stays.len(),
    });
    audited(
        state,
        actor,
        request_id,
        ("apoa.movements", stay_id),
        office,
        detail,
    )
    .await?;
    Ok(stays)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, office: Option<&str>) -> Actor {
        Actor {
            id: "a1".into(),
            email: "a@example.id".into(),
            full_name: "A".into(),
            role,
            office: office.map(str::to_owned),
            email_verified: true,
        }
    }

    #[test]
    fn the_area_is_the_office_or_everything_for_administrators() {
        let officer = actor(Role::Officer, Some("DENPASAR"));
        assert_eq!(scope(&officer).ok(), Some(Some("DENPASAR".to_owned())));
        let admin = actor(Role::Administrator, None);
        assert_eq!(scope(&admin).ok(), Some(None));
        for role in [Role::Lodging, Role::Citizen, Role::Mission, Role::Foreigner] {
            assert!(matches!(
                scope(&actor(role, None)),
                Err(ApoaError::Forbidden)
            ));
        }
    }

    #[test]
    fn pages_are_bounded() {
        assert_eq!(paging(None, None).ok(), Some((1, PER_PAGE)));
        assert!(paging(Some(0), None).is_err());
        assert!(paging(None, Some(MAX_PER_PAGE + 1)).is_err());
        assert_eq!(paging(Some(3), Some(10)).ok(), Some((3, 10)));
    }
}
