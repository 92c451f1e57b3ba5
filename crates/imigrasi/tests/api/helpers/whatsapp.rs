//! WhatsApp fixtures: a mock Graph API, signed webhook envelopes, and a
//! conversation driven up to the booking's confirmation.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use imigrasi_platform::notify::{Delivery, Settings};
use imigrasi_platform::outbox;
use imigrasi_platform::policy::Role;
use secrecy::SecretString;
use serde_json::{Value, json};

use super::passport::{days_ahead, slot};
use super::{TestApp, WA_APP_SECRET};

/// The citizen's WhatsApp number in the conversation tests.
pub const NUMBER: &str = "6281234567890";
/// The platform's WhatsApp phone number id, as Meta's envelope names it.
pub const PHONE_ID: &str = "109876543210";
/// The NIK that [`up_to_confirm`] types.
pub const NIK: &str = "3171011203900001";

/// One request the mock Graph API received.
#[derive(Debug, Clone)]
pub struct Call {
    pub path: String,
    pub auth: String,
    pub body: Value,
}

/// A mock of Meta's Graph API on 127.0.0.1:0 that records every request.
/// Recipients `62800500…` get 500, `62800400…` get 400; others 200.
#[derive(Clone, Default)]
pub struct Graph {
    pub calls: Arc<Mutex<Vec<Call>>>,
}

impl Graph {
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

pub async fn mock_graph() -> (String, Graph) {
    let graph = Graph::default();
    let g = graph.clone();
    let app = axum::Router::new().route(
        "/{version}/{pid}/messages",
        post(
            move |Path((version, pid)): Path<(String, String)>,
                  headers: HeaderMap,
                  Json(body): Json<Value>| {
                let g = g.clone();
                async move {
                    let to = body["to"].as_str().unwrap_or("").to_owned();
                    g.calls.lock().unwrap().push(Call {
                        path: format!("/{version}/{pid}/messages"),
                        auth: headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_owned(),
                        body,
                    });
                    if to.starts_with("62800500") {
                        (
                            StatusCode::INTERNAL_SERVER_ERROR,
                            Json(json!({"error": "x"})),
                        )
                    } else if to.starts_with("62800400") {
                        (
                            StatusCode::BAD_REQUEST,
                            Json(json!({"error": {"code": 131026}})),
                        )
                    } else {
                        (
                            StatusCode::OK,
                            Json(json!({"messages": [{"id": "wamid.out"}]})),
                        )
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.ok();
    });
    (format!("http://{addr}"), graph)
}

/// A delivery that sends WhatsApp messages to the mock (e-mail to the log).
pub fn graph_delivery(base: &str) -> Delivery {
    Delivery::new(&Settings {
        smtp_url: None,
        mail_from: "noreply@imigrasi.localhost".into(),
        whatsapp_api_base: base.into(),
        whatsapp_token: Some(SecretString::from("test-token")),
    })
    .unwrap()
}

/// Meta's envelope for one text message.
pub fn envelope(from: &str, id: &str, text: &str) -> String {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1029384756", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6281100001111", "phone_number_id": PHONE_ID},
            "contacts": [{"profile": {"name": "Budi"}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": "1760000000", "type": "text", "text": {"body": text}}]}}]}]})
    .to_string()
}

/// POST a webhook body signed with the app secret.
pub async fn post_signed(app: &TestApp, body: &str) -> reqwest::Response {
    app.post_signed(
        "/webhooks/whatsapp",
        "x-hub-signature-256",
        WA_APP_SECRET,
        body.to_owned(),
    )
    .await
}

pub fn new_id() -> String {
    format!("wamid.{}", uuid::Uuid::new_v4().simple())
}

/// The newest reply queued for a number.
pub async fn last_reply(app: &TestApp, to: &str) -> String {
    let msgs = outbox::for_recipient(&app.state.db, to).await.unwrap();
    msgs.first()
        .map(|(_, p)| p["text"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default()
}

/// Send a text as `from` and return the reply it got.
pub async fn say(app: &TestApp, from: &str, text: &str) -> String {
    let res = post_signed(app, &envelope(from, &new_id(), text)).await;
    assert_eq!(res.status(), 200, "{text}");
    last_reply(app, from).await
}

/// The number in front of the first line of `reply` containing `needle`.
pub fn choice(reply: &str, needle: &str) -> String {
    let line = reply
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{reply}"));
    line.split('.').next().unwrap().trim().to_owned()
}

/// Office-local date `YYYY-MM-DD` as the conversation shows it.
pub fn shown(date: &str) -> String {
    let d: jiff::civil::Date = date.parse().unwrap();
    d.strftime("%d-%m-%Y").to_string()
}

/// Walk a number through the conversation up to the confirmation, for a
/// new slot at BATAM; returns the slot id.
pub async fn up_to_confirm(app: &TestApp, from: &str, capacity: i64) -> String {
    let sup = app
        .staff(
            &format!("sup{from}@batam.go.id"),
            Role::Supervisor,
            Some("BATAM"),
        )
        .await;
    let date = days_ahead(3);
    let slot_id = slot(app, &sup, &date, "15:10", "15:50", capacity, None).await;

    let menu = say(app, from, "Halo").await;
    assert!(menu.contains("1. Pesan jadwal"), "{menu}");
    let r = say(app, from, "1").await;
    assert!(r.contains("kantor imigrasi"), "{r}");
    let r = say(app, from, "batam").await;
    assert!(
        r.contains("Kantor Imigrasi Kelas I Khusus TPI Batam"),
        "{r}"
    );
    // Listed; typed as a date rather than its number.
    choice(&r, &shown(&date));
    let r = say(app, from, &shown(&date).replace('-', "/")).await;
    let n = choice(&r, "15:10–15:50");
    let r = say(app, from, &n).await;
    assert!(r.contains("Rp 350.000"), "{r}");
    let r = say(app, from, "1").await;
    assert!(r.contains("nama lengkap"), "{r}");
    let r = say(app, from, "Budi Santoso").await;
    assert!(r.contains("Tanggal lahir"), "{r}");
    let r = say(app, from, "12-03-1990").await;
    assert!(r.contains("L (laki-laki)"), "{r}");
    let r = say(app, from, "L").await;
    assert!(r.contains("NIK"), "{r}");
    let r = say(app, from, NIK).await;
    assert!(r.contains("Periksa pemesanan"), "{r}");
    assert!(r.contains("**************01"), "{r}");
    assert!(!r.contains(NIK), "{r}");
    assert!(
        r.contains("15:10–15:50 WIB") && r.contains("Budi Santoso"),
        "{r}"
    );
    slot_id
}
