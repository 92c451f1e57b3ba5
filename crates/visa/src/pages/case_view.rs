//! The case page's model: what the applicant, the sponsor and office staff
//! see of one application, and which forms each is offered.

use askama::Template;
use imigrasi_casework::Status;
use imigrasi_platform::AppState;
use imigrasi_platform::billing;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::Page;
use imigrasi_platform::http::qr::{self, QrStyle};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Actor, Permission};

use super::common::{Errors, db_error, instant_ms, key, page_error, rupiah};
use crate::app::{today, view};
use crate::domain::evisa;
use crate::store::types;

/// A step of the timeline.
pub(crate) struct StepRow {
    /// When.
    pub at: String,
    /// Message id of the status it led to.
    pub status_key: String,
    /// Message id of the role that took it.
    pub role_key: String,
    /// Reason or note.
    pub note: String,
}

/// An attached document.
pub(crate) struct DocRow {
    /// Id (for the file link).
    pub id: String,
    /// Translated kind.
    pub kind: String,
    /// MIME type.
    pub content_type: String,
    /// Size in KiB.
    pub size: String,
    /// Whether the viewer may open the file (its uploader, or staff of the
    /// office: a named foreigner does not open the sponsor's uploads).
    pub readable: bool,
}

/// A kind the upload form offers.
pub(crate) struct KindChoice {
    /// Machine name.
    pub value: String,
    /// Translated, with "required" or "optional" and whether it is in.
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

/// The e-Visa.
pub(crate) struct EVisaBox {
    /// Number.
    pub number: String,
    /// First day.
    pub valid_from: String,
    /// Last day to enter.
    pub valid_until: String,
    /// Message id of its status now.
    pub status_key: String,
    /// Whether it is still issued (may be revoked).
    pub issued: bool,
    /// The QR code as inline SVG.
    pub qr_svg: String,
}

/// The case page.
#[derive(Template)]
#[template(path = "visa_case.html")]
pub(crate) struct CaseTemplate {
    pub page: Page,
    pub errors: Errors,
    pub rn: String,
    pub status: String,
    pub status_key: String,
    pub status_note_key: String,
    pub visa_type: String,
    pub type_name: String,
    pub office: String,
    pub name: String,
    pub nationality: String,
    pub passport_number: String,
    pub passport_expiry: String,
    pub birth_date: String,
    pub sex_key: String,
    pub email: String,
    pub intended_arrival: String,
    pub timeline: Vec<StepRow>,
    pub documents: Vec<DocRow>,
    pub kinds: Vec<KindChoice>,
    pub party: bool,
    pub can_upload: bool,
    pub can_submit: bool,
    pub can_withdraw: bool,
    pub payment: Option<PaymentBox>,
    pub demo_bank: bool,
    pub evisa: Option<EVisaBox>,
    pub can_review: bool,
    pub can_decide: bool,
    pub recommendation_key: String,
    pub can_revoke: bool,
}

/// Which notice an action's redirect asks for (`?done=`).
pub(crate) fn flash(lang: Lang, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "applied" => "visa-done-applied",
        "uploaded" => "visa-done-uploaded",
        "submitted" => "visa-done-submitted",
        "withdrawn" => "visa-done-withdrawn",
        "decided" => "visa-done-decided",
        "revoked" => "visa-done-revoked",
        _ => return None,
    };
    Some(lang.t(id))
}

