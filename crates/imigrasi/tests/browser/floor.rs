//! The office journey: a kiosk is paired with its device key, a citizen
//! checks in with the booking code and gets a ticket; the display board,
//! open before the call, shows it live (Server-Sent Events, no reload) when
//! an officer calls the next ticket on the counter page in a second window;
//! the officer marks it served and the dashboard counts it.

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use fantoccini::wd::WindowHandle;
use imigrasi_platform::billing;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::harness::{Browser, PASSWORD, Step, days_ahead, journey};

const OFFICE: &str = "BATAM";
const SUPERVISOR: &str = "supervisor@batam.imigrasi.go.id";
const OFFICER: &str = "petugas@batam.imigrasi.go.id";
const CITIZEN: &str = "warga@example.id";
/// The counter the officer opens.
const COUNTER: &str = "3";
/// How long the board may take to show a call.
const LIVE_WITHIN: Duration = Duration::from_secs(5);
/// The harness's payment secret (see `harness::config`).
const PAYMENT_SECRET: &str = crate::harness::PAYMENT_SECRET;

/// A kiosk device key and a confirmed booking for today at the office;
/// returns (device key, booking code).
async fn setup(b: &Browser) -> Step<(String, String)> {
    b.account(SUPERVISOR, Role::Supervisor, Some(OFFICE))
        .await?;
    b.account(OFFICER, Role::Officer, Some(OFFICE)).await?;
    b.account(CITIZEN, Role::Citizen, None).await?;
    let sup = b.api_login(SUPERVISOR, PASSWORD).await?;

    // A session all day today (office time), so check-in is open whenever
    // the journey runs (but in the day's last minute).
    let slot = b
        .api(
            "POST",
            &format!("/api/v1/offices/{OFFICE}/slots"),
            Some(&sup),
            &json!({"date": days_ahead(0), "start": "00:00", "end": "23:59",
                    "category": "regular", "capacity": 5}),
        )
        .await?;
    let slot = slot["id"].as_str().context("no slot id")?;

    let device = b
        .api(
            "POST",
            &format!("/api/v1/offices/{OFFICE}/devices"),
            Some(&sup),
            &json!({"name": "APM lobi"}),
        )
        .await?;
    let key = device["key"].as_str().context("no device key")?.to_owned();

    let citizen = b.api_login(CITIZEN, PASSWORD).await?;
    let booking = b
        .api(
            "POST",
            "/api/v1/passport/bookings",
            Some(&citizen),
            &json!({"slot_id": slot, "passport_type": "regular", "service": "new",
                    "applicant": {"nik": "3171011203900001", "full_name": "Budi Santoso",
                                  "birth_date": "1990-03-12", "sex": "M"}}),
        )
        .await?;
    let code = booking["code"].as_str().context("no booking code")?;
    pay(b, &booking["payment"]).await?;
    Ok((key, code.to_owned()))
}

/// Pay a booking as the bank would: a signed payment notification.
async fn pay(b: &Browser, payment: &Value) -> Step {
    let body = json!({
        "billing_code": payment["billing_code"],
        "amount": payment["amount"],
        "ntpn": "NTPN000000000001",
        "paid_at": jiff::Timestamp::now().to_string(),
    })
    .to_string();
    let res = reqwest::Client::new()
        .post(b.url("/api/v1/payments/notifications"))
        .header("content-type", "application/json")
        .header(
            "x-signature",
            billing::sign(PAYMENT_SECRET, body.as_bytes()),
        )
        .body(body)
        .send()
        .await?;
    let status = res.status();
    if !status.is_success() {
        bail!(
            "the payment notification answered {status}: {}",
            res.text().await?
        );
    }
    Ok(())
}

/// Open a second browser window (same session, so same cookies), switch to
/// it and check that it sees the run's viewport; returns its handle.
async fn second_window(b: &Browser) -> Step<WindowHandle> {
    let handle = b.client.new_window(false).await?.handle;
    b.client.switch_to_window(handle.clone()).await?;
    let inner = b
        .client
        .execute("return [window.innerWidth, window.innerHeight]", vec![])
        .await?;
    let (width, height) = (b.viewport.width, b.viewport.height);
    if (inner[0].as_u64(), inner[1].as_u64()) != (Some(u64::from(width)), Some(u64::from(height))) {
        bail!("the second window sees {inner} instead of {width}×{height}");
    }
    Ok(handle)
}

/// The board's current call as (ticket, counter), when one is shown.
async fn board_call(b: &Browser) -> Step<Option<(String, String)>> {
    let v = b
        .client
        .execute(
            "const c = document.getElementById('board-current');\
             if (!c || c.hidden) return null;\
             return [document.getElementById('current-ticket').textContent.trim(),\
                     document.getElementById('current-counter').textContent.trim()];",
            vec![],
        )
        .await?;
    Ok(match (v[0].as_str(), v[1].as_str()) {
        (Some(t), Some(c)) => Some((t.to_owned(), c.to_owned())),
        _ => None,
    })
}

/// The value of the dashboard's summary tile named by `key`.
async fn tile(b: &Browser, key: &str) -> Step<String> {
    let v = b
        .client
        .execute(
            "const li = [...document.querySelectorAll('.stats li')]\
               .find(l => l.querySelector('.name').textContent.trim() === arguments[0]);\
             return li ? li.querySelector('.value').textContent.trim() : null;",
            vec![json!(b.t(key))],
        )
        .await?;
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("no dashboard tile {key}"))
}

