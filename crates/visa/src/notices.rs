//! The notifications Visa Online sends (registered with the platform's
//! `notify::templates` at start; texts `notify-visa-*` in
//! `locales/*/visa.ftl`).

use imigrasi_platform::i18n::Lang;
use imigrasi_platform::notify::templates::Template;
use imigrasi_platform::{db, outbox};
use sea_orm::{ConnectionTrait, DbErr, Value};

/// A supervisor approved (the e-Visa is issued) or rejected.
pub const DECIDED: &str = "visa.decided";

/// Every visa template with the facts listed under its text.
pub const TEMPLATES: &[Template] = &[Template {
    name: DECIDED,
    facts: &["code", "status"],
}];

/// Tell the applicant (in English) and, when a sponsor applied, the
/// sponsor (in Indonesian) that the case was decided, inside the deciding
/// transaction.
pub async fn decided(
    c: &impl ConnectionTrait,
    case: &imigrasi_casework::store::Case,
    status: &str,
) -> Result<(), DbErr> {
    let payload = serde_json::json!({ "code": case.register_number, "status": status });
    let mut recipients = vec![(case.applicant_email.clone(), Lang::En)];
    if let Some(sponsor) = &case.sponsor_account_id
        && let Some(row) = db::one(
            c,
            "SELECT email FROM accounts WHERE id = $1",
            [Value::from(sponsor.clone())],
        )
        .await?
    {
        recipients.push((db::col(&row, "email")?, Lang::Id));
    }
    for (recipient, lang) in recipients {
        outbox::enqueue(
            c,
            outbox::Message {
                channel: "email",
                recipient: &recipient,
                template: DECIDED,
                lang,
                payload: payload.clone(),
            },
        )
        .await?;
    }
    Ok(())
}
