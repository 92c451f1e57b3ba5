//! The counter page's walk-in form: a priority walk-in (a `P` ticket), or
//! a lost or damaged passport (an `A` ticket and a case the service
//! examines): check, register, or show the form again with its errors.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use imigrasi_core::{IdentityError, IdentityField, check_identity};
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::{AppState, identity};
use jiff::Timestamp;

use super::{
    CASE_SERVICES, Extra, FieldError, WalkInForm, back, office, operator, origin, render_page,
};
use crate::api::{ApplicantBody, walk_in_person};
use crate::app::{self, Floor, WalkIn, WalkInError};
use crate::domain::{PriorityReason, PriorityRefusal, parse_counter};
use crate::port::{CaseRefusal, CaseRequest, FloorServices};

fn present(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The applicant's errors, in the order of the form.
fn applicant_errors(lang: Lang, e: &IdentityError) -> Vec<FieldError> {
    identity::messages(lang, e)
        .into_iter()
        .map(|(field, message)| FieldError {
            field: match field {
                IdentityField::Nik => "walk-in-nik",
                IdentityField::FullName => "walk-in-name",
                IdentityField::BirthDate => "walk-in-birth",
                IdentityField::Sex => "walk-in-sex-M",
            },
            message,
        })
        .collect()
}

fn refusal_message(lang: Lang, r: PriorityRefusal) -> FieldError {
    let (field, key) = match r {
        PriorityRefusal::BornInFuture => ("walk-in-birth", "floor-walk-in-error-future"),
        PriorityRefusal::TooYoungForElderly { .. } => {
            ("walk-in-reason-elderly", "floor-walk-in-error-elderly")
        }
        PriorityRefusal::TooOldForChild { .. } => {
            ("walk-in-reason-child_under_5", "floor-walk-in-error-child")
        }
        PriorityRefusal::PregnantNotFemale => {
            ("walk-in-reason-pregnant", "floor-walk-in-error-pregnant")
        }
    };
    FieldError {
        field,
        message: lang.t(key),
    }
}

/// Where a refused case's message goes on the form.
fn case_field(r: &CaseRefusal) -> &'static str {
    match r.field {
        Some("passport_type") => "walk-in-type-regular",
        Some("validity_years") => "walk-in-validity-5",
        _ if r.code == "validity_not_allowed" => "walk-in-validity-5",
        _ if r.code == "already_booked" => "walk-in-nik",
        _ => "walk-in-reason-elderly",
    }
}

/// `POST /offices/{code}/counter/walk-ins`: register a walk-in.
pub(crate) async fn walk_in(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<WalkInForm>,
) -> Result<Response, PageError> {
    let (office, zone) = office(&state, &code).await?;
    operator(&ctx, &office)?;
    let lang = ctx.lang;
    let counter = parse_counter(&form.counter);
    let mut errors = Vec::new();
    let case = CASE_SERVICES.into_iter().find(|s| *s == form.reason);
    let reason = form.reason.parse::<PriorityReason>().ok();
    if reason.is_none() && case.is_none() {
        errors.push(FieldError {
            field: "walk-in-reason-elderly",
            message: lang.t("floor-walk-in-error-reason"),
        });
    }
    let body = ApplicantBody {
        nik: present(&form.nik),
        full_name: present(&form.full_name),
        birth_date: present(&form.birth_date),
        sex: present(&form.sex),
    };
    let person = match check_identity(body.input()) {
        Ok(a) => Some(walk_in_person(&state, &a)),
        Err(e) => {
            errors.extend(applicant_errors(lang, &e));
            None
        }
    };
    let Some(person) = person.filter(|_| errors.is_empty()) else {
        let extra = Extra {
            notice: None,
            error: None,
            walk_in: form,
            walk_in_errors: errors,
            case_page: services.case_page(),
        };
        return render_page(
            &state,
            &ctx,
            &services,
            &office,
            zone,
            counter,
            extra,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let floor = Floor {
        db: &state.db,
        events: &state.events,
        services: &services,
    };
    let registered = match (reason, case) {
        (Some(reason), _) => {
            app::walk_in(
                floor,
                &office.code,
                &WalkIn { person, reason },
                origin(&ctx),
                Timestamp::now(),
            )
            .await
        }
        (None, service) => {
            let passport_type = present(&form.passport_type);
            let request = CaseRequest {
                office: &office.code,
                person: &person,
                service: service.unwrap_or_default(),
                passport_type: passport_type.as_deref(),
                validity_years: form.validity_years.trim().parse().ok(),
                purpose: None,
                married: !form.married.is_empty(),
            };
            match app::walk_in_case(floor, &request, origin(&ctx), Timestamp::now()).await {
                Ok((t, case)) => {
                    return Ok(back(
                        &office.code,
                        counter.as_deref(),
                        &[
                            ("done", "walk-in-case"),
                            ("t", &t.number),
                            ("b", &case.code),
                        ],
                    ));
                }
                Err(e) => Err(e),
            }
        }
    };
    let (status, error) = match registered {
        Ok(t) => {
            return Ok(back(
                &office.code,
                counter.as_deref(),
                &[("done", "walk-in"), ("t", &t.number)],
            ));
        }
        Err(WalkInError::Priority(r)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, refusal_message(lang, r))
        }
        Err(WalkInError::PriorityCapReached { cap }) => (
            StatusCode::CONFLICT,
            FieldError {
                field: "walk-in-reason-elderly",
                message: lang.t_args("floor-counter-error-cap", &[("cap", &cap.to_string())]),
            },
        ),
        Err(WalkInError::AlreadyCheckedIn) => (
            StatusCode::CONFLICT,
            FieldError {
                field: "walk-in-nik",
                message: lang.t("floor-walk-in-error-already"),
            },
        ),
        Err(WalkInError::CaseRefused(r)) => (
            if r.conflict {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            FieldError {
                field: case_field(&r),
                message: lang.t(r.message_key),
            },
        ),
        Err(WalkInError::Db(e)) => return Err(PageError::from(e)),
    };
    let extra = Extra {
        notice: None,
        error: None,
        walk_in: form,
        walk_in_errors: vec![error],
        case_page: services.case_page(),
    };
    render_page(
        &state, &ctx, &services, &office, zone, counter, extra, status,
    )
    .await
}
