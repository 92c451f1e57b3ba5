//! The WhatsApp channel: webhook verification and signatures, the booking
//! conversation (same quota as the web), retried message ids, typing
//! mistakes, status and cancel, and replies delivered to a mock Graph API.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use imigrasi_platform::notify::{self, Delivery, Settings};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{billing, db, outbox};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{TestApp, error_code};
use crate::passport::{book, days_ahead, slot};

pub const NUMBER: &str = "6281234567890";
pub const PHONE_ID: &str = "109876543210";
const NIK: &str = "3171011203900001";

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

pub async fn post_signed(app: &TestApp, body: &str) -> reqwest::Response {
    app.client
        .post(app.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            billing::sign(crate::helpers::WA_APP_SECRET, body.as_bytes()),
        )
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

fn new_id() -> String {
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

async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = db::one(&app.state.db, sql, []).await.unwrap().unwrap();
    db::col::<i64>(&row, "n").unwrap()
}

/// The number in front of the first line of `reply` containing `needle`.
pub(crate) fn choice(reply: &str, needle: &str) -> String {
    let line = reply
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{reply}"));
    line.split('.').next().unwrap().trim().to_owned()
}

/// Office-local date `YYYY-MM-DD` as the conversation shows it.
pub(crate) fn shown(date: &str) -> String {
    let d: jiff::civil::Date = date.parse().unwrap();
    d.strftime("%d-%m-%Y").to_string()
}

/// Walk a number through the conversation up to the confirmation, for a
/// new slot at BATAM; returns the slot id.
pub(crate) async fn up_to_confirm(app: &TestApp, from: &str, capacity: i64) -> String {
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

async fn verification_handshake(app: TestApp) {
    let ok = app
        .get(
            &format!("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={}&hub.challenge=1158201444", crate::helpers::WA_VERIFY_TOKEN),
            None,
        )
        .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    let bad = app
        .get(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444",
            None,
        )
        .await;
    assert_eq!(bad.status(), 403);
    let missing = app.get("/webhooks/whatsapp?hub.challenge=1", None).await;
    assert_eq!(missing.status(), 403);
}
both_databases!(verification_handshake);

async fn full_booking_by_conversation_uses_the_web_quota(app: TestApp) {
    let slot_id = up_to_confirm(&app, NUMBER, 1).await;
    let r = say(&app, NUMBER, "ya").await;
    assert!(r.contains("Pemesanan berhasil"), "{r}");
    let booking = db::one(
        &app.state.db,
        "SELECT code, billing_code, channel, slot_id, status, nik_masked FROM passport_bookings",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    let code: String = db::col(&booking, "code").unwrap();
    let billing_code: String = db::col(&booking, "billing_code").unwrap();
    assert_eq!(db::col::<String>(&booking, "channel").unwrap(), "whatsapp");
    assert_eq!(db::col::<String>(&booking, "slot_id").unwrap(), slot_id);
    assert_eq!(
        db::col::<String>(&booking, "status").unwrap(),
        "awaiting_payment"
    );
    assert!(r.contains(&code) && r.contains(&billing_code), "{r}");
    assert!(r.contains("Rp 350.000") && r.contains("WIB"), "{r}");

    // The same quota as the web: the only place is taken.
    let date = days_ahead(3);
    let slots: Value = app
        .get(
            &format!("/api/v1/offices/BATAM/slots?from={date}&to={date}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let s = slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == slot_id.as_str())
        .unwrap();
    assert_eq!(s["remaining"], 0);
    let citizen = app.citizen("warga@example.id").await;
    let res = book(&app, &citizen, &slot_id, 2).await;
    assert_eq!(error_code(res).await, (409, "slot_full".into()));

    // The NIK is nowhere but as the booking keeps it.
    let convs = db::all(
        &app.state.db,
        "SELECT data FROM passport_wa_conversations",
        [],
    )
    .await
    .unwrap();
    for c in convs {
        assert!(!db::col::<String>(&c, "data").unwrap().contains(NIK));
    }
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM outbox WHERE payload LIKE '%{NIK}%'")
        )
        .await,
        0
    );

    // Every reply reaches the Graph API, the last one with the booking.
    let (base, graph) = mock_graph().await;
    let report = notify::deliver_due(
        &app.state.db,
        &graph_delivery(&base),
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    let replies = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM outbox WHERE recipient = '{NUMBER}'"),
    )
    .await;
    assert_eq!(report.sent as i64, replies);
    let calls = graph.calls();
    assert_eq!(calls.len() as i64, replies);
    let last = calls
        .iter()
        .find(|c| c.body["text"]["body"].as_str().unwrap().contains(&code))
        .expect("the booking reply was posted");
    assert_eq!(last.path, format!("/v21.0/{PHONE_ID}/messages"));
    assert_eq!(last.auth, "Bearer test-token");
    assert_eq!(last.body["messaging_product"], "whatsapp");
    assert_eq!(last.body["to"], NUMBER);
    assert_eq!(last.body["type"], "text");
    assert!(
        last.body["text"]["body"]
            .as_str()
            .unwrap()
            .contains(&billing_code)
    );
    // Nothing is sent twice.
    let again = notify::deliver_due(
        &app.state.db,
        &graph_delivery(&base),
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    assert_eq!(again.total(), 0);
    assert_eq!(graph.calls().len() as i64, replies);

    // One active booking per number (not linked to an account).
    let r = say(&app, NUMBER, "1").await;
    assert!(
        r.contains(&code) && r.contains("satu pemesanan aktif"),
        "{r}"
    );
}
both_databases!(full_booking_by_conversation_uses_the_web_quota);

async fn a_bad_signature_changes_nothing(app: TestApp) {
    let body = envelope(NUMBER, &new_id(), "Halo");
    let res = app
        .client
        .post(app.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            billing::sign("not-the-secret", body.as_bytes()),
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .client
        .post(app.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Signed, then altered.
    let sig = billing::sign(crate::helpers::WA_APP_SECRET, body.as_bytes());
    let res = app
        .client
        .post(app.url("/webhooks/whatsapp"))
        .header("x-hub-signature-256", sig)
        .body(body.replace("Halo", "1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    for table in [
        "outbox",
        "passport_wa_messages",
        "passport_wa_conversations",
        "passport_wa_numbers",
    ] {
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) AS n FROM {table}")).await,
            0,
            "{table}"
        );
    }
}
both_databases!(a_bad_signature_changes_nothing);

async fn a_retried_message_id_books_once(app: TestApp) {
    up_to_confirm(&app, NUMBER, 5).await;
    let before = count(&app, "SELECT COUNT(*) AS n FROM outbox").await;
    let yes = envelope(NUMBER, "wamid.confirm-once", "YA");
    // Meta delivers it twice at once, then once more later.
    let (a, b) = tokio::join!(post_signed(&app, &yes), post_signed(&app, &yes));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    assert_eq!(post_signed(&app, &yes).await.status(), 200);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM outbox").await,
        before + 1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_wa_messages WHERE message_id = 'wamid.confirm-once'"
        )
        .await,
        1
    );
    assert!(
        last_reply(&app, NUMBER)
            .await
            .contains("Pemesanan berhasil")
    );
}
both_databases!(a_retried_message_id_books_once);

async fn mistakes_get_a_helpful_answer(app: TestApp) {
    let other = "6289999000111";
    // English when the person writes in English.
    let r = say(
        &app,
        other,
        "Hello, I would like to book a passport appointment",
    )
    .await;
    assert!(r.contains("Which immigration office"), "{r}");
    let r = say(&app, other, "menu").await;
    assert!(r.contains("Book a passport appointment"), "{r}");
    let r = say(&app, other, "ID").await;
    assert!(
        r.contains("Bahasa Indonesia") && r.contains("Pesan jadwal"),
        "{r}"
    );
    let r = say(&app, other, "asdfgh").await;
    assert!(
        r.contains("belum saya mengerti") && r.contains("Balas dengan angka"),
        "{r}"
    );
    let r = say(&app, other, "STATSU ABCD234567").await;
    assert!(r.contains("tidak ditemukan"), "{r}");
    let r = say(&app, other, "bantuan").await;
    assert!(r.contains("STATUS kode"), "{r}");
    let r = say(&app, other, "1").await;
    assert!(r.contains("kantor imigrasi"), "{r}");
    let r = say(&app, other, "Atlantis").await;
    assert!(r.contains("tidak saya temukan"), "{r}");
    let r = say(&app, other, "jakarta").await;
    assert!(r.contains("beberapa kantor"), "{r}");
    let r = say(&app, other, "77").await;
    assert!(r.contains("tidak saya temukan"), "{r}");
    let r = say(&app, other, "EN").await;
    assert!(
        r.contains("English") && r.contains("immigration office"),
        "{r}"
    );
    let r = say(&app, other, "batal").await;
    assert!(r.contains("Booking stopped"), "{r}");
    // A picture gets a polite answer.
    let image = json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
        "value": {"metadata": {"phone_number_id": PHONE_ID},
            "messages": [{"from": other, "id": new_id(), "timestamp": "1760000000", "type": "image", "image": {"id": "1"}}]}}]}]})
    .to_string();
    assert_eq!(post_signed(&app, &image).await.status(), 200);
    assert!(last_reply(&app, other).await.contains("only read text"));
    // Status updates are accepted and ignored.
    let n = count(&app, "SELECT COUNT(*) AS n FROM outbox").await;
    let statuses =
        json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
        "value": {"metadata": {"phone_number_id": PHONE_ID},
            "statuses": [{"id": "wamid.out", "status": "delivered", "recipient_id": other}]}}]}]})
        .to_string();
    assert_eq!(post_signed(&app, &statuses).await.status(), 200);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM outbox").await, n);
    // Garbage that is signed is refused without a crash.
    assert_eq!(post_signed(&app, "not json").await.status(), 400);
}
both_databases!(mistakes_get_a_helpful_answer);

