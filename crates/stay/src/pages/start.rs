//! The service's start page (what it is; a holder's or sponsor's permits
//! and applications; staff's way to the queue) and staff's permit search.

use askama::Template;
use axum::Form;
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

use super::common::{instant_ms, is_applicant, is_staff, key, page_error, rupiah, words};
use crate::app::casefile;
use crate::app::lists::{self, OfficerList};
use crate::app::read::{self, MAX_PAGE, PermitFile};

/// A permit as a line of a list.
pub(crate) struct PermitRow {
    /// Number (the link).
    pub number: String,
    /// `ITK`, `ITAS`, `ITAP`, `GCI`.
    pub kind: String,
    /// The kind in words.
    pub kind_name: String,
    /// Machine status (for styling).
    pub status: String,
    /// Message id of the status.
    pub status_key: String,
    /// Last valid day, or "no end date".
    pub valid_until: String,
    /// The holder's name (staff lists only).
    pub holder: String,
    /// Overstay in a sentence (days and fine), if any.
    pub overstay: Option<String>,
}

/// The overstay of a permit in words: days, fine, and deportation past
/// the cap.
pub(crate) fn overstay_words(lang: Lang, f: &PermitFile) -> Option<String> {
    let o = f.overstay.as_ref()?;
    let id = if o.deportation {
        "stay-page-overstay-deportation"
    } else {
        "stay-page-overstay"
    };
    Some(lang.t_args(
        id,
        &[
            ("days", &o.days.to_string()),
            ("fine", &rupiah(o.fine.amount())),
        ],
    ))
}

impl PermitRow {
    /// The line of a permit.
    pub(crate) fn new(lang: Lang, f: &PermitFile) -> PermitRow {
        let p = &f.permit;
        PermitRow {
            number: p.number.clone(),
            kind: p.kind.clone(),
            kind_name: words(lang, "kind", &p.kind),
            status: p.status.clone(),
            status_key: key("permit-status", &p.status),
            valid_until: p
                .valid_until
                .clone()
                .unwrap_or_else(|| lang.t("stay-page-no-end")),
            holder: format!("{} {}", p.given_names, p.surname),
            overstay: overstay_words(lang, f),
        }
    }
}

/// A line of the account's applications.
pub(crate) struct AppRow {
    /// Register number.
    pub register_number: String,
    /// The kind in words.
    pub kind: String,
    /// Message id of the status.
    pub status_key: String,
    /// Last change.
    pub updated: String,
}

#[derive(Template)]
#[template(path = "stay_start.html")]
struct StartTemplate {
    page: Page,
    role: String,
    permits: Vec<PermitRow>,
    show_holder: bool,
    applications: Vec<AppRow>,
}

/// `GET /stay`: the service, and the account's permits and applications.
pub(crate) async fn start(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let (mut permits, mut applications) = (Vec::new(), Vec::new());
    let role = ctx.actor.as_ref().map(|a| a.role);
    if let Some(actor) = ctx.actor.as_ref().filter(|a| is_applicant(a)) {
        permits = read::list(&state, actor, &ctx.request_id, None, None, MAX_PAGE)
            .await
            .map_err(page_error)?
            .iter()
            .map(|f| PermitRow::new(lang, f))
            .collect();
        applications = casefile::list(&state, actor, &QueueFilter::default())
            .await
            .map_err(page_error)?
            .into_iter()
            .map(|s| AppRow {
                register_number: s.case.register_number.clone(),
                kind: words(lang, "app-kind", &s.kind),
                status_key: key("status", s.case.status.as_str()),
                updated: instant_ms(s.case.updated_at),
            })
            .collect();
    }
    render(&StartTemplate {
        page: Page::new(&ctx),
        role: role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        permits,
        show_holder: false,
        applications,
    })
}

#[derive(Template)]
#[template(path = "stay_permits.html")]
struct SearchTemplate {
    page: Page,
    office: String,
    q: String,
    list: String,
    lists: Vec<ListLink>,
    permits: Vec<PermitRow>,
    show_holder: bool,
    next: Option<String>,
}

/// A link to one of the officers' lists.
struct ListLink {
    /// Address.
    href: String,
    /// In words.
    label: String,
    /// Whether it is the list shown.
    current: bool,
}

/// The search as typed: `q` (a permit number, passport number or surname)
/// and `after` (the last number of the previous page).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
    /// `ending_soon`, `overstaying` or `in_process` (empty: all).
    #[serde(default)]
    list: String,
}

/// `GET /stay/permits` (the office's permits; `?q=` is accepted too).
pub(crate) async fn permits(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(f): Query<SearchForm>,
) -> Result<Response, PageError> {
    search(&state, &ctx, f).await
}

/// `POST /stay/permits`: the search form posts, so names and passport
/// numbers stay out of addresses and logs.
pub(crate) async fn search_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<SearchForm>,
) -> Result<Response, PageError> {
    search(&state, &ctx, f).await
}

/// Staff search their office's permits, or see one of the officers' lists
/// (ending soon, overstaying, in process); the use cases audit every list
/// and search. Holders and sponsors find theirs on the start page.
async fn search(state: &AppState, ctx: &Ctx, f: SearchForm) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    if is_applicant(&actor) {
        return Ok(Redirect::to("/stay").into_response());
    }
    if !is_staff(&actor) && actor.role != Role::Administrator {
        return Err(PageError::forbidden());
    }
    let q: String = f.q.trim().chars().take(100).collect();
    let after = Some(f.after.trim()).filter(|a| !a.is_empty() && a.len() <= 40);
    // A search looks at every permit; otherwise the list chosen, if any.
    let list = OfficerList::parse(f.list.trim()).filter(|_| q.is_empty());
    let (found, next) = match (list, Some(q.as_str()).filter(|q| !q.is_empty())) {
        (Some(l), _) => {
            let page = lists::officer_list(state, &actor, &ctx.request_id, l, after, MAX_PAGE)
                .await
                .map_err(page_error)?;
            (page.permits, page.next)
        }
        (None, q_arg) => {
            let found = read::list(state, &actor, &ctx.request_id, q_arg, after, MAX_PAGE)
                .await
                .map_err(page_error)?;
            let next = (found.len() == MAX_PAGE as usize)
                .then(|| found.last().map(|f| f.permit.number.clone()))
                .flatten();
            (found, next)
        }
    };
    let lang = ctx.lang;
    let mut lists = vec![ListLink {
        href: "/stay/permits".to_owned(),
        label: lang.t("stay-page-list-all"),
        current: list.is_none(),
    }];
    lists.extend(
        [
            OfficerList::EndingSoon,
            OfficerList::Overstaying,
            OfficerList::InProcess,
        ]
        .into_iter()
        .map(|l| ListLink {
            href: format!("/stay/permits?list={}", l.as_str()),
            label: words(lang, "list", l.as_str()),
            current: list == Some(l),
        }),
    );
    let permits = found.iter().map(|f| PermitRow::new(ctx.lang, f)).collect();
    let mut page = Page::new(ctx);
    // Search words stay out of the language switch's link.
    page.path = match list {
        Some(l) => format!("/stay/permits?list={}", l.as_str()),
        None => "/stay/permits".to_owned(),
    };
    render(&SearchTemplate {
        page,
        office: actor.office.clone().unwrap_or_default(),
        q,
        list: list.map(|l| l.as_str().to_owned()).unwrap_or_default(),
        lists,
        permits,
        show_holder: true,
        next,
    })
}
