//! The language switch: the header's links change the language of the page
//! being read and keep the reader where they were; the choice sticks.
//! (Every page of the other journeys is also checked in both languages.)

use imigrasi_platform::i18n::Lang;

use crate::harness::{Browser, journey, normalize};

journey!(
    language_switch_keeps_the_page,
    langs = [id],
    |b: Browser| async move {
        b.goto("/passport").await?;
        b.assert_text(&b.t("appt-start-title")).await?;
        b.follow("a[href^=\"/lang/en\"]").await?;
        b.assert_path("/passport").await?;
        b.assert_text(&normalize(&Lang::En.t("appt-start-title")))
            .await?;
        let lang = b
            .client
            .execute("return document.documentElement.lang", vec![])
            .await?;
        if lang != "en" {
            anyhow::bail!("<html lang={lang}> after switching to English");
        }
        // The choice sticks on the next page.
        b.goto("/release-calendar").await?;
        b.assert_text(&normalize(&Lang::En.t("calendar-title")))
            .await?;
        b.follow("a[href^=\"/lang/id\"]").await?;
        b.assert_path("/release-calendar").await?;
        b.assert_text(&b.t("calendar-title")).await?;
        b.check_page().await?;
        // Without the choice, the browser's Accept-Language (en-US) decides.
        b.client.delete_all_cookies().await?;
        b.goto("/passport").await?;
        b.assert_text(&normalize(&Lang::En.t("appt-start-title")))
            .await?;
        Ok(())
    }
);