async fn status_and_cancel_by_whatsapp(app: TestApp) {
    let slot_id = up_to_confirm(&app, NUMBER, 3).await;
    say(&app, NUMBER, "YA").await;
    let code: String = db::col(
        &db::one(&app.state.db, "SELECT code FROM passport_bookings", [])
            .await
            .unwrap()
            .unwrap(),
        "code",
    )
    .unwrap();
    let r = say(&app, NUMBER, &format!("status {code}")).await;
    assert!(r.contains("menunggu pembayaran"), "{r}");
    assert!(r.contains("Bayar Rp 350.000"), "{r}");
    // Another number may not see or cancel it.
    let stranger = "6287777000222";
    let r = say(&app, stranger, &format!("STATUS {code}")).await;
    assert!(r.contains("tidak ditemukan"), "{r}");
    let r = say(&app, stranger, &format!("BATAL {code}")).await;
    assert!(r.contains("tidak ditemukan"), "{r}");
    // The owner cancels, after confirming.
    let r = say(&app, NUMBER, &format!("BATAL {code}")).await;
    assert!(r.contains("Balas YA untuk membatalkan"), "{r}");
    let r = say(&app, NUMBER, "hmm").await;
    assert!(r.contains("Balas YA untuk membatalkan"), "{r}");
    let r = say(&app, NUMBER, "ya").await;
    assert!(r.contains("sudah dibatalkan"), "{r}");
    let status: String = db::col(
        &db::one(&app.state.db, "SELECT status FROM passport_bookings", [])
            .await
            .unwrap()
            .unwrap(),
        "status",
    )
    .unwrap();
    assert_eq!(status, "cancelled");
    let booked = count(
        &app,
        &format!("SELECT CAST(booked AS BIGINT) AS n FROM passport_slots WHERE id = '{slot_id}'"),
    )
    .await;
    assert_eq!(booked, 0);
    // Told once: the follow-up worker does not repeat it.
    let before = count(&app, "SELECT COUNT(*) AS n FROM outbox").await;
    imigrasi_passport::whatsapp::notices::run_once(&app.state.db, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM outbox").await,
        before
    );
}
both_databases!(status_and_cancel_by_whatsapp);

