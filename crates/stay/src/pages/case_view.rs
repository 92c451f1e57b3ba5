//! The application page's model: what the holder, the sponsor, a new
//! sponsor and office staff see of one stay application, and which forms
//! each is offered.

use askama::Template;
use imigrasi_casework::Status;
use imigrasi_platform::AppState;
use imigrasi_platform::billing;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::Page;
use imigrasi_platform::http::qr::{self, QrStyle};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Actor, Permission, Role};

use super::common::{Errors, instant_in, key, page_error, rupiah, words};
use crate::app::{casefile, office_zone, settings};
use crate::domain::appearance::Status as AppearanceStatus;
use crate::domain::application::ApplicationKind;
use crate::domain::permit::PermitKind;

/// A step of the timeline.
pub(crate) struct StepRow {
    /// When.
    pub at: String,
    /// Message id of the status it led to.
    pub status_key: String,
    /// Who took it, in words.
    pub role: String,
    /// Reason or note.
    pub note: String,
}

/// An attached document.
pub(crate) struct DocRow {
    /// Id (for the file link).
    pub id: String,
    /// The kind in words.
    pub kind: String,
    /// MIME type.
    pub content_type: String,
    /// Size in KiB.
    pub size: String,
    /// Whether the viewer may open the file.
    pub readable: bool,
}

/// A kind the upload form offers.
pub(crate) struct KindChoice {
    /// Machine name.
    pub value: String,
    /// In words, with whether it is in.
    pub label: String,
}

/// The fee bill.
pub(crate) struct PaymentBox {
    /// 15-digit billing code.
    pub billing_code: String,
    /// Amount.
    pub amount: String,
    /// Deadline.
    pub deadline: String,
    /// Message id of its status.
    pub status_key: String,
    /// Whether it still waits for payment.
    pub unpaid: bool,
}

/// The signed permit an approval issued.
pub(crate) struct IssuedBox {
    /// The permit's number.
    pub number: String,
    /// Its last valid day (or "no end date").
    pub valid_until: String,
    /// When it was signed.
    pub issued_at: String,
    /// The QR code as inline SVG.
    pub qr_svg: String,
}

/// An appearance at the office asked for.
pub(crate) struct AppearanceRow {
    /// The code to show at the kiosk.
    pub code: String,
    /// What for, in words.
    pub purpose: String,
    /// Message id of its status.
    pub status_key: String,
    /// The booked session, in words (empty until booked).
    pub when: String,
    /// Whether the viewer may book a time for it now.
    pub can_book: bool,
}

/// The application page.
#[derive(Template)]
#[template(path = "stay_case.html")]
pub(crate) struct CaseTemplate {
    pub page: Page,
    pub errors: Errors,
    pub rn: String,
    pub status: String,
    pub status_key: String,
    pub status_note_key: String,
    pub kind: String,
    pub kind_name: String,
    pub permit_number: String,
    pub permit_kind: String,
    pub permit_until: String,
    pub office: String,
    pub name: String,
    pub fee: String,
    pub days: Option<i64>,
    pub to_kind: String,
    pub reentry_until: String,
    pub sponsor_change: bool,
    pub sponsor_accepted: bool,
    pub timeline: Vec<StepRow>,
    pub documents: Vec<DocRow>,
    pub kinds: Vec<KindChoice>,
    pub party: bool,
    pub staff: bool,
    pub can_upload: bool,
    pub can_submit: bool,
    pub can_withdraw: bool,
    pub can_accept: bool,
    pub payment: Option<PaymentBox>,
    pub demo_bank: bool,
    pub issued: Option<IssuedBox>,
    pub can_review: bool,
    pub can_decide: bool,
    pub recommendation_key: String,
    pub appearances: Vec<AppearanceRow>,
    pub can_ask_appearance: bool,
    pub sessions: Vec<KindChoice>,
}

/// Which notice an action's redirect asks for (`?done=`).
pub(crate) fn flash(lang: Lang, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "applied" => "stay-page-done-applied",
        "uploaded" => "stay-page-done-uploaded",
        "submitted" => "stay-page-done-submitted",
        "withdrawn" => "stay-page-done-withdrawn",
        "accepted" => "stay-page-done-accepted",
        "decided" => "stay-page-done-decided",
        "appearance_asked" => "stay-page-done-appearance-asked",
        "appearance_booked" => "stay-page-done-appearance-booked",
        _ => return None,
    };
    Some(lang.t(id))
}

