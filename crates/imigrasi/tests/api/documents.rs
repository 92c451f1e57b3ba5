//! Uploaded documents: types checked by content, limits per kind, generated
//! storage names, reads checked by policy and audited; idempotent uploads.

use imigrasi_platform::db;
use imigrasi_platform::documents::store::{self, Attachment};
use imigrasi_platform::policy::Role;
use serde_json::Value;

use crate::both_databases;
use crate::helpers::documents::{JPEG, PNG, pdf, upload};
use crate::helpers::{TestApp, count, error_code};

/// Announce a body of `length` bytes but send only its start, then read
/// the answer: an oversize upload must be refused from its `Content-Length`
/// alone (a client streaming the whole body could see the connection close
/// before it reads the answer).
async fn announce_upload(app: &TestApp, token: &str, kind: &str, length: usize) -> (u16, Value) {
    let path = format!("/api/v1/documents?kind={kind}");
    announce_as(app, Some(token), &path, "application/pdf", length).await
}

async fn announce(app: &TestApp, path: &str, content_type: &str, length: usize) -> (u16, Value) {
    announce_as(app, None, path, content_type, length).await
}

async fn announce_as(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    content_type: &str,
    length: usize,
) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: {content_type}\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&pdf(1024)).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, mut body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut decoded = String::new();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        // Chunked: hex size, CRLF, data, CRLF, ... until a size of 0.
        while let Some((size, rest)) = body.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 || rest.len() < n {
                break;
            }
            decoded.push_str(&rest[..n]);
            body = rest[n..].trim_start_matches("\r\n");
        }
    } else {
        decoded.push_str(body);
    }
    (
        status,
        serde_json::from_str(&decoded).unwrap_or(Value::Null),
    )
}

async fn uploads_are_checked_by_content_and_kind(app: TestApp) {
    let token = app.citizen("warga@example.id").await;
    let res = upload(&app, Some(&token), "photo", "image/png", PNG.to_vec(), None).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["kind"], "photo");
    assert_eq!(v["content_type"], "image/png");
    assert_eq!(v["size"], PNG.len());
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    let ok = upload(
        &app,
        Some(&token),
        "photo",
        "image/jpeg",
        JPEG.to_vec(),
        None,
    )
    .await;
    assert_eq!(ok.status(), 201);
    let ok = upload(
        &app,
        Some(&token),
        "passport_bio_page",
        "application/pdf",
        pdf(900),
        None,
    )
    .await;
    assert_eq!(ok.status(), 201);

    // A PNG named as a PDF.
    let res = upload(
        &app,
        Some(&token),
        "passport_bio_page",
        "application/pdf",
        PNG.to_vec(),
        None,
    )
    .await;
    assert_eq!(
        error_code(res).await,
        (422, "document_type_mismatch".into())
    );
    // A PDF where the kind takes only images.
    let res = upload(
        &app,
        Some(&token),
        "photo",
        "application/pdf",
        pdf(500),
        None,
    )
    .await;
    assert_eq!(
        error_code(res).await,
        (415, "unsupported_document_type".into())
    );
    // Neither JPEG, PNG nor PDF.
    let res = upload(
        &app,
        Some(&token),
        "photo",
        "image/gif",
        b"GIF89a\x01\0\x01\0".to_vec(),
        None,
    )
    .await;
    assert_eq!(
        error_code(res).await,
        (415, "unsupported_document_type".into())
    );
    let res = upload(
        &app,
        Some(&token),
        "photo",
        "image/png",
        b"<svg onload=x>".to_vec(),
        None,
    )
    .await;
    assert_eq!(
        error_code(res).await,
        (415, "unsupported_document_type".into())
    );
    // Empty.
    let res = upload(&app, Some(&token), "photo", "image/png", Vec::new(), None).await;
    assert_eq!(error_code(res).await, (422, "empty_document".into()));
    // Unknown kind, named in the envelope's fields.
    let res = upload(
        &app,
        Some(&token),
        "selfie",
        "image/png",
        PNG.to_vec(),
        None,
    )
    .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_input");
    assert!(
        v["error"]["fields"]["kind"]
            .as_str()
            .unwrap()
            .contains("photo")
    );
    // Over the kind's limit (photo: 1 MiB).
    let (status, v) = announce_upload(&app, &token, "photo", 1024 * 1024 + 1).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (413, Some("document_too_large"))
    );
    assert!(
        v["error"]["message"].as_str().unwrap().contains("1 MiB"),
        "{v}"
    );
    // Above the ordinary 2 MiB body limit but within the kind's 5 MiB.
    let res = upload(
        &app,
        Some(&token),
        "supporting_document",
        "application/pdf",
        pdf(3 * 1024 * 1024),
        None,
    )
    .await;
    assert_eq!(res.status(), 201);
    // Above every kind's limit: refused by the route's body limit.
    let (status, v) = announce_upload(&app, &token, "supporting_document", 6 * 1024 * 1024).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    // Elsewhere the ordinary limit stays 2 MiB.
    let (status, v) = announce(
        &app,
        "/api/v1/sessions",
        "application/json",
        2 * 1024 * 1024 + 1,
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    // Not logged in.
    let res = upload(&app, None, "photo", "image/png", PNG.to_vec(), None).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    // Missions do not upload.
    let mission = app.staff("kbri@kemlu.go.id", Role::Mission, None).await;
    let res = upload(
        &app,
        Some(&mission),
        "photo",
        "image/png",
        PNG.to_vec(),
        None,
    )
    .await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    // Messages speak the caller's language.
    let res = app
        .client
        .post(app.url("/api/v1/documents?kind=photo"))
        .bearer_auth(&token)
        .header("content-type", "image/png")
        .header("accept-language", "id")
        .body(Vec::new())
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert!(
        v["error"]["message"].as_str().unwrap().contains("kosong"),
        "{v}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM documents").await, 4);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.create'"
        )
        .await,
        4
    );
}
both_databases!(uploads_are_checked_by_content_and_kind);

