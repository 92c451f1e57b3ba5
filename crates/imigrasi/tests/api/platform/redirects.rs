//! Redirect targets (`next`) stay on this site, whatever they hold.

use crate::both_databases;
use crate::helpers::TestApp;

/// Query values (percent-encoded) and where they must lead.
const NEXT: &[(&str, &str)] = &[
    ("/%09/evil.example/x", "/"),
    ("%09//evil.example", "/"),
    ("/%0A/evil.example", "/"),
    ("/%0D%0ASet-Cookie:%20x=1", "/"),
    ("/ok%00", "/"),
    ("/ok%7F", "/"),
    ("/%5Cevil.example", "/"),
    ("/%5C%5Cevil.example", "/"),
    ("%2F%2Fevil.example", "/"),
    ("https://evil.example", "/"),
    ("/%C2%A0/evil.example", "/"),
    ("/%252F/x", "/%2F/x"),
    ("/passport?x=1", "/passport?x=1"),
    ("/kantor/m%C3%A9dan", "/kantor/m%C3%A9dan"),
];

async fn redirects_never_leave_the_site(app: TestApp) {
    for (next, expected) in NEXT {
        let res = app.get(&format!("/lang/en?next={next}"), None).await;
        assert_eq!(res.status(), 303, "{next}");
        assert_eq!(res.headers()["location"], *expected, "{next}");
    }
    app.citizen("vina@example.id").await;
    for (next, expected) in NEXT {
        // The form posts the decoded value.
        let decoded = percent_decode(next);
        let res = app
            .client
            .post(app.url("/login"))
            .form(&[
                ("email", "vina@example.id"),
                ("password", "correct horse 1"),
                ("next", decoded.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{next}");
        assert_eq!(res.headers()["location"], *expected, "{next}");
    }
    // The login page carries only a safe target in its form.
    let html = app
        .get("/login?next=/%09/evil.example/x", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"name="next" value="/""#), "{html}");
}
both_databases!(redirects_never_leave_the_site);

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
