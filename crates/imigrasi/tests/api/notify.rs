//! Outbox delivery: e-mail to an SMTP server, WhatsApp to a mock Graph
//! API, retries with backoff, resuming after a restart, never twice; and
//! the administrators' outbox.

use std::sync::{Arc, Mutex};

use imigrasi_platform::i18n::Lang;
use imigrasi_platform::notify::{self, Delivery, Settings};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{db, outbox};
use sea_orm::Value as DbValue;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::both_databases;
use crate::helpers::passport::{book, days_ahead, slot};
use crate::helpers::whatsapp::{PHONE_ID, graph_delivery, mock_graph};
use crate::helpers::{TestApp, count, error_code};

/// A minimal SMTP server on 127.0.0.1:0 that accepts every message and
/// keeps its DATA.
#[derive(Clone, Default)]
struct Smtp {
    messages: Arc<Mutex<Vec<String>>>,
}

async fn smtp_server() -> (u16, Smtp) {
    let smtp = Smtp::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let keep = smtp.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test.local ESMTP\r\n").await.ok();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(d) = data.as_mut() {
                        if line == "." {
                            keep.messages.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 2.0.0 queued\r\n").await.ok();
                        } else {
                            d.push_str(line.strip_prefix('.').unwrap_or(&line));
                            d.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-test.local\r\n250 8BITMIME\r\n",
                        "HELO" => b"250 test.local\r\n",
                        "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 2.1.0 OK\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 end with .\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 2.0.0 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"502 5.5.2 unknown\r\n",
                    };
                    write.write_all(answer).await.ok();
                }
            });
        }
    });
    (port, smtp)
}

/// Undo quoted-printable (soft breaks and `=XX`), as mail clients do.
fn unqp(s: &str) -> String {
    let joined = s.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn status_of(app: &TestApp, id: &str) -> (String, i32) {
    let r = outbox::find(&app.state.db, id).await.unwrap().unwrap();
    (r.status, r.attempts)
}

async fn wa_text(app: &TestApp, to: &str, text: &str) -> String {
    outbox::enqueue(
        &app.state.db,
        outbox::Message {
            channel: "whatsapp",
            recipient: to,
            template: "whatsapp.text",
            lang: Lang::Id,
            payload: json!({"phone_number_id": PHONE_ID, "text": text}),
        },
    )
    .await
    .unwrap()
}

fn later(secs: i64) -> jiff::Timestamp {
    jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(secs))
        .unwrap()
}