/// Load the case for `actor` (a party, or staff of the processing office:
/// the read is audited by the use case) and shape the page.
pub(crate) async fn load(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    rn: &str,
    errors: Errors,
    flash: Option<String>,
) -> Result<CaseTemplate, PageError> {
    let lang = ctx.lang;
    let file = view::view(state, actor, &ctx.request_id, rn)
        .await
        .map_err(page_error)?;
    let case = &file.case;
    let app = &file.application;
    let party = case.is_party(actor);
    let office = case.office_code.as_str();
    let vt = types::find(&state.db, &app.visa_type)
        .await
        .map_err(db_error)?
        .map(|(t, _)| t);
    let type_name = vt.as_ref().map_or_else(String::new, |t| {
        if lang.code() == "en" {
            t.name_en.clone()
        } else {
            t.name_id.clone()
        }
    });
    let present: Vec<&str> = file.documents.iter().map(|d| d.kind.as_str()).collect();
    let kinds = vt.as_ref().map_or_else(Vec::new, |t| {
        t.documents
            .iter()
            .map(|d| {
                let mut label = lang.t(&key("doc", &d.kind));
                let note = match (d.required, present.contains(&d.kind.as_str())) {
                    (_, true) => "visa-doc-in",
                    (true, false) => "visa-doc-required",
                    (false, false) => "visa-optional",
                };
                label.push_str(&format!(" ({})", lang.t(note)));
                KindChoice {
                    value: d.kind.clone(),
                    label,
                }
            })
            .collect()
    });
    let open = matches!(case.status, Status::Draft | Status::InfoRequested);
    let payment = file.bill.as_ref().map(|b| PaymentBox {
        billing_code: b.billing_code.clone(),
        amount: rupiah(b.amount),
        deadline: instant_ms(b.expires_at),
        status_key: key("bill", &b.status),
        unpaid: b.status == billing::status::UNPAID && case.status == Status::AwaitingPayment,
    });
    let evisa = match &file.evisa {
        Some(e) => {
            let until = e
                .valid_until
                .parse::<jiff::civil::Date>()
                .unwrap_or(jiff::civil::Date::MIN);
            let now = evisa::effective_status(&e.status, until, today(jiff::Timestamp::now()));
            let label = lang.t_args("visa-evisa-qr-label", &[("number", &e.number)]);
            let style = QrStyle {
                label: &label,
                min_size: 240,
                class: Some("qr"),
            };
            Some(EVisaBox {
                number: e.number.clone(),
                valid_from: e.valid_from.clone(),
                valid_until: e.valid_until.clone(),
                status_key: key("evisa-status", now),
                issued: e.status == evisa::status::ISSUED,
                qr_svg: qr::svg(e.qr.as_bytes(), style).map_err(PageError::internal)?,
            })
        }
        None => None,
    };
    let review = !party && policy::allows(actor, Permission::ReviewCase { office });
    let decide = !party && policy::allows(actor, Permission::DecideCase { office });
    let mut page = Page::new(ctx);
    page.path = format!("/visa/applications/{}", case.register_number);
    page.flash = flash;
    Ok(CaseTemplate {
        page,
        errors,
        rn: case.register_number.clone(),
        status: case.status.as_str().to_owned(),
        status_key: key("status", case.status.as_str()),
        status_note_key: key("status-note", case.status.as_str()),
        visa_type: app.visa_type.clone(),
        type_name,
        office: case.office_code.clone(),
        name: format!("{} {}", app.given_names, app.surname),
        nationality: app.nationality.clone(),
        passport_number: app.passport_number.clone(),
        passport_expiry: app.passport_expiry.clone(),
        birth_date: app.birth_date.clone(),
        sex_key: key("sex", &app.sex.to_lowercase()),
        email: case.applicant_email.clone(),
        intended_arrival: app.intended_arrival.clone(),
        timeline: file
            .timeline
            .iter()
            .map(|s| StepRow {
                at: instant_ms(s.at),
                status_key: key("status", &s.status),
                role_key: key("role", &s.role),
                note: s.note.clone().unwrap_or_default(),
            })
            .collect(),
        documents: file
            .documents
            .iter()
            .map(|d| DocRow {
                id: d.id.clone(),
                kind: lang.t(&key("doc", &d.kind)),
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
        demo_bank: state.config.demo,
        payment,
        evisa,
        can_review: review && case.status == Status::InReview,
        can_decide: decide && case.status == Status::Recommended,
        recommendation_key: case
            .recommendation
            .as_deref()
            .map(|r| key("recommendation", r))
            .unwrap_or_default(),
        can_revoke: decide,
    })
}
