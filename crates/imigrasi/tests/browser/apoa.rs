//! Foreign-guest report journeys: a night-desk clerk registers the
//! premise, pastes a guest's passport MRZ (a wrong check digit is named
//! next to it first), gets the receipt with its QR code, and later checks
//! the guest out; a key for the hotel software is shown once. An officer
//! searches the area's reports, follows a guest, reads the alerts and the
//! dashboard.

use imigrasi_platform::policy::Role;
use serde_json::json;

use crate::harness::{Browser, PASSWORD, days_ahead, journey};

const OFFICER: &str = "officer@denpasar.imigrasi.go.id";

const SPECIMEN_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const SPECIMEN_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

journey!(apoa_clerk_reports_a_guest, |b: Browser| async move {
    let clerk = "desk@sanur.example.id";
    b.account(clerk, Role::Lodging, None).await?;
    b.login(clerk, PASSWORD).await?;

    // From the home page to the service; the first premise.
    b.goto("/").await?;
    b.follow(".card a[href=\"/apoa\"]").await?;
    b.assert_path("/apoa").await?;
    b.assert_text(&b.t("apoa-page-premises-empty")).await?;
    b.check_page().await?;
    b.fill("#name", "Wisma Sanur").await?;
    b.select("#kind", "guest_house").await?;
    b.fill("#address", "Jl. Danau Tamblingan 12").await?;
    b.fill("#regency", "51.71").await?;
    b.click_button(&b.t("apoa-page-premise-submit")).await?;
    b.assert_path("/apoa/premises/").await?;
    b.assert_text(&b.t("apoa-page-in-house-empty")).await?;
    b.check_page().await?;
    b.screenshot("apoa-premise").await?;

    // A guest from the MRZ: first with a wrong check digit.
    b.follow("#register-guest").await?;
    b.assert_path("/apoa/premises/").await?;
    b.check_page().await?;
    let wrong = SPECIMEN_2.replacen("L898902C36", "L898902C37", 1);
    b.fill("#mrz", &format!("{SPECIMEN_1}\n{wrong}")).await?;
    b.fill("#expected_check_out", &days_ahead(3)).await?;
    b.fill("#entry_port", "DPS Ngurah Rai").await?;
    b.fill("#room", "12").await?;
    b.fill("#purpose", &b.t("apoa-page-purpose-tourism"))
        .await?;
    b.click_button(&b.t("apoa-page-report-submit")).await?;
    b.find("#mrz-error").await?;
    b.check_page().await?;
    b.screenshot("apoa-guest-refused").await?;
    b.fill("#mrz", &format!("{SPECIMEN_1}\n{SPECIMEN_2}"))
        .await?;
    b.click_button(&b.t("apoa-page-report-submit")).await?;
    b.assert_path("/apoa/stays/").await?;
    b.assert_text("ANNA MARIA ERIKSSON").await?;
    b.assert_text("DPS Ngurah Rai").await?;
    b.find("svg.qr").await?;
    b.check_page().await?;
    b.screenshot("apoa-receipt").await?;

    // The guest leaves.
    b.click_button(&b.t("apoa-page-check-out-submit")).await?;
    b.assert_text(&b.t("apoa-page-status-checked-out")).await?;
    b.check_page().await?;

    // A key for the hotel software: shown once.
    b.follow(".crumbs a").await?;
    b.click_button(&b.t("apoa-page-key-create")).await?;
    let key = b.text("#new-key code").await?;
    if !key.starts_with("apoa_") {
        anyhow::bail!("no key shown: {key:?}");
    }
    b.check_page().await?;
    b.click_button(&b.t("apoa-page-key-revoke")).await?;
    let body = b.body_text().await?;
    if body.contains(&key) {
        anyhow::bail!("the key is shown again");
    }
    b.check_page().await
});

journey!(apoa_officer_supervises_guests, |b: Browser| async move {
    // A hotel in Denpasar's area reports two guests through the API, one
    // of them a day late.
    let clerk = "desk@ubud.example.id";
    b.account(clerk, Role::Lodging, None).await?;
    let token = b.api_login(clerk, PASSWORD).await?;
    let premise = b
        .api(
            "POST",
            "/api/v1/apoa/premises",
            Some(&token),
            &json!({"name": "Villa Ubud", "kind": "villa", "address": "Jl. Monkey Forest 5",
                "regency": "51.04"}),
        )
        .await?;
    let pid = premise["id"].as_str().unwrap_or_default().to_owned();
    for (passport, surname, hours) in [("X2000001", "Smith", 2), ("X2000002", "Tanaka", 30)] {
        let check_in = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours);
        b.api(
            "POST",
            "/api/v1/apoa/stays",
            Some(&token),
            &json!({"premise_id": pid, "guest": {"passport_number": passport,
                "nationality": "AUS", "surname": surname, "given_names": "Jane",
                "birth_date": "1990-05-01", "sex": "F", "passport_expiry": "2031-01-31"},
                "entry_date": days_ahead(-3), "check_in": check_in.to_string(),
                "expected_check_out": days_ahead(4), "purpose": "Tourism"}),
        )
        .await?;
    }

    // The officer searches by name, follows the guest, reads the alerts
    // and the dashboard.
    b.account(OFFICER, Role::Officer, Some("DENPASAR")).await?;
    b.login(OFFICER, PASSWORD).await?;
    b.goto("/apoa").await?;
    b.check_page().await?;
    b.follow("a[href=\"/apoa/watch\"]").await?;
    b.fill("#name", "tanaka").await?;
    b.click_button(&b.t("apoa-sup-search-submit")).await?;
    b.assert_text("X2000002").await?;
    b.check_page().await?;
    b.screenshot("apoa-officer-search").await?;
    b.follow("#results a[href$=\"/movements\"]").await?;
    b.assert_text("Villa Ubud").await?;
    b.check_page().await?;
    b.goto("/apoa/alerts").await?;
    b.find("[data-kind=\"late_report\"]").await?;
    b.check_page().await?;
    b.screenshot("apoa-officer-alerts").await?;
    b.goto("/apoa/dashboard").await?;
    b.find("svg rect").await?;
    b.check_page().await?;
    b.screenshot("apoa-officer-dashboard").await
});
