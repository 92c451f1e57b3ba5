//! The counter page's priority walk-in form: check, register, or show the
//! form again with its errors.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use imigrasi_core::{Nik, Sex};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, PageError};
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use jiff::civil::Date;

use super::{Extra, FieldError, WalkInForm, back, office, operator, origin, render_page};
use crate::api::{ApplicantBody, check_applicant};
use crate::app::{self, Floor, WalkIn, WalkInError};
use crate::domain::{PriorityReason, PriorityRefusal, parse_counter};
use crate::port::FloorServices;

fn present(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The applicant's errors, in the order of the form.
fn applicant_errors(lang: Lang, e: &ApiError, form: &WalkInForm) -> Vec<FieldError> {
    let mut out = Vec::new();
    match e.code {
        "invalid_input" => {
            // The API's own (translated) messages, in the order of the form.
            for (field, id) in [
                ("applicant.nik", "walk-in-nik"),
                ("applicant.full_name", "walk-in-name"),
                ("applicant.birth_date", "walk-in-birth"),
                ("applicant.sex", "walk-in-sex-M"),
            ] {
                if let Some(message) = e.fields.get(field) {
                    out.push(FieldError {
                        field: id,
                        message: message.clone(),
                    });
                }
            }
        }
        "invalid_nik" => {
            let key = match Nik::parse(form.nik.trim()) {
                Err(e) => format!("floor-applicant-error-{}", e.code().replace('_', "-")),
                Ok(_) => "floor-applicant-error-nik-invalid".to_owned(),
            };
            out.push(FieldError {
                field: "walk-in-nik",
                message: lang.t(&key),
            });
        }
        "identity_mismatch" => {
            let nik = Nik::parse(form.nik.trim()).ok();
            let birth = form.birth_date.trim().parse::<Date>().ok();
            let sex = Sex::parse(&form.sex).ok();
            let mismatch = match (nik, birth, sex) {
                (Some(n), Some(b), Some(s)) => n.check_identity(b, s).err(),
                _ => None,
            };
            let (field, key) = match mismatch.map(|m| m.code()) {
                Some("identity_birth_date_mismatch") => {
                    ("walk-in-birth", "floor-applicant-error-identity-birth")
                }
                Some("identity_sex_mismatch") => {
                    ("walk-in-sex-M", "floor-applicant-error-identity-sex")
                }
                _ => ("walk-in-nik", "floor-applicant-error-identity-both"),
            };
            out.push(FieldError {
                field,
                message: lang.t(key),
            });
        }
        _ => {}
    }
    if out.is_empty() {
        out.push(FieldError {
            field: "walk-in-nik",
            message: lang.t("error-bad-request"),
        });
    }
    out
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

/// `POST /offices/{code}/counter/walk-ins`: register a priority walk-in.
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
    let reason = form.reason.parse::<PriorityReason>().ok();
    if reason.is_none() {
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
    let person = match check_applicant(&state, lang, Some(&body)) {
        Ok(a) => Some(a),
        Err(e) => {
            errors.extend(applicant_errors(lang, &e, &form));
            None
        }
    };
    let (Some(reason), Some(person)) = (reason, person) else {
        let extra = Extra {
            notice: None,
            error: None,
            walk_in: form,
            walk_in_errors: errors,
        };
        return render_page(
            &state,
            &ctx,
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
    let registered = app::walk_in(
        floor,
        &office.code,
        &WalkIn { person, reason },
        origin(&ctx),
        Timestamp::now(),
    )
    .await;
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
        Err(WalkInError::Db(e)) => return Err(PageError::from(e)),
    };
    let extra = Extra {
        notice: None,
        error: None,
        walk_in: form,
        walk_in_errors: vec![error],
    };
    render_page(&state, &ctx, &office, zone, counter, extra, status).await
}
