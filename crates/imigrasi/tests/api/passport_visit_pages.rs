//! After the visit on the pages: the officer's page and its forms (staff of
//! the booking's office only), the citizen's booking page; both databases.

use imigrasi_platform::policy::Role;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::floor::*;
use crate::helpers::pages::{form_en, page, post_form};

async fn the_officer_takes_each_step_on_the_page(app: TestApp) {
    let f = setup(&app).await;
    let (code, citizen) = booking(&app, &f.slot_today, 1, true).await;
    let path = format!("/passport/staff/bookings/{code}");
    // Not at the counter yet: no outcome form.
    let (status, html) = page(&app, &path, "en", Some(&f.officer)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("/outcome\""), "{html}");
    checked_in(&app, &f.officer, &code).await;
    for lang in ["en", "id"] {
        let (status, html) = page(&app, &path, lang, Some(&f.officer)).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("{path}/outcome")), "{html}");
    }

    // Others: 404 (another office's officer, the citizen).
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    for token in [&medan, &citizen] {
        assert_eq!(page(&app, &path, "en", Some(token)).await.0, 404);
        let form = [("outcome", "approved")];
        let (status, _, _) =
            post_form(&app, &format!("{path}/outcome"), Some(token), None, &form).await;
        assert_eq!(status, 404);
    }

    // A refusal without a reason is shown on the form.
    let form = [("outcome", "refused"), ("reason", "")];
    let (status, _, html) = form_en(&app, &f.officer, &format!("{path}/outcome"), &form).await;
    assert_eq!(status, 422);
    assert!(html.contains("Give the reason"), "{html}");

    let (status, location, _) = form_en(
        &app,
        &f.officer,
        &format!("{path}/outcome"),
        &[("outcome", "approved"), ("reason", "")],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?done=outcome").as_str())
    );
    // Out of order on the page: collected while printing.
    let form = [("collected_by", "Ibu Sari"), ("relation", "family")];
    let (status, _, html) = form_en(&app, &f.officer, &format!("{path}/collected"), &form).await;
    assert_eq!(status, 409);
    assert!(html.contains("cannot be marked collected"), "{html}");
    let (status, _, _) = form_en(&app, &f.officer, &format!("{path}/ready"), &[]).await;
    assert_eq!(status, 303);
    let (status, _, _) = form_en(&app, &f.officer, &format!("{path}/collected"), &form).await;
    assert_eq!(status, 303);
    let (_, html) = page(&app, &path, "en", Some(&f.officer)).await;
    assert!(
        html.contains("Ibu Sari") && html.contains("Collected"),
        "{html}"
    );

    // The citizen's booking page, in both languages.
    let mine = format!("/passport/bookings/{code}");
    let (status, html) = page(&app, &mine, "en", Some(&citizen)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Your passport application") && html.contains("Family member"),
        "{html}"
    );
    let (_, html) = page(&app, &mine, "id", Some(&citizen)).await;
    assert!(
        html.contains("Permohonan paspor Anda") && html.contains("Sudah diambil"),
        "{html}"
    );
}
both_databases!(the_officer_takes_each_step_on_the_page);