async fn notices_follow_whatsapp_bookings(app: TestApp) {
    up_to_confirm(&app, NUMBER, 3).await;
    say(&app, NUMBER, "YA").await;
    let row = db::one(
        &app.state.db,
        "SELECT code, billing_code, amount, payment_deadline FROM passport_bookings",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    let code: String = db::col(&row, "code").unwrap();
    let billing_code: String = db::col(&row, "billing_code").unwrap();
    let deadline: i64 = db::col(&row, "payment_deadline").unwrap();
    let wa_count = || async {
        count(&app, &format!("SELECT COUNT(*) AS n FROM outbox WHERE recipient = '{NUMBER}' AND template <> 'whatsapp.text'")).await
    };
    // 20 minutes before the deadline: one reminder, once.
    let near = db::from_millis(deadline - 20 * 60_000);
    let r = imigrasi_passport::whatsapp::notices::run_once(&app.state.db, near)
        .await
        .unwrap();
    assert_eq!(r.payment_reminders, 1);
    imigrasi_passport::whatsapp::notices::run_once(&app.state.db, near)
        .await
        .unwrap();
    assert_eq!(wa_count().await, 1);
    let msgs = outbox::for_recipient(&app.state.db, NUMBER).await.unwrap();
    assert_eq!(msgs[0].0, "passport.payment_reminder");
    assert_eq!(msgs[0].1["phone_number_id"], PHONE_ID);

    // Paid: the number hears it once.
    let body = json!({"billing_code": billing_code, "ntpn": "ABCDEF1234567890", "amount": 350000,
        "paid_at": jiff::Timestamp::now().to_string()})
    .to_string();
    let res = app
        .client
        .post(app.url("/api/v1/payments/notifications"))
        .header("content-type", "application/json")
        .header(
            "x-signature",
            billing::sign(crate::helpers::PAYMENT_SECRET, body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let r = imigrasi_passport::whatsapp::notices::run_once(&app.state.db, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(r.followups, 1);
    imigrasi_passport::whatsapp::notices::run_once(&app.state.db, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(wa_count().await, 2);
    let msgs = outbox::for_recipient(&app.state.db, NUMBER).await.unwrap();
    assert_eq!(msgs[0].0, "passport.payment_received");

    // Rendered in the conversation's language and delivered.
    let (base, graph) = mock_graph().await;
    notify::deliver_due(
        &app.state.db,
        &graph_delivery(&base),
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    let paid = graph
        .calls()
        .into_iter()
        .find(|c| {
            c.body["text"]["body"]
                .as_str()
                .unwrap()
                .contains("Pembayaran diterima")
        })
        .expect("payment notice delivered");
    assert!(paid.body["text"]["body"].as_str().unwrap().contains(&code));
}
both_databases!(notices_follow_whatsapp_bookings);

async fn an_idle_conversation_is_forgotten(app: TestApp) {
    say(&app, NUMBER, "1").await;
    let r = say(&app, NUMBER, "batam").await;
    assert!(r.contains("Tanggal yang masih tersedia"), "{r}");
    say(&app, NUMBER, "1").await;
    let data = || async {
        let row = db::one(
            &app.state.db,
            "SELECT step, data FROM passport_wa_conversations",
            [],
        )
        .await
        .unwrap()
        .unwrap();
        (
            db::col::<String>(&row, "step").unwrap(),
            db::col::<String>(&row, "data").unwrap(),
        )
    };
    assert!(data().await.1.contains("BATAM"));
    // 31 minutes later the worker forgets what was collected.
    let later = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_mins(31))
        .unwrap();
    imigrasi_passport::whatsapp::notices::run_once(&app.state.db, later)
        .await
        .unwrap();
    assert_eq!(data().await, ("expired".to_owned(), "{}".to_owned()));
    // The next message hears why, and goes on from the menu.
    let r = say(&app, NUMBER, "1").await;
    assert!(r.contains("Sesi sebelumnya berakhir"), "{r}");
    assert!(r.contains("kantor imigrasi"), "{r}");
}
both_databases!(an_idle_conversation_is_forgotten);

/// A NIK that is too short, not valid, or not the applicant's (birth date
/// and sex) is answered with its reason, and nothing is booked.
async fn a_wrong_nik_is_answered_with_its_reason(app: TestApp) {
    let sup = app
        .staff("supnik@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let date = days_ahead(3);
    slot(&app, &sup, &date, "15:10", "15:50", 5, None).await;
    say(&app, NUMBER, "Halo").await;
    say(&app, NUMBER, "1").await;
    let r = say(&app, NUMBER, "batam").await;
    let r = say(&app, NUMBER, &choice(&r, &shown(&date))).await;
    let r = say(&app, NUMBER, &choice(&r, "15:10–15:50")).await;
    assert!(r.contains("Rp 350.000"), "{r}");
    say(&app, NUMBER, "1").await;
    say(&app, NUMBER, "Siti Aminah").await;
    say(&app, NUMBER, "12-03-1990").await;
    let r = say(&app, NUMBER, "P").await;
    assert!(r.contains("NIK"), "{r}");
    let r = say(&app, NUMBER, "12345").await;
    assert!(r.contains("NIK terdiri dari 16 angka"), "{r}");
    // Province 00 does not exist.
    let r = say(&app, NUMBER, "0071011203900001").await;
    assert!(r.contains("NIK itu tidak valid"), "{r}");
    // A man's NIK (day 12) for a woman.
    let r = say(&app, NUMBER, NIK).await;
    assert!(r.contains("tidak cocok dengan NIK"), "{r}");
    assert!(!r.contains(NIK), "{r}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        0
    );
}
both_databases!(a_wrong_nik_is_answered_with_its_reason);
