//! Installable, and usable without signal at the office: the manifest and
//! its icons, the service worker, the offline page, the proof the service
//! worker may keep, and the logout that forgets it.

use serde_json::Value;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::floor::{booking, setup};
use crate::helpers::pages::{page, page_as};

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 24, "too short for a PNG");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

async fn manifest_and_icons(app: TestApp) {
    let res = app.get("/manifest.webmanifest", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/manifest+json");
    let m: Value = serde_json::from_str(&res.text().await.unwrap()).expect("manifest is JSON");
    assert_eq!(m["lang"], "id");
    assert!(m["name"].as_str().is_some_and(|n| n.contains("Imigrasi")));
    assert_eq!(m["short_name"], "imigrasi");
    assert_eq!(m["start_url"], "/passport");
    assert_eq!(m["scope"], "/");
    assert_eq!(m["display"], "standalone");
    // The colours are the style sheet's.
    let css = app.get("/assets/app.css", None).await.text().await.unwrap();
    let brand = m["theme_color"].as_str().unwrap();
    assert!(css.contains(&format!("--brand:{brand};")), "{brand}");
    let bg = m["background_color"].as_str().unwrap();
    assert!(css.contains(&format!("--bg:{bg};")), "{bg}");

    let icons = m["icons"].as_array().unwrap();
    let mut seen = vec![];
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        assert_eq!(icon["type"], "image/png");
        let res = app.get(src, None).await;
        assert_eq!(res.status(), 200, "{src}");
        assert_eq!(res.headers()["content-type"], "image/png", "{src}");
        let (w, h) = png_size(&res.bytes().await.unwrap());
        assert_eq!(icon["sizes"].as_str().unwrap(), format!("{w}x{h}"), "{src}");
        seen.push((w, icon["purpose"].as_str().unwrap_or("any").to_owned()));
    }
    for want in [(192, "any"), (512, "any"), (512, "maskable")] {
        assert!(
            seen.iter().any(|(w, p)| *w == want.0 && p == want.1),
            "{want:?} in {seen:?}"
        );
    }
    // The apple-touch-icon the pages link.
    let res = app.get("/assets/apple-touch-icon.png", None).await;
    assert_eq!(png_size(&res.bytes().await.unwrap()), (180, 180));
}
both_databases!(manifest_and_icons);

async fn service_worker(app: TestApp) {
    let res = app.get("/sw.js", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let js = res.text().await.unwrap();
    // Named after the build, and the placeholder filled.
    let version = imigrasi_platform::http::pwa::cache_version();
    assert!(version.starts_with(env!("CARGO_PKG_VERSION")), "{version}");
    assert!(js.contains(&format!("const VERSION = \"{version}\";")));
    assert!(!js.contains("__VERSION__"));
    // The shell it precaches is served.
    for path in [
        "/offline",
        "/assets/app.css",
        "/assets/htmx.min.js",
        "/assets/pwa.js",
    ] {
        assert!(js.contains(&format!("\"{path}\"")), "{path}");
        assert_eq!(app.get(path, None).await.status(), 200, "{path}");
    }
    let res = app.get("/assets/pwa.js", None).await;
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(res.text().await.unwrap().contains("/sw.js"));
}
both_databases!(service_worker);

async fn pages_link_the_manifest(app: TestApp) {
    for path in ["/", "/passport", "/login", "/offline"] {
        for lang in ["id", "en"] {
            let (status, html) = page(&app, path, lang, None).await;
            assert_eq!(status, 200, "{path}");
            for link in [
                r#"<link rel="manifest" href="/manifest.webmanifest">"#,
                r##"<meta name="theme-color" content="#8a1c1c">"##,
                r#"<link rel="apple-touch-icon" href="/assets/apple-touch-icon.png">"#,
                r#"<script src="/assets/pwa.js" defer></script>"#,
            ] {
                assert!(html.contains(link), "{path} ({lang}): {link}");
            }
        }
    }
}
both_databases!(pages_link_the_manifest);

async fn offline_page_in_both_languages(app: TestApp) {
    // One page (the service worker keeps one copy): both languages,
    // whatever the visitor's, and no one's data (no-cache, not no-store).
    let citizen = app.citizen("warga@example.id").await;
    for (lang, token) in [("id", None), ("en", None), ("en", Some(citizen.as_str()))] {
        let mut req = app
            .client
            .get(app.url("/offline"))
            .header("accept-language", lang);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "no-cache");
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"<html lang="id">"#));
        assert!(html.contains("Tidak ada sinyal"), "{html}");
        assert!(html.contains("No signal"), "{html}");
        assert!(html.contains(r#"<ul id="kept-proofs">"#));
        assert!(!html.contains("Siti Aminah"), "no one's name");
    }
    let (_, html) = page_as(&app, "/offline", "en", None, None).await;
    assert!(html.contains("Proofs of appointment on this device"));
}
both_databases!(offline_page_in_both_languages);

async fn only_a_valid_proof_may_be_kept(app: TestApp) {
    let f = setup(&app).await;
    let (paid, citizen) = booking(&app, &f.slot_today, 1, true).await;
    let (unpaid, other) = booking(&app, &f.slot_today, 2, false).await;
    let keep = |res: &reqwest::Response| {
        res.headers()
            .get("x-offline-keep")
            .map(|v| v.to_str().unwrap().to_owned())
    };

    // A confirmed booking's proof, to its owner: kept by the service
    // worker, still no-store for every other cache.
    let res = app
        .get(&format!("/passport/bookings/{paid}/proof"), Some(&citizen))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(keep(&res).as_deref(), Some("proof"));
    assert_eq!(res.headers()["cache-control"], "no-store");

    // Awaiting payment: no QR code, nothing to keep.
    let res = app
        .get(&format!("/passport/bookings/{unpaid}/proof"), Some(&other))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(keep(&res), None);

    // Someone else's booking, the booking page, the API: never.
    let res = app
        .get(&format!("/passport/bookings/{paid}/proof"), Some(&other))
        .await;
    assert_ne!(res.status(), 200);
    assert_eq!(keep(&res), None);
    let res = app
        .get(&format!("/passport/bookings/{paid}"), Some(&citizen))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(keep(&res), None);
    assert_eq!(res.headers()["cache-control"], "no-store");
}
both_databases!(only_a_valid_proof_may_be_kept);

async fn logout_clears_site_data(app: TestApp) {
    app.citizen("warga@example.id").await;
    let cookie = app.page_login("warga@example.id", "correct horse 1").await;
    let res = app
        .client
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["clear-site-data"], r#""cache", "storage""#);
}
both_databases!(logout_clears_site_data);
