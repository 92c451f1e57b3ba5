//! Chosen passwords: not common, not the e-mail, not one repeated character
//! — on every path where a person picks one.

use imigrasi_platform::demo;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::TestApp;

async fn register(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    let res = app
        .post_json(
            "/api/v1/accounts",
            None,
            &json!({"email": email, "password": password, "full_name": "Wulan", "kind": "citizen"}),
        )
        .await;
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn common_and_personal_passwords_are_refused(app: TestApp) {
    for weak in [
        "1234567890",
        "0123456789",
        "qwertyuiop",
        "Password123",
        "imigrasi-demo",
        "iloveyou12",
        "1q2w3e4r5t",
        "zzzzzzzzzzzz",
    ] {
        let (status, v) = register(&app, "wulan.sari@example.id", weak).await;
        assert_eq!(status, 422, "{weak}");
        assert_eq!(v["error"]["code"], "invalid_input");
        let msg = v["error"]["fields"]["password"].as_str().unwrap();
        assert!(msg.contains("terlalu umum"), "{weak}: {msg}");
    }
    let (status, v) = register(&app, "wulan.sari@example.id", "WulanSari-1990").await;
    assert_eq!(status, 422);
    assert!(v["error"]["fields"]["password"].is_string());
    let (status, _) = register(&app, "wulan.sari@example.id", "teh manis hangat 7").await;
    assert_eq!(status, 201);

    // Staff creation applies the same rules.
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let res = app
        .client
        .post(app.url("/api/v1/staff-accounts"))
        .bearer_auth(&admin)
        .header("accept-language", "en")
        .json(
            &json!({"email": "petugas@imigrasi.go.id", "password": "imigrasi-demo",
                      "full_name": "Petugas", "kind": "officer", "office": "JKT-PUSAT"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    let msg = v["error"]["fields"]["password"].as_str().unwrap();
    assert!(msg.contains("too common"), "{msg}");

    // The registration page names the real problem.
    for (password, text) in [
        ("1234567890", "Kata sandi ini terlalu umum"),
        (&*"x".repeat(129), "Kata sandi maksimal 128 karakter"),
    ] {
        let res = app
            .client
            .post(app.url("/register"))
            .form(&[
                ("email", "xena@example.id"),
                ("password", password),
                ("full_name", "Xena"),
                ("kind", "citizen"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains(text), "{text}");
    }
}
both_databases!(common_and_personal_passwords_are_refused);

async fn demo_accounts_keep_their_password(app: TestApp) {
    demo::ensure_accounts(&app.state.db).await.unwrap();
    let email = demo::demo_email(Role::Citizen);
    app.login(&email, demo::DEMO_PASSWORD).await;
}
both_databases!(demo_accounts_keep_their_password);

#[test]
fn the_command_line_refuses_a_common_password() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("imigrasi-cli-{}", uuid::Uuid::new_v4().simple()));
    let db = dir.join("cli.db");
    let bin = env!("CARGO_BIN_EXE_imigrasi");
    let add = |email: &str, password: &str| {
        let mut child = std::process::Command::new(bin)
            .args(["user", "add", "--email", email, "--role", "administrator"])
            .arg("--database-url")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = add("kepala@imigrasi.go.id", "1234567890");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error:") && err.contains("too common"),
        "{err}"
    );
    let out = add("kepala@imigrasi.go.id", "kepala-kantor-2024");
    assert!(!out.status.success());
    let out = add("kepala@imigrasi.go.id", "teh manis hangat 7");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}
