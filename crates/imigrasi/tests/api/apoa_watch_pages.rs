//! The officers' APOA pages over HTTP (no browser): the search with its
//! criteria in the body (audited, paged by POST), a guest's movements, the
//! alerts with their reasons, the dashboard with its chart; another
//! office's officer sees nothing, a lodging is refused; both languages.

use crate::both_databases;
use crate::helpers::apoa_watch::{area, guest, lodge};
use crate::helpers::pages::{form_en as form, page};
use crate::helpers::{TestApp, count};

/// GET a page as `token`; no message id may show raw.
async fn get(app: &TestApp, token: &str, path: &str, lang: &str) -> (u16, String) {
    let (status, html) = page(app, path, lang, Some(token)).await;
    assert!(
        !html.contains(">apoa-") && !html.contains(" apoa-sup-") && !html.contains(" apoa-page-"),
        "{path} ({lang}) shows a message id:\n{html}"
    );
    (status, html)
}

async fn officers_work_from_the_pages(app: TestApp) {
    let a = area(&app).await;
    let jane = lodge(
        &app,
        &a,
        &a.sanur,
        guest("X1000001", "Smith", "Jane Mary", "AUS"),
        3,
    )
    .await;
    // Late: reported 30 hours after the check-in.
    lodge(
        &app,
        &a,
        &a.ubud,
        guest("X1000001", "Smith", "Jane Mary", "AUS"),
        30,
    )
    .await;
    lodge(
        &app,
        &a,
        &a.ubud,
        guest("X1000002", "Tanaka", "Hiro", "JPN"),
        2,
    )
    .await;
    lodge(
        &app,
        &a,
        &a.medan,
        guest("X1000003", "Smith", "John", "AUS"),
        1,
    )
    .await;

    for lang in ["id", "en"] {
        for path in ["/apoa/watch", "/apoa/alerts", "/apoa/dashboard", "/apoa"] {
            let (status, _) = get(&app, &a.denpasar, path, lang).await;
            assert_eq!(status, 200, "{path} {lang}");
        }
    }

    // The search: criteria in the body, audited; results of the area only.
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.search'";
    let before = count(&app, audited).await;
    let (status, _, html) = form(&app, &a.denpasar, "/apoa/watch", &[("name", "smith")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Reports found: 2"), "{html}");
    assert!(html.contains("JANE MARY SMITH") || html.contains("Jane Mary Smith"));
    assert!(!html.contains("John"), "Medan's guest is not Denpasar's");
    assert_eq!(count(&app, audited).await, before + 1);
    let (status, _, html) = form(
        &app,
        &a.denpasar,
        "/apoa/watch",
        &[("nationality", "JPN"), ("name", "")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Reports found: 1") && html.contains("X1000002"));
    let (status, _, html) = form(&app, &a.denpasar, "/apoa/watch", &[("from", "2026-13-01")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"from-error\""), "{html}");
    let (_, _, html) = form(&app, &a.medan_officer, "/apoa/watch", &[("name", "jane")]).await;
    assert!(html.contains("Reports found: 0") || html.contains("No report matches"));

    // Movements of Jane across the two premises.
    let path = format!("/apoa/watch/stays/{jane}/movements");
    let (status, html) = get(&app, &a.denpasar, &path, "en").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Wisma Sanur") && html.contains("Villa Ubud"),
        "{html}"
    );
    assert_eq!(get(&app, &a.medan_officer, &path, "en").await.0, 404);

    // Alerts: the late report is there with its reason; Medan sees none.
    let (_, html) = get(&app, &a.denpasar, "/apoa/alerts?kind=late_report", "en").await;
    assert!(html.contains("data-kind=\"late_report\""), "{html}");
    let (_, html) = get(
        &app,
        &a.medan_officer,
        "/apoa/alerts?kind=late_report",
        "en",
    )
    .await;
    assert!(!html.contains("data-kind=\"late_report\""));
    let (status, _) = get(&app, &a.denpasar, "/apoa/alerts?kind=castle", "en").await;
    assert_eq!(status, 400);

    // The dashboard: three reports in the area, a bar per day.
    let (_, html) = get(&app, &a.denpasar, "/apoa/dashboard", "en").await;
    assert!(html.contains("Reports in these days: 3"), "{html}");
    assert!(html.contains("<rect") && html.contains("Villa Ubud"));
    let (status, html) = get(
        &app,
        &a.denpasar,
        "/apoa/dashboard?from=2026-12-10&to=2026-12-01",
        "en",
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"to-error\""), "{html}");
    let (_, html) = get(&app, &a.admin, "/apoa/dashboard", "en").await;
    assert!(html.contains("Reports in these days: 4"), "{html}");

    // Lodgings and citizens are refused.
    for who in [&a.hotel, &a.citizen] {
        assert_eq!(get(&app, who, "/apoa/watch", "en").await.0, 403);
        assert_eq!(get(&app, who, "/apoa/alerts", "en").await.0, 403);
        assert_eq!(get(&app, who, "/apoa/dashboard", "en").await.0, 403);
    }
}

both_databases!(officers_work_from_the_pages);