async fn files_are_stored_under_generated_names_and_served_as_attachments(app: TestApp) {
    let token = app.citizen("warga@example.id").await;
    let body = pdf(2000);
    let res = upload(
        &app,
        Some(&token),
        "passport_bio_page",
        "application/pdf",
        body.clone(),
        None,
    )
    .await;
    let v: Value = res.json().await.unwrap();
    let id = v["id"].as_str().unwrap();
    let doc = store::find(&app.state.db, id).await.unwrap().unwrap();
    let path = app
        .state
        .config
        .files_dir()
        .join(&doc.storage_name.as_str()[..2])
        .join(doc.storage_name.as_str());
    assert_eq!(std::fs::read(&path).unwrap(), body);
    assert!(!doc.storage_name.as_str().contains(&doc.id));

    let res = app
        .get(&format!("/api/v1/documents/{id}"), Some(&token))
        .await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let disposition = h["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"passport_bio_page-"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".pdf\""));
    assert_eq!(res.bytes().await.unwrap().to_vec(), body);
    // The owner's own read is not audited.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.read'"
        )
        .await,
        0
    );
    let res = app.get("/api/v1/documents/not-a-uuid", Some(&token)).await;
    assert_eq!(error_code(res).await, (404, "not_found".into()));
    let res = app.get(&format!("/api/v1/documents/{id}"), None).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));

    // An altered file is never served.
    std::fs::write(&path, b"%PDF-1.7 tampered").unwrap();
    let res = app
        .get(&format!("/api/v1/documents/{id}"), Some(&token))
        .await;
    assert_eq!(error_code(res).await, (500, "internal_error".into()));
}
both_databases!(files_are_stored_under_generated_names_and_served_as_attachments);

