//! The HTML shell: the context every page template receives, rendering,
//! and the error pages.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::http::ctx::Ctx;
use crate::http::error::{PageError, urlencode};
use crate::i18n::Lang;
use crate::policy::Actor;

/// What the base layout needs: language, who is logged in, where we are.
#[derive(Debug, Clone)]
pub struct Page {
    /// Language of the page.
    pub lang: Lang,
    /// The logged-in account.
    pub actor: Option<Actor>,
    /// Path and query of this page (for the language switch).
    pub path: String,
    /// A one-line notice shown at the top.
    pub flash: Option<String>,
}

impl Page {
    /// The page context for a request.
    pub fn new(ctx: &Ctx) -> Page {
        Page {
            lang: ctx.lang,
            actor: ctx.actor.clone(),
            path: ctx.path.clone(),
            flash: None,
        }
    }

    /// Translate a message id.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Translate with arguments.
    pub fn ta(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.t_args(key, &[(name, value)])
    }

    /// The language code for `<html lang>`.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// This page's path, encoded for a `next=` parameter.
    pub fn next_param(&self) -> String {
        urlencode(&self.path)
    }
}

/// An instant (milliseconds since the epoch) in an office's time, to the
/// minute: "2026-12-01 15:05 WITA".
pub fn instant_in(ms: i64, zone: imigrasi_core::OfficeZone) -> String {
    let local = zone.time_zone().to_datetime(crate::db::from_millis(ms));
    format!(
        "{} {:02}:{:02} {}",
        local.date(),
        local.hour(),
        local.minute(),
        zone.abbreviation()
    )
}

/// Render a template into an HTML response.
pub fn render<T: Template>(t: &T) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}

/// Render a template with a status other than 200 (a form shown again
/// with its errors: 422, 409, …).
pub fn render_with<T: Template>(
    t: &T,
    status: axum::http::StatusCode,
) -> Result<Response, PageError> {
    let mut res = render(t)?;
    *res.status_mut() = status;
    Ok(res)
}

/// One error shown above a form and next to its field.
#[derive(Debug, Clone)]
pub struct FormError {
    /// Id of the input it concerns (empty: the whole form).
    pub field: String,
    /// Translated message.
    pub message: String,
}

/// The errors of a submitted form, in the order found (the pages list
/// them above the form and show each next to its input).
#[derive(Debug, Clone, Default)]
pub struct Errors(Vec<FormError>);

impl Errors {
    /// Add an error for a field (`""` for the whole form).
    pub fn add(&mut self, field: &str, message: String) {
        self.0.push(FormError {
            field: field.to_owned(),
            message,
        });
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All errors, in the order found.
    pub fn list(&self) -> &[FormError] {
        &self.0
    }

    /// The first message for a field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether a field has an error.
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    page: Page,
    status: u16,
    message_key: &'a str,
}

/// Render the error page for a status.
pub fn error_page(
    lang: Lang,
    actor: Option<Actor>,
    path: &str,
    status: u16,
    message_key: &str,
) -> Option<String> {
    ErrorTemplate {
        page: Page {
            lang,
            actor,
            path: path.to_owned(),
            flash: None,
        },
        status,
        message_key,
    }
    .render()
    .ok()
}

/// The message id explaining a bare status.
pub fn status_message_key(status: u16) -> &'static str {
    match status {
        404 => "error-not-found",
        403 => "error-forbidden",
        405 => "error-method",
        408 => "error-timeout",
        413 => "error-too-large",
        503 => "error-unavailable",
        s if s >= 500 => "error-internal",
        _ => "error-bad-request",
    }
}

/// Rows per page of a list.
pub const PER_PAGE: usize = 20;

/// Links between the pages of a list.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// This page (1-based).
    pub page: usize,
    /// How many pages.
    pub pages: usize,
    /// The previous page's address.
    pub prev: Option<String>,
    /// The next page's address.
    pub next: Option<String>,
}

impl Pager {
    /// The rows of page `page` of `rows`, and the links (`base` ends with
    /// `?` or `&`).
    pub fn slice<T>(rows: Vec<T>, page: usize, base: &str) -> (Vec<T>, Pager) {
        let pages = rows.len().div_ceil(PER_PAGE).max(1);
        let page = page.clamp(1, pages);
        let link = |p: usize| format!("{base}page={p}");
        let pager = Pager {
            page,
            pages,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        };
        let rows = rows
            .into_iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .collect();
        (rows, pager)
    }

    /// Whether there is more than one page.
    pub fn shown(&self) -> bool {
        self.pages > 1
    }

    /// "2 / 5".
    pub fn position(&self) -> String {
        format!("{} / {}", self.page, self.pages)
    }
}

#[cfg(test)]
mod pager_tests {
    use super::{Pager, instant_in};

    #[test]
    fn instants_in_an_office_zone() {
        let zone = imigrasi_core::OfficeZone::Makassar;
        assert_eq!(instant_in(0, zone), "1970-01-01 08:00 WITA");
    }

    #[test]
    fn pages_of_a_list() {
        let (rows, p) = Pager::slice((0..45).collect::<Vec<_>>(), 3, "/x?");
        assert_eq!(rows, vec![40, 41, 42, 43, 44]);
        assert_eq!((p.page, p.pages), (3, 3));
        assert_eq!(p.prev.as_deref(), Some("/x?page=2"));
        assert!(p.next.is_none());
        let (rows, p) = Pager::slice(Vec::<u8>::new(), 9, "/x?");
        assert!(rows.is_empty() && !p.shown() && p.page == 1);
    }
}