journey!(office_checks_in_calls_and_serves, |b: Browser| async move {
    let (key, code) = setup(&b).await?;
    let main = b.client.window().await?;

    // Pair the kiosk with its device key, then check in with the booking code.
    b.goto(&format!("/kiosk/{OFFICE}")).await?;
    b.assert_text(&b.t("floor-kiosk-setup-title")).await?;
    b.check_page().await?;
    b.fill("#key", &key).await?;
    b.click_button(&b.t("floor-kiosk-save")).await?;
    b.assert_path(&format!("/kiosk/{OFFICE}?ready=1")).await?;
    b.assert_text(&b.t("floor-kiosk-ready")).await?;
    b.check_page().await?;
    b.fill(&b.t("floor-kiosk-code"), &code).await?;
    b.click_button(&b.t("floor-kiosk-submit")).await?;
    b.assert_text(&b.t("floor-kiosk-ticket-title")).await?;
    let ticket = b.text("#ticket-number").await?;
    if ticket.is_empty() {
        bail!("the ticket page shows no number");
    }
    b.assert_text(&b.t("floor-kiosk-area-regular")).await?;
    b.check_page().await?;
    b.screenshot("kiosk-ticket").await?;

    // The board, before anyone is called: connected, nobody called yet.
    b.goto(&format!("/offices/{OFFICE}/board")).await?;
    b.assert_text(&b.t("floor-board-none")).await?;
    b.poll("the board's live connection", || async {
        let status = b.text("#board-status").await?;
        Ok(status.contains(&b.t("floor-board-live")).then_some(()))
    })
    .await?;
    b.check_page().await?;
    // Marks this document: a reload would drop the mark.
    b.client
        .execute("window.__boardNotReloaded = true", vec![])
        .await?;

    // The officer, in a second window, opens counter 3 and calls the next.
    let officer = second_window(&b).await?;
    b.login(OFFICER, PASSWORD).await?;
    b.goto(&format!("/offices/{OFFICE}/counter")).await?;
    b.check_page().await?;
    b.fill(&b.t("floor-counter-name"), COUNTER).await?;
    b.click_button(&b.t("floor-counter-open")).await?;
    b.assert_text(&b.ta("floor-counter-done-opened", &[("counter", COUNTER)]))
        .await?;
    b.assert_text(&ticket).await?;
    b.check_page().await?;
    b.click_button(&b.t("floor-counter-call-next")).await?;
    let called = Instant::now();
    b.assert_text(&b.ta(
        "floor-counter-done-called",
        &[("ticket", &ticket), ("counter", COUNTER)],
    ))
    .await?;
    let current = b.text("#current-ticket").await?;
    if current != ticket {
        bail!("counter {COUNTER} has {current} instead of {ticket}");
    }
    b.check_page().await?;

    // The board shows the call within seconds, without a reload.
    b.client.switch_to_window(main.clone()).await?;
    let wanted = (ticket.clone(), COUNTER.to_owned());
    loop {
        let shown = board_call(&b).await?;
        if shown.as_ref() == Some(&wanted) {
            break;
        }
        if called.elapsed() > LIVE_WITHIN {
            bail!("after {LIVE_WITHIN:?} the board shows {shown:?} instead of {wanted:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "office journey ({}, {}): the board showed {ticket} at counter {COUNTER} {} ms after the call",
        b.viewport.name,
        b.lang.code(),
        called.elapsed().as_millis()
    );
    let kept = b
        .client
        .execute("return window.__boardNotReloaded === true", vec![])
        .await?;
    if kept != true {
        bail!("the board reloaded instead of updating live");
    }
    // Check (and picture) the board as it stays, after the call's flash.
    b.poll("the board's flash to end", || async {
        let v = b
            .client
            .execute(
                "return document.getAnimations().every(a => a.playState !== 'running')",
                vec![],
            )
            .await?;
        Ok((v == true).then_some(()))
    })
    .await?;
    b.check_page().await?;
    b.screenshot("board").await?;

    // The officer marks the ticket served; the dashboard counts it.
    b.client.switch_to_window(officer).await?;
    b.click_button(&b.t("floor-counter-served")).await?;
    b.assert_text(&b.ta("floor-counter-done-served", &[("ticket", &ticket)]))
        .await?;
    b.assert_text(&b.t("floor-counter-none")).await?;
    b.check_page().await?;
    b.click_link(&b.t("floor-link-dashboard")).await?;
    b.assert_path(&format!("/offices/{OFFICE}/dashboard"))
        .await?;
    b.check_page().await?;
    for (key, value) in [
        ("floor-dash-booked", "1"),
        ("floor-dash-checked-in", "1"),
        ("floor-dash-waiting", "0"),
        ("floor-dash-served", "1"),
    ] {
        let shown = tile(&b, key).await?;
        if shown != value {
            bail!("the dashboard shows {shown} for {key}, not {value}");
        }
    }
    b.screenshot("dashboard").await?;
    b.client.close_window().await?;
    b.client.switch_to_window(main).await?;
    Ok(())
});
