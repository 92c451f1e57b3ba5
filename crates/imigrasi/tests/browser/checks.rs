//! The page checks catch what they are for: a page broken on purpose fails
//! `check_page` for the right reason.

use anyhow::{Context, ensure};

use crate::harness::{self, Browser, Viewport};

async fn break_page(b: &Browser, html: &str) -> harness::Step<String> {
    b.goto("/").await?;
    b.check_page().await?;
    b.client
        .execute(
            "document.querySelector('main').insertAdjacentHTML('beforeend', arguments[0])",
            vec![serde_json::json!(html)],
        )
        .await?;
    let err = b
        .check_page()
        .await
        .err()
        .with_context(|| format!("check_page missed {html}"))?;
    Ok(format!("{err:#}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_page_catches_broken_pages() {
    harness::run(
        "check_page_catches_broken_pages",
        Viewport::DESKTOP,
        "en",
        |b: Browser| async move {
            let e = break_page(&b, "<img src=\"/assets/missing.png\">").await?;
            ensure!(e.contains("image-alt"), "{e}");
            let e = break_page(&b, "<p>Unknown localization appt-missing</p>").await?;
            ensure!(e.contains("untranslated"), "{e}");
            let e = break_page(
                &b,
                "<form><label for=\"x\">X</label><input id=\"x\" tabindex=\"-1\"><button>Go</button></form>",
            )
            .await?;
            ensure!(e.contains("not reachable with Tab"), "{e}");
            let e = break_page(&b, "<form><label for=\"y\">Y</label><input id=\"y\"><button type=\"button\">Go</button></form>").await?;
            ensure!(e.contains("without a submit button"), "{e}");
            Ok(())
        },
    )
    .await
}