async fn booking_mail_reaches_the_smtp_server(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(3), "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let b: Value = book(&app, &citizen, &slot_id, 1)
        .await
        .json()
        .await
        .unwrap();
    let code = b["code"].as_str().unwrap().to_owned();
    let billing_code = b["payment"]["billing_code"].as_str().unwrap().to_owned();

    let (port, smtp) = smtp_server().await;
    let delivery = Delivery::new(&Settings {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        mail_from: "noreply@imigrasi.localhost".into(),
        whatsapp_api_base: "http://127.0.0.1:9".into(),
        whatsapp_token: None,
    })
    .unwrap();
    let report = notify::deliver_due(&app.state.db, &delivery, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let mails = smtp.messages.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let mail = unqp(&mails[0]);
    assert!(mail.contains("To: warga@example.id"), "{mail}");
    assert!(mail.contains("From: noreply@imigrasi.localhost"), "{mail}");
    assert!(
        mail.contains(&format!("Subject: Pemesanan {code}: selesaikan pembayaran")),
        "{mail}"
    );
    assert!(
        mail.contains("Jadwal kedatangan Anda sudah kami tahan"),
        "{mail}"
    );
    assert!(
        mail.contains(&format!("Kode billing: {billing_code}")),
        "{mail}"
    );
    assert!(mail.contains("Biaya: Rp 350.000"), "{mail}");
    assert!(mail.contains("WIB"), "{mail}");
    assert!(
        mail.contains("Kantor Imigrasi Kelas I Khusus TPI Batam"),
        "{mail}"
    );
    assert!(!mail.contains("3171011203900001"), "{mail}");
    let row = outbox::list(&app.state.db, None, 10, 0).await.unwrap().0;
    assert_eq!(row[0].status, "sent");
    assert!(row[0].sent_at.is_some());
    // Sent once.
    let again = notify::deliver_due(&app.state.db, &delivery, later(7200))
        .await
        .unwrap();
    assert_eq!(again.total(), 0);
    assert_eq!(smtp.messages.lock().unwrap().len(), 1);
}
both_databases!(booking_mail_reaches_the_smtp_server);

async fn the_outbox_resumes_after_a_restart_and_never_sends_twice(app: TestApp) {
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(wa_text(&app, &format!("628123450000{i}"), &format!("pesan {i}")).await);
    }
    let now = jiff::Timestamp::now();
    let ms = db::millis(now);
    // A worker died while sending ids[0]: its lease ran out a second ago.
    db::exec(
        &app.state.db,
        "UPDATE outbox SET status = 'sending', claim_token = 'dead-worker', lease_until = $1, attempts = 1 WHERE id = $2",
        [DbValue::from(ms - 1000), DbValue::from(ids[0].clone())],
    )
    .await
    .unwrap();
    // Another worker is sending ids[1] right now (lease still valid).
    db::exec(
        &app.state.db,
        "UPDATE outbox SET status = 'sending', claim_token = 'live-worker', lease_until = $1, attempts = 1 WHERE id = $2",
        [DbValue::from(ms + 60_000), DbValue::from(ids[1].clone())],
    )
    .await
    .unwrap();

    // Two processes deliver at once after the restart.
    let (base, graph) = mock_graph().await;
    let (d1, d2) = (graph_delivery(&base), graph_delivery(&base));
    let (a, b) = tokio::join!(
        notify::deliver_due(&app.state.db, &d1, now),
        notify::deliver_due(&app.state.db, &d2, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 5, "{a:?} {b:?}");
    let calls = graph.calls();
    assert_eq!(calls.len(), 5);
    let mut texts: Vec<String> = calls
        .iter()
        .map(|c| c.body["text"]["body"].as_str().unwrap().to_owned())
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 5, "each message once");
    assert!(
        texts.contains(&"pesan 0".to_owned()),
        "the interrupted one resumed"
    );
    assert!(
        !texts.contains(&"pesan 1".to_owned()),
        "a live lease is respected"
    );
    assert_eq!(status_of(&app, &ids[0]).await, ("sent".into(), 2));
    assert_eq!(status_of(&app, &ids[1]).await.0, "sending");

    // When that worker's lease expires without an answer, its row is resumed too.
    let after_lease = later(61);
    let r = notify::deliver_due(&app.state.db, &d1, after_lease)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    // Nothing is ever sent twice, however often delivery runs.
    for secs in [61, 3600, 86_400] {
        let r = notify::deliver_due(&app.state.db, &d2, later(secs))
            .await
            .unwrap();
        assert_eq!(r.total(), 0);
    }
    assert_eq!(graph.calls().len(), 6);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM outbox WHERE status = 'sent'"
        )
        .await,
        6
    );
}
both_databases!(the_outbox_resumes_after_a_restart_and_never_sends_twice);

async fn failures_back_off_then_fail(app: TestApp) {
    let flaky = wa_text(&app, "6280050012345", "coba lagi").await;
    let refused = wa_text(&app, "6280040012345", "ditolak").await;
    let (base, graph) = mock_graph().await;
    let d = graph_delivery(&base);
    let t0 = jiff::Timestamp::now();
    let r = notify::deliver_due(&app.state.db, &d, t0).await.unwrap();
    assert_eq!((r.retrying, r.failed), (1, 1), "{r:?}");
    // A 400 is final; a 500 is retried after 30 s, then 60 s, ….
    assert_eq!(status_of(&app, &refused).await, ("failed".into(), 1));
    let row = outbox::find(&app.state.db, &flaky).await.unwrap().unwrap();
    assert_eq!(row.status, "pending");
    assert!(row.last_error.unwrap().contains("500"));
    let wait = row.next_attempt_at - db::millis(t0);
    assert!((30_000..35_000).contains(&wait), "{wait}");
    let r = notify::deliver_due(&app.state.db, &d, t0).await.unwrap();
    assert_eq!(r.total(), 0, "not before its time");
    // Eight attempts in all, each later than the one before, then `failed`.
    let mut at = row.next_attempt_at;
    let mut gaps = Vec::new();
    for _ in 0..10 {
        let r = notify::deliver_due(&app.state.db, &d, db::from_millis(at))
            .await
            .unwrap();
        if r.total() == 0 {
            break;
        }
        let row = outbox::find(&app.state.db, &flaky).await.unwrap().unwrap();
        if row.status == "failed" {
            break;
        }
        gaps.push(row.next_attempt_at - at);
        at = row.next_attempt_at;
    }
    assert_eq!(status_of(&app, &flaky).await, ("failed".into(), 8));
    assert!(gaps.windows(2).all(|w| w[1] >= w[0]), "{gaps:?}");
    assert!(gaps.iter().all(|g| *g <= 3_600_000 + 5_000), "{gaps:?}");
    let to_flaky = graph
        .calls()
        .iter()
        .filter(|c| c.body["to"] == "6280050012345")
        .count();
    assert_eq!(to_flaky, 8);
}
both_databases!(failures_back_off_then_fail);

