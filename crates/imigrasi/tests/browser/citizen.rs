//! The citizen's passport journey: register and log in (keyboard only),
//! choose an office, book for oneself and a family member, pay at the
//! simulated bank (keyboard only), see the QR proof, reschedule, cancel the
//! family member's booking and join a waitlist.

use fantoccini::key::Key;
use serde_json::json;

use crate::harness::{Browser, DEMO_PASSWORD, Step, days_ahead, journey};

/// The demo supervisor's office.
const OFFICE: &str = "JKT-PUSAT";
const SUPERVISOR: &str = "supervisor@demo.imigrasi.id";

/// A valid NIK: a man born 1990-03-12, with a serial.
fn nik_man(serial: u32) -> String {
    format!("317101120390{serial:04}")
}

/// A valid NIK: a woman born 1992-07-05 (day + 40), with a serial.
fn nik_woman(serial: u32) -> String {
    format!("317101450792{serial:04}")
}

/// A released regular session at the office, made through the API by its
/// supervisor; returns the slot id.
async fn released_slot(
    b: &Browser,
    token: &str,
    date: &str,
    start: &str,
    end: &str,
) -> Step<String> {
    let v = b
        .api(
            "POST",
            &format!("/api/v1/offices/{OFFICE}/slots"),
            Some(token),
            &json!({"date": date, "start": start, "end": end, "category": "regular", "capacity": 5}),
        )
        .await?;
    Ok(v["id"].as_str().unwrap_or_default().to_owned())
}

/// The booking code from a `/passport/bookings/{code}?…` path.
fn booking_code(path: &str) -> String {
    let rest = path.trim_start_matches("/passport/bookings/");
    rest.split(['?', '/']).next().unwrap_or_default().to_owned()
}

/// Fill the applicant part of the booking or waitlist form.
async fn applicant(b: &Browser, nik: &str, name: &str, birth: &str, sex: &str) -> Step {
    b.fill("#nik", nik).await?;
    b.fill("#full_name", name).await?;
    b.fill("#birth_date", birth).await?;
    b.choose(&format!("#sex-{sex}")).await
}

/// From the office calendar, book `slot` for an applicant; returns the code.
async fn book(b: &Browser, slot: &str, who: (&str, &str, &str, &str)) -> Step<String> {
    b.goto(&format!("/passport/offices/{OFFICE}")).await?;
    b.follow(&format!("a[href=\"/passport/book?slot={slot}\"]"))
        .await?;
    b.check_page().await?;
    applicant(b, who.0, who.1, who.2, who.3).await?;
    b.click_button(&b.t("appt-book-submit")).await?;
    let path = b.assert_path("/passport/bookings/").await?;
    b.assert_text(&b.t("appt-done-booked")).await?;
    b.assert_text(who.1).await?;
    Ok(booking_code(&path))
}

journey!(citizen_books_for_family, |b: Browser| async move {
    let sup = b.api_login(SUPERVISOR, DEMO_PASSWORD).await?;
    let first = released_slot(&b, &sup, &days_ahead(3), "07:00", "07:30").await?;
    let later = released_slot(&b, &sup, &days_ahead(4), "07:00", "07:30").await?;

    b.goto("/").await?;
    b.check_page().await?;
    b.screenshot("home").await?;

    // Register and log in with the keyboard alone.
    b.click_link(&b.t("nav-register")).await?;
    b.check_page().await?;
    b.tab_to("#full_name").await?;
    b.type_text("Budi Santoso").await?;
    b.press(&[Key::Tab]).await?;
    b.type_text("budi@example.id").await?;
    b.press(&[Key::Tab]).await?;
    b.type_text("correct horse 1").await?;
    b.submit_with_enter().await?;
    b.assert_path("/login").await?;
    b.check_page().await?;
    b.tab_to("#email").await?;
    b.type_text("budi@example.id").await?;
    b.press(&[Key::Tab]).await?;
    b.type_text("correct horse 1").await?;
    b.submit_with_enter().await?;
    b.assert_path("/").await?;
    b.assert_text("Budi Santoso").await?;

    // Choose the office.
    b.follow(".card a[href=\"/passport\"]").await?;
    b.check_page().await?;
    b.click_link(&b.t("appt-start-choose-office")).await?;
    b.check_page().await?;
    b.follow(&format!("a[href=\"/passport/offices/{OFFICE}\"]"))
        .await?;
    b.check_page().await?;
    b.screenshot("office-calendar").await?;

    // Book for oneself, then for a family member with a second NIK.
    let own = book(&b, &first, (&nik_man(1), "Budi Santoso", "1990-03-12", "M")).await?;
    b.check_page().await?;
    b.screenshot("booking-awaiting-payment").await?;
    let billing = b.text(".pay code.big").await?;
    let family = book(
        &b,
        &first,
        (&nik_woman(1), "Siti Aminah", "1992-07-05", "F"),
    )
    .await?;

    // Pay the own booking at the simulated bank, typing its billing code.
    b.goto("/demo/bank").await?;
    b.check_page().await?;
    b.tab_to("#code").await?;
    b.type_text(&billing).await?;
    b.submit_with_enter().await?;
    b.assert_text(&b.t("appt-bank-bill")).await?;
    b.check_page().await?;
    b.follow("form[action=\"/demo/bank/pay\"] button").await?;
    b.assert_text(&b.t("appt-bank-paid")).await?;
    b.check_page().await?;

    // The proof with its QR code.
    b.goto(&format!("/passport/bookings/{own}")).await?;
    b.assert_text(&b.t("appt-status-confirmed")).await?;
    b.check_page().await?;
    b.click_link(&b.t("appt-proof-link")).await?;
    b.find(".qr-figure svg").await?;
    b.assert_text(&own).await?;
    b.check_page().await?;
    b.screenshot("proof").await?;

    // Move the own appointment to the later session.
    b.goto(&format!("/passport/bookings/{own}")).await?;
    b.click_link(&b.t("appt-reschedule")).await?;
    b.check_page().await?;
    b.choose(&format!("[id=\"slot-{later}\"]")).await?;
    b.click_button(&b.t("appt-reschedule-submit")).await?;
    b.assert_text(&b.t("appt-done-rescheduled")).await?;
    b.assert_text(&b.t("appt-rescheduled-note")).await?;
    b.check_page().await?;

    // Cancel the family member's booking.
    b.goto(&format!("/passport/bookings/{family}")).await?;
    b.assert_text(&b.t("appt-status-awaiting-payment")).await?;
    b.click_link(&b.t("appt-cancel")).await?;
    b.check_page().await?;
    b.click_button(&b.t("appt-cancel-confirm")).await?;
    b.assert_text(&b.t("appt-done-cancelled")).await?;
    b.assert_text(&b.t("appt-status-cancelled")).await?;
    b.check_page().await?;

    // Join a waitlist for another family member.
    b.click_link(&b.t("appt-nav-bookings")).await?;
    b.check_page().await?;
    b.click_link(&b.t("appt-waitlist-join")).await?;
    b.check_page().await?;
    b.select("#office", OFFICE).await?;
    applicant(&b, &nik_man(2), "Andi Santoso", "1990-03-12", "M").await?;
    b.click_button(&b.t("appt-waitlist-submit")).await?;
    b.assert_path("/passport/bookings").await?;
    b.assert_text(&b.t("appt-done-joined")).await?;
    b.assert_text("Andi Santoso").await?;
    b.check_page().await?;
    Ok(())
});
