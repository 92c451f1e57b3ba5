//! Installable, and usable without signal at the office: the service worker
//! registers and takes the page, keeps the shell and the proof of
//! appointment a citizen opened (QR code and all), and forgets the proof
//! when the citizen logs out.
//!
//! The journey does not cut the network (WebDriver has no standard command
//! for it, and Chromium's emulation may not cover the worker's own
//! requests): it reads, through the Cache API, what the worker answers an
//! offline navigation with.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::harness::{Browser, DEMO_PASSWORD, PASSWORD, Step, days_ahead, journey};

const OFFICE: &str = "JKT-PUSAT";
const SUPERVISOR: &str = "supervisor@demo.imigrasi.id";
/// Must match PROOFS in `crates/platform/assets/sw.js`.
const PROOFS: &str = "imigrasi-proofs-v1";

/// Run an asynchronous script (its last argument is the callback).
async fn script(b: &Browser, js: &str, args: Vec<Value>) -> Step<Value> {
    Ok(b.client.execute_async(js, args).await?)
}

/// The body of the response kept under `path` in any cache, or "".
async fn kept(b: &Browser, path: &str) -> Step<String> {
    let v = script(
        b,
        "const done = arguments[arguments.length - 1];
         caches.match(arguments[0]).then(r => r ? r.text() : '').then(done, () => done(''));",
        vec![json!(path)],
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// A confirmed booking of a new citizen (booked through the API, paid at
/// the simulated bank); returns its code.
async fn confirmed_booking(b: &Browser, email: &str) -> Step<String> {
    let sup = b.api_login(SUPERVISOR, DEMO_PASSWORD).await?;
    let slot = b
        .api(
            "POST",
            &format!("/api/v1/offices/{OFFICE}/slots"),
            Some(&sup),
            &json!({"date": days_ahead(3), "start": "08:00", "end": "08:30", "category": "regular", "capacity": 5}),
        )
        .await?;
    b.account(email, Role::Citizen, None).await?;
    let citizen = b.api_login(email, PASSWORD).await?;
    let booking = b
        .api(
            "POST",
            "/api/v1/passport/bookings",
            Some(&citizen),
            &json!({
                "slot_id": slot["id"],
                "applicant": {"nik": "3171011203900007", "full_name": "Budi Santoso", "birth_date": "1990-03-12", "sex": "M"},
                "passport_type": "regular",
                "service": "new",
            }),
        )
        .await?;
    let billing = booking["payment"]["billing_code"]
        .as_str()
        .unwrap_or_default();
    b.goto(&format!("/demo/bank?code={billing}")).await?;
    b.assert_text(&b.t("appt-bank-bill")).await?;
    b.follow("form[action=\"/demo/bank/pay\"] button").await?;
    b.assert_text(&b.t("appt-bank-paid")).await?;
    Ok(booking["code"].as_str().unwrap_or_default().to_owned())
}

journey!(proof_opens_offline, langs = [id], |b: Browser| async move {
    let email = "antri@example.id";
    let code = confirmed_booking(&b, email).await?;
    b.login(email, PASSWORD).await?;

    // The service worker registers from the page's script and takes it.
    b.goto("/passport").await?;
    b.poll("the service worker to take the page", || async {
        let v = script(
            &b,
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.ready
               .then(r => done(!!r.active && !!navigator.serviceWorker.controller))
               .catch(() => done(false));",
            vec![],
        )
        .await?;
        if v != true {
            // A page loaded before activation is taken by clients.claim();
            // reload in case it was not.
            b.goto("/passport").await?;
        }
        Ok((v == true).then_some(()))
    })
    .await?;

    // The shell is kept: the offline page among it.
    let offline = kept(&b, "/offline").await?;
    if !offline.contains("kept-proofs") {
        anyhow::bail!("the offline page is not in the shell cache");
    }
    let css = kept(&b, "/assets/app.css").await?;
    if !css.contains("--brand") {
        anyhow::bail!("the style sheet is not in the shell cache");
    }

    // Opening the proof keeps it, QR code and all.
    let proof = format!("/passport/bookings/{code}/proof");
    b.goto(&proof).await?;
    b.find(".qr-figure svg").await?;
    b.assert_text(&code).await?;
    b.poll("the proof to be kept", || async {
        let html = kept(&b, &proof).await?;
        Ok((html.contains("<svg") && html.contains(&code)).then_some(()))
    })
    .await?;
    // Nothing else personal is: not the booking page, not the API.
    for path in [format!("/passport/bookings/{code}"), "/passport".to_owned()] {
        if !kept(&b, &path).await?.is_empty() {
            anyhow::bail!("{path} was kept");
        }
    }

    // The offline page lists the proofs kept on this device.
    b.goto("/offline").await?;
    b.find(&format!("#kept-proofs a[href=\"{proof}\"]")).await?;
    b.check_page().await?;

    // Logging out forgets them.
    b.goto("/passport").await?;
    b.logout().await?;
    b.assert_path("/").await?;
    b.poll("the kept proofs to be forgotten", || async {
        let v = script(
            &b,
            "const done = arguments[arguments.length - 1];
             caches.has(arguments[0]).then(done, () => done(true));",
            vec![json!(PROOFS)],
        )
        .await?;
        Ok((v == false).then_some(()))
    })
    .await?;
    Ok(())
});
