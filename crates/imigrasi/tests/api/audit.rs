//! The audit chain catches edited, deleted and reordered rows, through the
//! library and through `imigrasi audit verify`.

use imigrasi_platform::audit::{self, Broken};
use imigrasi_platform::db;
use sea_orm::ConnectionTrait;

use crate::both_databases;
use crate::helpers::TestApp;

fn verify_cli(app: &TestApp) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imigrasi"))
        .args(["audit", "verify", "--database-url", &app.database_url])
        .output()
        .expect("run imigrasi");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

async fn audit_chain_detects_tampering(app: TestApp) {
    // Four audited changes: two registrations and two logins.
    app.citizen("a1@example.id").await;
    app.citizen("a2@example.id").await;
    let dbc = &app.state.db;
    assert_eq!(
        audit::verify(dbc).await.unwrap(),
        Ok(audit::Verified {
            rows: 4,
            chains: vec![audit::ChainVerified {
                chain: "-".to_owned(),
                rows: 4
            }]
        })
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact: 4 rows in 1 chain\n"), "{out}");
    assert!(out.contains("chain '-': 4 rows"), "{out}");

    // Edit a row.
    dbc.execute_unprepared("UPDATE audit_log SET action = 'nothing' WHERE seq = 2")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(dbc).await.unwrap(),
        Err(Broken::Edited {
            chain: "-".to_owned(),
            seq: 2
        })
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 1);
    assert!(out.contains("row 2"), "{out}");
    dbc.execute_unprepared("UPDATE audit_log SET action = 'session.create' WHERE seq = 2")
        .await
        .unwrap();
    assert!(audit::verify(dbc).await.unwrap().is_ok());

    // Reorder two rows (swap their sequence numbers).
    dbc.execute_unprepared("UPDATE audit_log SET seq = 100 WHERE seq = 2")
        .await
        .unwrap();
    dbc.execute_unprepared("UPDATE audit_log SET seq = 2 WHERE seq = 3")
        .await
        .unwrap();
    dbc.execute_unprepared("UPDATE audit_log SET seq = 3 WHERE seq = 100")
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(dbc).await.unwrap(),
        Err(Broken::Edited { seq: 2, .. })
    ));
    dbc.execute_unprepared("UPDATE audit_log SET seq = 100 WHERE seq = 2")
        .await
        .unwrap();
    dbc.execute_unprepared("UPDATE audit_log SET seq = 2 WHERE seq = 3")
        .await
        .unwrap();
    dbc.execute_unprepared("UPDATE audit_log SET seq = 3 WHERE seq = 100")
        .await
        .unwrap();
    assert!(audit::verify(dbc).await.unwrap().is_ok());

    // Delete the last row, then a middle row.
    let last = db::one(dbc, "SELECT * FROM audit_log WHERE seq = 4", [])
        .await
        .unwrap()
        .unwrap();
    let _ = last;
    dbc.execute_unprepared("DELETE FROM audit_log WHERE seq = 4")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(dbc).await.unwrap(),
        Err(Broken::Truncated {
            chain: "-".to_owned(),
            expected: 4,
            last: 3,
            head: 4
        })
    );
    dbc.execute_unprepared("DELETE FROM audit_log WHERE seq = 2")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(dbc).await.unwrap(),
        Err(Broken::OutOfSequence {
            chain: "-".to_owned(),
            seq: 3,
            expected: 2
        })
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 1);
    assert!(out.contains("row 3"), "{out}");
}
both_databases!(audit_chain_detects_tampering);
