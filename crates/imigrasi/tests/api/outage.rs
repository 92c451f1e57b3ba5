//! While the database is away, every route answers 503
//! `database_unavailable` with `Retry-After` (never 500), and a write
//! transaction whose connection is lost before commit runs once more.

use imigrasi_platform::db::{self, LostConnection};
use sea_orm::{ConnectionTrait, DbErr};

use crate::both_databases;
use crate::helpers::{Backend, TestApp};

fn database_name(url: &str) -> String {
    url.rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn admin() -> db::Db {
    db::connect(&std::env::var("IMIGRASI_TEST_POSTGRES_URL").unwrap(), 1)
        .await
        .unwrap()
}

/// Make the database unreachable: on PostgreSQL refuse new connections and
/// cut the open ones; on SQLite (embedded) close the pool.
async fn take_away(app: &TestApp) {
    match app.backend {
        Backend::Postgres => {
            let name = database_name(&app.database_url);
            let a = admin().await;
            a.execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
                .await
                .unwrap();
            a.execute_unprepared(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ))
            .await
            .unwrap();
        }
        Backend::Sqlite => app.state.db.close_by_ref().await.unwrap(),
    }
}

async fn bring_back(app: &TestApp) {
    if app.backend == Backend::Postgres {
        let name = database_name(&app.database_url);
        admin()
            .await
            .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
            .await
            .unwrap();
    }
}

async fn database_loss_answers_503_with_retry_after(app: TestApp) {
    let token = app.citizen("ani@example.id").await;
    take_away(&app).await;
    for (path, token) in [
        ("/api/v1/offices", None),
        ("/api/v1/me", Some(token.as_str())),
        ("/api/v1/offices/JKT-PUSAT/slots", None),
    ] {
        let res = app.get(path, token).await;
        assert_eq!(res.status(), 503, "{path}");
        assert_eq!(res.headers()["retry-after"], "5", "{path}");
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "database_unavailable", "{path}");
    }
    let page = app.get("/passport/offices", None).await;
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    assert_eq!(app.get("/health", None).await.status(), 503);
    bring_back(&app).await;
    if app.backend == Backend::Postgres {
        // The pool reconnects by itself once the database is back.
        let mut ok = false;
        for _ in 0..50 {
            if app.get("/api/v1/offices", None).await.status() == 200 {
                ok = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(ok, "no recovery after the database came back");
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), 200);
    }
}
both_databases!(database_loss_answers_503_with_retry_after);

async fn a_transaction_cut_before_commit_runs_once_more(app: TestApp) {
    db::exec(
        &app.state.db,
        "CREATE TABLE retry_probe (n BIGINT NOT NULL)",
        [],
    )
    .await
    .unwrap();
    let attempts = std::sync::atomic::AtomicU32::new(0);
    let postgres = app.backend == Backend::Postgres;
    let attempts = &attempts;
    let result = db::write(&app.state.db, |txn| async move {
        let txn = &*txn;
        let n = attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        db::exec(
            txn,
            "INSERT INTO retry_probe (n) VALUES ($1)",
            [i64::from(n).into()],
        )
        .await?;
        if n == 0 && postgres {
            // The server cuts this very connection before commit.
            let _ = db::exec(txn, "SELECT pg_terminate_backend(pg_backend_pid())", []).await;
            db::exec(txn, "SELECT 1", []).await?;
        }
        Ok::<_, DbErr>(n)
    })
    .await;
    let rows = db::all(&app.state.db, "SELECT n FROM retry_probe", [])
        .await
        .unwrap();
    let kept: Vec<i64> = rows.iter().map(|r| db::col(r, "n").unwrap()).collect();
    if postgres {
        assert_eq!(result.unwrap(), 1, "the second attempt committed");
        assert_eq!(kept, vec![1], "nothing of the cut attempt was kept");
    } else {
        assert_eq!(result.unwrap(), 0);
        assert_eq!(kept, vec![0]);
    }

    // An ordinary failure is not retried and leaves nothing.
    let attempts = std::sync::atomic::AtomicU32::new(0);
    let attempts = &attempts;
    let err = db::write(&app.state.db, |txn| async move {
        let txn = &*txn;
        attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        db::exec(
            txn,
            "INSERT INTO retry_probe (n) VALUES ($1)",
            [7i64.into()],
        )
        .await?;
        db::exec(txn, "INSERT INTO no_such_table (n) VALUES (1)", []).await?;
        Ok::<_, DbErr>(())
    })
    .await
    .unwrap_err();
    assert!(!err.connection_lost());
    assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 1);
    let rows = db::all(&app.state.db, "SELECT n FROM retry_probe WHERE n = 7", [])
        .await
        .unwrap();
    assert!(rows.is_empty());
}
both_databases!(a_transaction_cut_before_commit_runs_once_more);
