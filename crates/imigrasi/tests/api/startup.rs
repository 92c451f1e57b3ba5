//! What a start outside demo mode refuses: missing, short or published
//! secrets; demo accounts (public password); the WhatsApp webhook without
//! its secrets.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use imigrasi::Application;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Backend, TestApp, run_with, test_config};

/// Run `imigrasi serve` with only the given IMIGRASI_* variables; it must
/// exit by itself (it refuses to start). Returns (exit code, stderr).
fn serve_refused(env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("imigrasi-start-{}", uuid::Uuid::new_v4()));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_imigrasi"));
    for (k, _) in std::env::vars() {
        if k.starts_with("IMIGRASI_") || k == "DATABASE_URL" {
            cmd.env_remove(k);
        }
    }
    cmd.env("DATABASE_URL", dir.join("start.db"))
        .env("IMIGRASI_BIND", "127.0.0.1:0")
        .envs(env.iter().copied())
        .arg("serve")
        .args(args);
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run imigrasi");
    // A start that is not refused would serve forever: stop it after a while.
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let _ = std::fs::remove_dir_all(dir);
    (status.and_then(|s| s.code()), err)
}

#[test]
fn a_production_start_without_secrets_is_refused() {
    let (code, err) = serve_refused(&[], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("IMIGRASI_PAYMENT_SECRET"), "{err}");
    assert!(err.contains("IMIGRASI_DATA_KEY"), "{err}");
    assert!(err.contains("openssl rand -hex 32"), "{err}");
}

#[test]
fn short_or_published_secrets_are_refused() {
    let strong = "s".repeat(40);
    let (code, err) = serve_refused(
        &[
            ("IMIGRASI_PAYMENT_SECRET", "dev-payment-secret"),
            ("IMIGRASI_DATA_KEY", "only-twenty-bytes-xx"),
        ],
        &[],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("IMIGRASI_PAYMENT_SECRET: this is a published"),
        "{err}"
    );
    assert!(err.contains("IMIGRASI_DATA_KEY: has 20 bytes"), "{err}");
    // One WhatsApp secret without the other is a mistake, not "off".
    let (code, err) = serve_refused(
        &[
            ("IMIGRASI_PAYMENT_SECRET", &strong),
            ("IMIGRASI_DATA_KEY", &strong),
            ("IMIGRASI_WHATSAPP_VERIFY_TOKEN", &strong),
        ],
        &[],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("IMIGRASI_WHATSAPP_APP_SECRET: is not set"),
        "{err}"
    );
}

#[tokio::test]
async fn the_library_refuses_weak_secrets_too() {
    let mut c = test_config("sqlite://unused.db");
    c.payment_secret = secrecy::SecretString::from("dev-payment-secret");
    let err = Application::build(c).await.err().expect("refused");
    assert!(err.to_string().contains("IMIGRASI_PAYMENT_SECRET"), "{err}");
}

async fn whatsapp_webhook_is_off_without_its_secrets(app: TestApp) {
    let res = app
        .get(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1",
            None,
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .client
        .post(app.url("/webhooks/whatsapp"))
        .header("x-hub-signature-256", "sha256=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

mod whatsapp_webhook_is_off_without_its_secrets {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run_with(
            Backend::Sqlite,
            |c| c.whatsapp_webhook = None,
            super::whatsapp_webhook_is_off_without_its_secrets,
        )
        .await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        run_with(
            Backend::Postgres,
            |c| c.whatsapp_webhook = None,
            super::whatsapp_webhook_is_off_without_its_secrets,
        )
        .await
    }
}

async fn demo_accounts_cannot_log_in_outside_demo_mode(app: TestApp) {
    // A demo start made the accounts, and an administrator logged in.
    let mut demo = test_config(&app.database_url);
    demo.demo = true;
    let demo_app = Application::build(demo).await.unwrap();
    drop(demo_app);
    let email = "administrator@demo.imigrasi.id";
    let token = app.login(email, "imigrasi-demo").await;
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), 200);

    // A start without demo mode on the same database disables them.
    let production = Application::build(test_config(&app.database_url))
        .await
        .unwrap();
    drop(production);
    let res = app
        .post_json(
            "/api/v1/sessions",
            None,
            &json!({"email": email, "password": "imigrasi-demo"}),
        )
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), 401);

    // A demo start again brings them back.
    let mut demo = test_config(&app.database_url);
    demo.demo = true;
    drop(Application::build(demo).await.unwrap());
    app.login(email, "imigrasi-demo").await;
}
both_databases!(demo_accounts_cannot_log_in_outside_demo_mode);
