//! Without a WhatsApp token, messages are written to the log: the log line
//! names the message (kind, outbox id, masked number) but holds no personal
//! data; the text stays readable by administrators on the outbox.

use std::io::Write;
use std::sync::{Arc, Mutex};

use imigrasi_platform::notify::{self, Delivery, Settings};
use imigrasi_platform::policy::Role;
use serde_json::Value;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::whatsapp::up_to_confirm;

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

const NUMBER: &str = "6281298765432";

async fn logged_whatsapp_messages_hold_no_personal_data(app: TestApp) {
    // The confirmation repeats the applicant's name and birth date.
    up_to_confirm(&app, NUMBER, 5).await;
    let delivery = Delivery::new(&Settings {
        smtp_url: None,
        mail_from: "noreply@imigrasi.localhost".into(),
        whatsapp_api_base: "https://graph.facebook.com".into(),
        whatsapp_token: None,
    })
    .unwrap();
    let log = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let report = {
        // This thread polls the test's future, so the delivery logs here.
        let _guard = tracing::subscriber::set_default(subscriber);
        notify::deliver_due(&app.state.db, &delivery, jiff::Timestamp::now())
            .await
            .unwrap()
    };
    assert!(report.logged >= 9, "{report:?}");
    let text = log.text();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("WhatsApp message not sent"))
        .collect();
    assert_eq!(lines.len(), report.logged, "{text}");
    for line in &lines {
        assert!(line.contains("outbox_id="), "{line}");
        assert!(line.contains("template=whatsapp.text"), "{line}");
        assert!(line.contains("****5432"), "{line}");
    }
    for personal in ["Budi", "Santoso", "12-03-1990", NUMBER] {
        assert!(!text.contains(personal), "{personal:?} in the log:\n{text}");
    }

    // Administrators still read the whole message.
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let v: Value = app
        .get(
            "/api/v1/admin/outbox?status=logged&per_page=50",
            Some(&admin),
        )
        .await
        .json()
        .await
        .unwrap();
    let bodies: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["recipient"] == NUMBER)
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("Budi Santoso") && b.contains("12-03-1990")),
        "{v}"
    );
}
both_databases!(logged_whatsapp_messages_hold_no_personal_data);