/// Load the application for `actor` (a party, the new sponsor of a
/// sponsor change, or staff of the supervising office: the read is
/// audited by the use case) and shape the page.
pub(crate) async fn load(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    rn: &str,
    errors: Errors,
    flash: Option<String>,
) -> Result<CaseTemplate, PageError> {
    let lang = ctx.lang;
    let file = casefile::view(state, actor, &ctx.request_id, rn)
        .await
        .map_err(page_error)?;
    let case = &file.case;
    let app = &file.application;
    let permit = &file.permit;
    let party = case.is_party(actor);
    let new_sponsor = actor.role == Role::Sponsor
        && app.new_sponsor_account_id.as_deref() == Some(actor.id.as_str());
    let office = case.office_code.as_str();
    let zone = office_zone(&state.db, office)
        .await
        .map_err(PageError::from)?;
    let kind = ApplicationKind::parse(&app.kind);
    let asked: &[&str] = match (kind, PermitKind::parse(&permit.kind)) {
        (Some(k), Some(p)) => k.documents(p),
        _ => &[],
    };
    let present: Vec<&str> = file.documents.iter().map(|d| d.kind.as_str()).collect();
    let kinds = asked
        .iter()
        .map(|k| {
            let note = if present.contains(k) {
                "stay-page-doc-in"
            } else {
                "stay-page-doc-required"
            };
            KindChoice {
                value: (*k).to_owned(),
                label: format!("{} ({})", words(lang, "doc", k), lang.t(note)),
            }
        })
        .collect();
    let open = matches!(case.status, Status::Draft | Status::InfoRequested);
    let payment = file.bill.as_ref().map(|b| PaymentBox {
        billing_code: b.billing_code.clone(),
        amount: rupiah(b.amount),
        deadline: instant_in(b.expires_at, zone),
        status_key: key("bill", &b.status),
        unpaid: b.status == billing::status::UNPAID && case.status == Status::AwaitingPayment,
    });
    let issued = match (&file.issued, &file.issued_permit_number) {
        (Some(d), Some(number)) => {
            let label = lang.t_args("stay-page-issued-qr-label", &[("number", number)]);
            let style = QrStyle {
                label: &label,
                min_size: 240,
                class: Some("qr"),
            };
            Some(IssuedBox {
                number: number.clone(),
                valid_until: d
                    .valid_until
                    .clone()
                    .unwrap_or_else(|| lang.t("stay-page-no-end")),
                issued_at: instant_in(d.issued_at, zone),
                qr_svg: qr::svg(d.qr.as_bytes(), style).map_err(PageError::internal)?,
            })
        }
        _ => None,
    };
    let staff = !party && !new_sponsor;
    let review = staff && policy::allows(actor, Permission::ReviewCase { office });
    let decide = staff && policy::allows(actor, Permission::DecideCase { office });
    let appearances = file
        .appearances
        .iter()
        .map(|a| AppearanceRow {
            code: a.code.clone(),
            purpose: words(lang, "purpose", &a.purpose),
            status_key: key("appearance", a.status.as_str()),
            when: match (&a.session_date, &a.session_name) {
                (Some(d), Some(n)) => format!("{d} · {}", words(lang, "session", n)),
                _ => String::new(),
            },
            can_book: party && a.status == AppearanceStatus::Requested,
        })
        .collect();
    let can_ask_appearance = review
        && matches!(case.status, Status::InReview | Status::InfoRequested)
        && !file.appearances.iter().any(|a| !a.status.is_final());
    let sessions = settings(state)
        .appearances
        .sessions
        .iter()
        .map(|s| KindChoice {
            value: s.name.clone(),
            label: words(lang, "session", &s.name),
        })
        .collect();
    let sponsor_change = kind == Some(ApplicationKind::SponsorChange);
    let sponsor_accepted = app.sponsor_accepted_at.is_some();
    let mut page = Page::new(ctx);
    page.path = format!("/stay/applications/{}", case.register_number);
    page.flash = flash;
    Ok(CaseTemplate {
        page,
        errors,
        rn: case.register_number.clone(),
        status: case.status.as_str().to_owned(),
        status_key: key("status", case.status.as_str()),
        status_note_key: key("status-note", case.status.as_str()),
        kind: app.kind.clone(),
        kind_name: words(lang, "app-kind", &app.kind),
        permit_number: permit.number.clone(),
        permit_kind: permit.kind.clone(),
        permit_until: permit
            .valid_until
            .clone()
            .unwrap_or_else(|| lang.t("stay-page-no-end")),
        office: case.office_code.clone(),
        name: format!("{} {}", permit.given_names, permit.surname),
        fee: rupiah(app.fee),
        days: app.days,
        to_kind: app.to_kind.clone().unwrap_or_default(),
        reentry_until: app.reentry_until.clone().unwrap_or_default(),
        sponsor_change,
        sponsor_accepted,
        timeline: file
            .timeline
            .iter()
            .map(|s| StepRow {
                at: instant_in(s.at, zone),
                status_key: key("status", &s.status),
                role: words(lang, "role", &s.role),
                note: s.note.clone().unwrap_or_default(),
            })
            .collect(),
        documents: file
            .documents
            .iter()
            .map(|d| DocRow {
                id: d.id.clone(),
                kind: words(lang, "doc", &d.kind),
                content_type: d.content_type.as_str().to_owned(),
                size: format!("{} KiB", (d.size.max(0) + 1023) / 1024),
                readable: policy::allows(
                    actor,
                    Permission::ReadDocument {
                        owner_id: &d.owner_id,
                        office: d.office_code.as_deref(),
                    },
                ),
            })
            .collect(),
        kinds,
        party,
        staff,
        can_upload: party && open,
        can_submit: party && open,
        can_withdraw: party
            && matches!(
                case.status,
                Status::Draft
                    | Status::Submitted
                    | Status::AwaitingPayment
                    | Status::InReview
                    | Status::InfoRequested
            ),
        can_accept: new_sponsor
            && sponsor_change
            && !sponsor_accepted
            && case.status == Status::Draft,
        demo_bank: state.config.demo,
        payment,
        issued,
        can_review: review && case.status == Status::InReview,
        can_decide: decide && case.status == Status::Recommended,
        appearances,
        can_ask_appearance,
        sessions,
        recommendation_key: case
            .recommendation
            .as_deref()
            .map(|r| key("recommendation", r))
            .unwrap_or_default(),
    })
}
