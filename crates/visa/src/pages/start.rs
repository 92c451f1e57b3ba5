//! The service's start page (the visa index, and where to begin) and the
//! applicant's list of applications.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_casework::store::QueueFilter;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Role;
use serde::Deserialize;

use super::common::{Pager, db_error, instant_ms, is_applicant, is_staff, key, page_error, rupiah};
use crate::app::view;
use crate::domain::visa_type::{SponsorKind, VisaType};
use crate::store::types;

/// A document an index asks for.
pub(crate) struct DocLine {
    /// Translated kind.
    pub label: String,
    /// Whether it is required.
    pub required: bool,
}

/// One index as the pages show it.
pub(crate) struct TypeCard {
    /// Code, e.g. `C1`.
    pub code: String,
    /// Name in the page's language.
    pub name: String,
    /// Purpose (as recorded).
    pub purpose: String,
    /// Who sponsors it, in words.
    pub sponsor: String,
    /// Entries, stay and validity in a sentence.
    pub terms: String,
    /// Fee.
    pub fee: String,
    /// Documents asked for.
    pub documents: Vec<DocLine>,
    /// Whether the visitor's account may apply for it.
    pub can_apply: bool,
}

impl TypeCard {
    /// The card of an index for a visitor (`role` when logged in).
    pub(crate) fn new(lang: Lang, t: &VisaType, role: Option<Role>) -> TypeCard {
        let can_apply = match role {
            Some(Role::Foreigner) => t.sponsor == SponsorKind::None,
            Some(Role::Sponsor) => t.sponsor != SponsorKind::None,
            _ => false,
        };
        TypeCard {
            code: t.code.clone(),
            name: if lang.code() == "en" {
                t.name_en.clone()
            } else {
                t.name_id.clone()
            },
            purpose: t.purpose.clone(),
            sponsor: lang.t(&key("sponsor", t.sponsor.as_str())),
            terms: lang.t_args(
                &key("terms", &t.entries),
                &[
                    ("stay", &t.stay_days.to_string()),
                    ("within", &t.use_within_days.to_string()),
                    ("months", &t.min_passport_validity_months.to_string()),
                ],
            ),
            fee: rupiah(t.fee),
            documents: t
                .documents
                .iter()
                .map(|d| DocLine {
                    label: lang.t(&key("doc", &d.kind)),
                    required: d.required,
                })
                .collect(),
            can_apply,
        }
    }
}

#[derive(Template)]
#[template(path = "visa_start.html")]
struct StartTemplate {
    page: Page,
    types: Vec<TypeCard>,
    role: String,
}

/// `GET /visa`: the index in force and where to begin.
pub(crate) async fn start(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let role = ctx.actor.as_ref().map(|a| a.role);
    let types = types::list_current(&state.db)
        .await
        .map_err(db_error)?
        .iter()
        .map(|t| TypeCard::new(ctx.lang, t, role))
        .collect();
    render(&StartTemplate {
        page: Page::new(&ctx),
        types,
        role: role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
    })
}

/// A line of the applicant's list.
pub(crate) struct Row {
    /// Register number.
    pub register_number: String,
    /// Visa index code.
    pub visa_type: String,
    /// Message id of the status.
    pub status_key: String,
    /// Last change.
    pub updated: String,
}

#[derive(Template)]
#[template(path = "visa_mine.html")]
struct MineTemplate {
    page: Page,
    rows: Vec<Row>,
    pager: Pager,
    sponsor: bool,
}

/// `?page=`.
#[derive(Deserialize)]
pub(crate) struct PageQuery {
    page: Option<usize>,
}

/// `GET /visa/applications`: the account's applications (staff go to
/// their queue).
pub(crate) async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    if is_staff(&actor) {
        return Ok(Redirect::to("/visa/queue").into_response());
    }
    if !is_applicant(&actor) {
        return Err(PageError::forbidden());
    }
    let found = view::list(&state, &actor, &QueueFilter::default(), None)
        .await
        .map_err(page_error)?;
    let rows = found
        .into_iter()
        .map(|s| Row {
            register_number: s.case.register_number.clone(),
            visa_type: s.visa_type,
            status_key: key("status", s.case.status.as_str()),
            updated: instant_ms(s.case.updated_at),
        })
        .collect();
    let (rows, pager) = Pager::slice(rows, q.page.unwrap_or(1), "/visa/applications?");
    render(&MineTemplate {
        page: Page::new(&ctx),
        rows,
        pager,
        sponsor: actor.role == Role::Sponsor,
    })
}
