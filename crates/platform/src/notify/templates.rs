//! Message templates: a row's template name and payload become a subject
//! and a plain-text body in the row's language, from `locales/*/notify.ftl`.
//!
//! Each service registers its templates ([`register`], at start): a name
//! such as `passport.booking_held` reads the messages
//! `notify-passport-booking-held-subject` and `-body`, and its [`Template`]
//! lists the facts shown under the text. An unknown template falls back to
//! `notify-generic-*`. The template `whatsapp.text` carries its finished
//! text in the payload (`text`), as conversation replies do. The platform
//! names no service's template.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use imigrasi_core::{OfficeZone, Rupiah};
use sea_orm::{ConnectionTrait, DbErr};

use crate::i18n::Lang;
use crate::offices::{self, Office};

/// The template of a ready-made text (`payload.text`).
pub const TEXT_TEMPLATE: &str = "whatsapp.text";

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject (e-mail); empty for ready-made texts.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

impl Rendered {
    /// Subject and body as one text (WhatsApp has no subject).
    pub fn as_text(&self) -> String {
        if self.subject.is_empty() {
            self.body.clone()
        } else {
            format!("*{}*\n{}", self.subject, self.body)
        }
    }
}

/// The argument names every template may use.
pub const ARGS: [&str; 8] = [
    "code",
    "office",
    "billing_code",
    "amount",
    "deadline",
    "date",
    "time",
    "status",
];

/// The message id prefix of a template name (`passport.booking_held` →
/// `notify-passport-booking-held`).
pub fn key_of(template: &str) -> String {
    let mut key = String::from("notify-");
    for c in template.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.push('-');
        }
    }
    key
}

fn text(payload: &serde_json::Value, name: &str) -> Option<String> {
    match payload.get(name)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `YYYY-MM-DD` → `DD-MM-YYYY` (Indonesian order, also clear in English).
fn local_date(s: &str) -> String {
    match s.parse::<jiff::civil::Date>() {
        Ok(d) => d.strftime("%d-%m-%Y").to_string(),
        Err(_) => s.to_owned(),
    }
}

/// An instant in the office's zone (`12-03-2026 10:00 WIB`), or UTC.
fn local_instant(s: &str, zone: Option<OfficeZone>) -> String {
    let Ok(ts) = s.parse::<jiff::Timestamp>() else {
        return s.to_owned();
    };
    match zone {
        Some(z) => format!(
            "{} {}",
            ts.to_zoned_datetime(z.time_zone())
                .strftime("%d-%m-%Y %H:%M"),
            z.abbreviation()
        ),
        None => format!("{} UTC", ts.strftime("%d-%m-%Y %H:%M")),
    }
}

/// Render with the office already looked up (pure; used by [`render`]).
pub fn render_with(
    template: &str,
    lang: Lang,
    payload: &serde_json::Value,
    office: Option<&Office>,
) -> Rendered {
    if template == TEXT_TEMPLATE {
        return Rendered {
            subject: String::new(),
            body: text(payload, "text").unwrap_or_default(),
        };
    }
    let zone = office.and_then(Office::zone);
    let mut values: Vec<(&str, String)> = Vec::new();
    for name in ARGS {
        let v = text(payload, name);
        let shown = match (name, v) {
            (_, None) => "-".to_owned(),
            ("office", Some(code)) => office
                .filter(|o| o.code == code)
                .map(|o| o.name.clone())
                .unwrap_or(code),
            ("amount", Some(a)) => a
                .parse::<i64>()
                .ok()
                .and_then(|n| Rupiah::new(n).ok())
                .map(|r| r.to_string())
                .unwrap_or(a),
            ("date", Some(d)) => local_date(&d),
            ("status", Some(s)) => {
                let key = format!("notify-status-{s}");
                if lang.has(&key) { lang.t(&key) } else { s }
            }
            (_, Some(v)) => v,
        };
        values.push((name, shown));
    }
    // Deadlines arrive as RFC 3339 instants under either name.
    if let Some(d) = text(payload, "payment_deadline").or_else(|| text(payload, "deadline"))
        && let Some(slot) = values.iter_mut().find(|(k, _)| *k == "deadline")
    {
        slot.1 = local_instant(&d, zone);
    }
    if let (Some(start), Some(end)) = (text(payload, "start"), text(payload, "end"))
        && let Some(slot) = values.iter_mut().find(|(k, _)| *k == "time")
    {
        let abbr = zone
            .map(|z| format!(" {}", z.abbreviation()))
            .unwrap_or_default();
        slot.1 = format!("{start}–{end}{abbr}");
    }
    let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let base = key_of(template);
    // `Lang::has` looks a message up without arguments, which fails for
    // messages that use some: try them with the arguments instead.
    let exists = |key: String| !lang.t_args(&key, &args).starts_with("Unknown localization");
    let base = if exists(format!("{base}-subject")) && exists(format!("{base}-body")) {
        base
    } else {
        "notify-generic".to_owned()
    };
    let value = |name: &str| {
        values
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("-")
    };
    let mut body = lang.t_args(&format!("{base}-body"), &args);
    body.push('\n');
    for fact in facts_of(template) {
        let shown = match *fact {
            "appointment" if value("date") != "-" && value("time") != "-" => {
                lang.t_args("notify-appointment", &args)
            }
            "appointment" => continue,
            other => value(other).to_owned(),
        };
        if shown == "-" {
            continue;
        }
        let label = lang.t(&format!("notify-fact-{}", fact.replace('_', "-")));
        body.push_str(&format!("\n{label}: {shown}"));
    }
    Rendered {
        subject: lang.t_args(&format!("{base}-subject"), &args),
        body,
    }
}

/// A service's notification template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// Name, `service.event` (e.g. `passport.booking_held`).
    pub name: &'static str,
    /// The details listed under the text (labels `notify-fact-*`), from
    /// the payload: `code`, `office`, `appointment` (date and time),
    /// `date`, `billing_code`, `amount`, `deadline`, `status`.
    pub facts: &'static [&'static str],
}