async fn administrators_read_the_outbox(app: TestApp) {
    for i in 0..3 {
        wa_text(&app, "6281111111111", &format!("balasan {i}")).await;
    }
    outbox::enqueue(
        &app.state.db,
        outbox::Message {
            channel: "email",
            recipient: "ani@example.id",
            template: "passport.booking_cancelled",
            lang: Lang::En,
            payload: json!({"code": "ABCD234567", "office": "BATAM"}),
        },
    )
    .await
    .unwrap();
    // Without SMTP, e-mail goes to the log and stays readable here.
    let delivery = Delivery::new(&Settings {
        smtp_url: None,
        mail_from: "noreply@imigrasi.localhost".into(),
        whatsapp_api_base: "https://graph.facebook.com".into(),
        whatsapp_token: None,
    })
    .unwrap();
    let r = notify::deliver_due(&app.state.db, &delivery, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(r.logged, 4);

    assert_eq!(app.get("/api/v1/admin/outbox", None).await.status(), 401);
    let citizen = app.citizen("warga@example.id").await;
    let res = app.get("/api/v1/admin/outbox", Some(&citizen)).await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let v: Value = app
        .get("/api/v1/admin/outbox?per_page=2", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 4);
    assert_eq!(v["messages"].as_array().unwrap().len(), 2);
    let first = &v["messages"][0];
    assert_eq!(first["channel"], "email");
    assert_eq!(first["status"], "logged");
    assert_eq!(first["subject"], "Booking ABCD234567 cancelled");
    assert!(
        first["body"]
            .as_str()
            .unwrap()
            .contains("Kantor Imigrasi Kelas I Khusus TPI Batam")
    );
    let page2: Value = app
        .get("/api/v1/admin/outbox?per_page=2&page=2", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page2["messages"][1]["body"], "balasan 0");
    let pending: Value = app
        .get("/api/v1/admin/outbox?status=pending", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending["total"], 0);
    let res = app
        .get("/api/v1/admin/outbox?status=lost", Some(&admin))
        .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    // The page, in English.
    let page = app
        .client
        .get(app.url("/admin/outbox?status=logged"))
        .bearer_auth(&admin)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Notifications outbox") && html.contains("balasan 2"),
        "{html}"
    );
    assert!(html.contains("Booking ABCD234567 cancelled"));
    let res = app
        .client
        .get(app.url("/admin/outbox"))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Reading the outbox is audited.
    assert!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'outbox.read'"
        )
        .await
            >= 4
    );
}
both_databases!(administrators_read_the_outbox);

async fn the_background_worker_delivers_and_stops_cleanly(app: TestApp) {
    let (base, graph) = mock_graph().await;
    let mut config = (*app.state.config).clone();
    config.outbox_worker = true;
    config.whatsapp_api_base = base;
    config.whatsapp_token = Some(secrecy::SecretString::from("test-token"));
    let state = imigrasi_platform::AppState {
        config: std::sync::Arc::new(config),
        ..app.state.clone()
    };
    let id = wa_text(&app, "6281222333444", "dari pekerja").await;
    let worker = notify::spawn(state).expect("worker started");
    for _ in 0..100 {
        if status_of(&app, &id).await.0 == "sent" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status_of(&app, &id).await, ("sent".into(), 1));
    worker.shutdown(std::time::Duration::from_secs(5)).await;
    // Stopped: a new message stays pending.
    let later_id = wa_text(&app, "6281222333444", "setelah berhenti").await;
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    assert_eq!(status_of(&app, &later_id).await, ("pending".into(), 0));
    assert_eq!(graph.calls().len(), 1);
    assert_eq!(graph.calls()[0].auth, "Bearer test-token");
}
both_databases!(the_background_worker_delivers_and_stops_cleanly);
