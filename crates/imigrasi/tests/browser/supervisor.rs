//! The supervisor's quota journey: log in, change the office's weekly
//! template and release schedule, and see the public release calendar
//! follow.

use imigrasi_platform::policy::Role;

use crate::harness::{Browser, PASSWORD, journey};

const OFFICE: &str = "BATAM";

journey!(supervisor_changes_quota, |b: Browser| async move {
    let email = "supervisor@batam.imigrasi.go.id";
    b.account(email, Role::Supervisor, Some(OFFICE)).await?;
    b.login(email, PASSWORD).await?;
    b.goto(&format!("/offices/{OFFICE}/release-calendar"))
        .await?;
    b.check_page().await?;
    b.click_link(&b.t("calendar-manage-link")).await?;
    b.assert_path(&format!("/offices/{OFFICE}/quota")).await?;
    b.check_page().await?;
    b.screenshot("quota").await?;

    // Add a Saturday morning session in the first empty row of the template.
    let row = b
        .client
        .execute(
            "const s = [...document.querySelectorAll('#template-form select[id$=\"-weekday\"]')]\
               .find(e => e.value === ''); return s ? s.id.replace('-weekday', '') : null",
            vec![],
        )
        .await?;
    let row = row
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no empty row in the template form"))?
        .to_owned();
    b.select(&format!("#{row}-weekday"), "saturday").await?;
    b.fill(&format!("#{row}-start"), "08:00").await?;
    b.fill(&format!("#{row}-end"), "11:00").await?;
    b.select(&format!("#{row}-category"), "regular").await?;
    b.fill(&format!("#{row}-capacity"), "25").await?;
    b.click_button(&b.t("quota-template-save")).await?;
    b.assert_path(&format!("/offices/{OFFICE}/quota?done=template"))
        .await?;
    b.assert_text(&b.t("quota-done-template")).await?;
    let saturday = b.t("quota-weekday-saturday");
    let table = b.text("table").await?;
    if !table.contains(&format!("{saturday} 08:00 11:00")) {
        anyhow::bail!("the template does not list the Saturday session: {table}");
    }
    b.check_page().await?;

    // Release every Wednesday at 10:00, dates 7 to 13 days ahead.
    b.choose("input[name=\"kind\"][value=\"weekly\"]").await?;
    b.select(&b.t("quota-rule-weekday"), "wednesday").await?;
    b.fill(&b.t("quota-rule-at"), "10:00").await?;
    b.fill(&b.t("quota-rule-from"), "7").await?;
    b.fill(&b.t("quota-rule-to"), "13").await?;
    b.click_button(&b.t("quota-settings-save")).await?;
    b.assert_path(&format!("/offices/{OFFICE}/quota?done=settings"))
        .await?;
    b.assert_text(&b.t("quota-done-settings")).await?;
    b.check_page().await?;

    // The public calendars show the new rule.
    let wednesday = b.t("quota-weekday-wednesday");
    b.click_link(&b.t("quota-calendar-link")).await?;
    b.assert_path(&format!("/offices/{OFFICE}/release-calendar"))
        .await?;
    b.assert_text(&b.ta(
        "calendar-rule-weekly",
        &[
            ("weekday", &wednesday),
            ("at", "10:00"),
            ("zone", "WIB"),
            ("from", "7"),
            ("to", "13"),
        ],
    ))
    .await?;
    let first = b.text("tbody tr").await?;
    if !(first.starts_with(&wednesday) && first.contains("10:00 WIB")) {
        anyhow::bail!("the next release is not a Wednesday at 10:00: {first}");
    }
    b.check_page().await?;
    b.screenshot("release-calendar").await?;

    b.logout().await?;
    b.goto("/release-calendar").await?;
    let row = b
        .text(&format!(
            "tr:has(a[href=\"/offices/{OFFICE}/release-calendar\"])"
        ))
        .await?;
    if !(row.contains(&wednesday) && row.contains("10:00 WIB")) {
        anyhow::bail!("the list of offices does not show the new release: {row}");
    }
    b.check_page().await?;
    Ok(())
});
