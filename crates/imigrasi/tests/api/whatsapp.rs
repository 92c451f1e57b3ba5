//! The WhatsApp channel: webhook verification and signatures, the booking
//! conversation (same quota as the web), retried message ids, typing
//! mistakes, status and cancel, and replies delivered to a mock Graph API.

use imigrasi_platform::notify::{self};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{billing, db, outbox};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{book, days_ahead, pay, slot};
use crate::helpers::whatsapp::{
    NIK, NUMBER, PHONE_ID, choice, envelope, graph_delivery, last_reply, mock_graph, new_id,
    post_signed, say, shown, up_to_confirm,
};
use crate::helpers::{TestApp, count, error_code};

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
    imigrasi_passport::app::reminders::run_once(&app.state.db, jiff::Timestamp::now())
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
    let r = imigrasi_passport::app::reminders::run_once(&app.state.db, near)
        .await
        .unwrap();
    assert_eq!(r.payment_reminders, 1);
    imigrasi_passport::app::reminders::run_once(&app.state.db, near)
        .await
        .unwrap();
    assert_eq!(wa_count().await, 1);
    let msgs = outbox::for_recipient(&app.state.db, NUMBER).await.unwrap();
    assert_eq!(msgs[0].0, "passport.payment_reminder");
    assert_eq!(msgs[0].1["phone_number_id"], PHONE_ID);

    // Paid: the number hears it once.
    let res = pay(&app, &billing_code, 350000, "ABCDEF1234567890").await;
    assert_eq!(res.status(), 200);
    let r = imigrasi_passport::app::reminders::run_once(&app.state.db, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(r.followups, 1);
    imigrasi_passport::app::reminders::run_once(&app.state.db, jiff::Timestamp::now())
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
    imigrasi_passport::app::reminders::run_once(&app.state.db, later)
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