static REGISTRY: LazyLock<RwLock<HashMap<&'static str, &'static [&'static str]>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Register a service's templates (idempotent; at start).
pub fn register(templates: &[Template]) {
    if let Ok(mut r) = REGISTRY.write() {
        for t in templates {
            r.insert(t.name, t.facts);
        }
    }
}

/// Whether a template was registered.
pub fn is_registered(template: &str) -> bool {
    REGISTRY.read().is_ok_and(|r| r.contains_key(template))
}

/// The details listed under a template's text.
fn facts_of(template: &str) -> &'static [&'static str] {
    REGISTRY
        .read()
        .ok()
        .and_then(|r| r.get(template).copied())
        .unwrap_or(&["code", "status"])
}

/// Render a row's template in its language (looks up the office named in
/// the payload for its name and time zone).
pub async fn render(
    c: &impl ConnectionTrait,
    template: &str,
    lang: Lang,
    payload: &serde_json::Value,
) -> Result<Rendered, DbErr> {
    let office = match text(payload, "office") {
        Some(code) if template != TEXT_TEMPLATE => offices::find(c, &code).await?,
        _ => None,
    };
    Ok(render_with(template, lang, payload, office.as_ref()))
}

/// Hide anything shaped like an identity number (a run of exactly 16
/// digits, as a NIK) before a text goes to the log. Billing codes (15
/// digits) and booking codes stay readable.
pub fn scrub_identity_numbers(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 16 {
                out.push_str("****************");
            } else {
                out.extend(&chars[start..i]);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn batam() -> Office {
        Office {
            code: "BATAM".into(),
            name: "Kantor Imigrasi Batam".into(),
            city: "Batam".into(),
            province: "Kepulauan Riau".into(),
            time_zone: "Asia/Jakarta".into(),
            daily_quota: [0, 0, 0],
        }
    }

    const HELD: Template = Template {
        name: "passport.booking_held",
        facts: &[
            "code",
            "office",
            "appointment",
            "billing_code",
            "amount",
            "deadline",
        ],
    };

    #[test]
    fn booking_held_in_both_languages_with_office_time() {
        register(&[HELD]);
        let payload = json!({"code": "ABCDEFGH23", "office": "BATAM", "billing_code": "123456789012345",
            "amount": 350000, "payment_deadline": "2026-03-12T03:00:00Z"});
        let id = render_with("passport.booking_held", Lang::Id, &payload, Some(&batam()));
        assert!(id.subject.contains("ABCDEFGH23"), "{id:?}");
        assert!(id.body.contains("123456789012345"));
        assert!(id.body.contains("Rp 350.000"));
        assert!(id.body.contains("12-03-2026 10:00 WIB"), "{}", id.body);
        assert!(id.body.contains("Kantor Imigrasi Batam"));
        let en = render_with("passport.booking_held", Lang::En, &payload, Some(&batam()));
        assert!(
            en.body.contains("Pay before 12-03-2026 10:00 WIB"),
            "{}",
            en.body
        );
        assert_ne!(id.body, en.body);
    }

    #[test]
    fn unknown_templates_fall_back_to_the_generic_text() {
        let r = render_with(
            "visa.granted",
            Lang::En,
            &json!({"code": "V1", "status": "sent"}),
            None,
        );
        assert!(r.subject.contains("V1") && r.body.contains("Sent"), "{r:?}");
        assert!(!is_registered("visa.granted"));
        let t = render_with(TEXT_TEMPLATE, Lang::Id, &json!({"text": "Halo"}), None);
        assert_eq!(t.as_text(), "Halo");
    }

    #[test]
    fn identity_numbers_never_reach_the_log() {
        let s = scrub_identity_numbers("NIK 3171011203900001, billing 123456789012345.");
        assert_eq!(s, "NIK ****************, billing 123456789012345.");
    }
}
