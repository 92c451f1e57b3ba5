//! Foreign-guest report journeys: a night-desk clerk registers the
//! premise, pastes a guest's passport MRZ (a wrong check digit is named
//! next to it first), gets the receipt with its QR code, and later checks
//! the guest out; a key for the hotel software is shown once.

use imigrasi_platform::policy::Role;

use crate::harness::{Browser, PASSWORD, days_ahead, journey};

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