async fn reads_by_others_are_checked_by_policy_and_audited(app: TestApp) {
    let owner = app.citizen("pemilik@example.id").await;
    let other = app.citizen("lain@example.id").await;
    let res = upload(
        &app,
        Some(&owner),
        "photo",
        "image/jpeg",
        JPEG.to_vec(),
        None,
    )
    .await;
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let batam = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let path = format!("/api/v1/documents/{id}");

    // Another applicant, and staff while the document belongs to no office.
    for token in [&other, &batam] {
        let res = app.get(&path, Some(token)).await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.denied'"
        )
        .await,
        2
    );
    // Attached to an application handled by Batam (as a service would).
    let owner_id = store::find(&app.state.db, &id)
        .await
        .unwrap()
        .unwrap()
        .owner_id;
    let to = Attachment {
        service: "visa",
        object_id: "app-1",
        office_code: Some("BATAM"),
    };
    let txn = db::begin_write(&app.state.db).await.unwrap();
    assert!(!store::attach(&txn, &id, "someone-else", to).await.unwrap());
    assert!(store::attach(&txn, &id, &owner_id, to).await.unwrap());
    assert!(
        !store::attach(&txn, &id, &owner_id, to).await.unwrap(),
        "attached once"
    );
    txn.commit().await.unwrap();
    assert_eq!(
        store::list_for_object(&app.state.db, "visa", "app-1")
            .await
            .unwrap()
            .len(),
        1
    );

    assert_eq!(app.get(&path, Some(&batam)).await.status(), 200);
    assert_eq!(app.get(&path, Some(&admin)).await.status(), 200);
    assert_eq!(error_code(app.get(&path, Some(&medan)).await).await.0, 404);
    assert_eq!(app.get(&path, Some(&owner)).await.status(), 200);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.read'"
        )
        .await,
        2
    );
    let row = db::one(
        &app.state.db,
        "SELECT office_code, detail FROM audit_log WHERE action = 'document.read' ORDER BY id LIMIT 1",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        db::col::<Option<String>>(&row, "office_code")
            .unwrap()
            .as_deref(),
        Some("BATAM")
    );
    assert!(db::col::<String>(&row, "detail").unwrap().contains("photo"));
}
both_databases!(reads_by_others_are_checked_by_policy_and_audited);

async fn a_retried_upload_answers_with_the_first_document(app: TestApp) {
    let token = app.citizen("warga@example.id").await;
    let first = upload(
        &app,
        Some(&token),
        "photo",
        "image/png",
        PNG.to_vec(),
        Some("up-1"),
    )
    .await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = upload(
        &app,
        Some(&token),
        "photo",
        "image/png",
        PNG.to_vec(),
        Some("up-1"),
    )
    .await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    // Same key, another file.
    let res = upload(
        &app,
        Some(&token),
        "photo",
        "image/jpeg",
        JPEG.to_vec(),
        Some("up-1"),
    )
    .await;
    assert_eq!(
        error_code(res).await,
        (422, "idempotency_key_reused".into())
    );
    // Keys belong to one account.
    let other = app.citizen("lain@example.id").await;
    let res = upload(
        &app,
        Some(&other),
        "photo",
        "image/png",
        PNG.to_vec(),
        Some("up-1"),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_ne!(res.json::<Value>().await.unwrap()["id"], first["id"]);
    // A malformed key.
    let res = upload(
        &app,
        Some(&token),
        "photo",
        "image/png",
        PNG.to_vec(),
        Some(&"k".repeat(201)),
    )
    .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));

    // Concurrent duplicates store one document.
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let res = upload(
                    &app,
                    Some(&token),
                    "passport_bio_page",
                    "image/jpeg",
                    JPEG.to_vec(),
                    Some("race"),
                )
                .await;
                assert_eq!(res.status(), 201);
                res.json::<Value>().await.unwrap()["id"].clone()
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM documents").await, 3);
    // Unrecorded files of the losing duplicates were removed.
    let mut files = 0;
    for dir in std::fs::read_dir(app.state.config.files_dir()).unwrap() {
        files += std::fs::read_dir(dir.unwrap().path()).unwrap().count();
    }
    assert_eq!(files, 3);
}
both_databases!(a_retried_upload_answers_with_the_first_document);
