//! The floor works through the `Appointments` trait alone: a fake service
//! ("stay-permit appearances", kept in a table of its own) is checked in,
//! called, served, missed and swept for no-shows by the use cases of
//! `imigrasi_office::app` on SQLite, without any passport code.
//!
//! The floor's tables are created here as passport's migrations
//! (`passport_0002_office_floor`, `passport_0003_floor_open_ticket_nik`)
//! create them, except that `booking_id` does not reference
//! `passport_bookings` (there is no passport here). Those migrations cannot
//! be run instead: they live in passport's list (the office crate depends on
//! no service), and `passport_0002_office_floor` references
//! `passport_bookings`, which would need passport's whole schema. The
//! office crate's own `MIGRATIONS` (empty today) run before the fixture, so
//! when the floor's tables move there the fixture's copies fail loudly and
//! are dropped.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use async_trait::async_trait;
use imigrasi_office::app::{self, CheckInError, Floor, Origin, TicketChange};
use imigrasi_office::domain::{Category, TicketStatus, office_date};
use imigrasi_office::{Absence, Appointment, Appointments, DayAppointment, FloorServices, Stage};
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::events::Events;
use imigrasi_platform::migrations::{self, Migration};
use imigrasi_platform::offices;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use sea_orm::{DatabaseTransaction, DbErr, QueryResult, Value};

const FIXTURE: &[Migration] = &[Migration {
    name: "test_0001_floor_and_appearances",
    statements: &[
        "CREATE TABLE passport_devices (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT
        )",
        "CREATE TABLE passport_floor_settings (
            office_code TEXT PRIMARY KEY REFERENCES offices(code),
            arrive_before_minutes INTEGER NOT NULL,
            priority_every INTEGER NOT NULL,
            walk_in_daily_cap INTEGER NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE TABLE passport_tickets (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            service_date TEXT NOT NULL,
            number TEXT NOT NULL,
            seq INTEGER NOT NULL,
            category TEXT NOT NULL,
            kind TEXT NOT NULL,
            booking_id TEXT UNIQUE,
            priority_reason TEXT,
            nik_index TEXT,
            nik_masked TEXT NOT NULL,
            full_name TEXT NOT NULL,
            status TEXT NOT NULL,
            counter TEXT,
            checked_in_at BIGINT NOT NULL,
            called_at BIGINT,
            recalls INTEGER NOT NULL DEFAULT 0,
            finished_at BIGINT,
            UNIQUE (office_code, service_date, number)
        )",
        "CREATE INDEX passport_tickets_queue ON passport_tickets (office_code, service_date, status, seq)",
        "CREATE TABLE passport_ticket_counters (
            office_code TEXT NOT NULL,
            service_date TEXT NOT NULL,
            prefix TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (office_code, service_date, prefix)
        )",
        "CREATE TABLE passport_counters (
            office_code TEXT NOT NULL REFERENCES offices(code),
            counter TEXT NOT NULL,
            opened_by TEXT,
            opened_at BIGINT,
            closed_at BIGINT,
            PRIMARY KEY (office_code, counter)
        )",
        "CREATE TABLE passport_call_state (
            office_code TEXT NOT NULL,
            service_date TEXT NOT NULL,
            regular_since_priority INTEGER NOT NULL,
            PRIMARY KEY (office_code, service_date)
        )",
        "CREATE UNIQUE INDEX passport_tickets_open_nik ON passport_tickets (service_date, nik_index)
            WHERE status IN ('waiting', 'called') AND nik_index IS NOT NULL",
        "CREATE INDEX passport_tickets_kind ON passport_tickets (office_code, service_date, kind)",
        // The fake service's own table.
        "CREATE TABLE fake_appearances (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            office_code TEXT NOT NULL,
            date TEXT NOT NULL,
            starts_at BIGINT NOT NULL,
            ends_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            nik_index TEXT NOT NULL
        )",
    ],
}];

/// Stay-permit appearances, as a second service might keep them:
/// `expected -> arrived -> served`, `expected | arrived -> absent`.
struct FakeAppearances;

fn appearance(r: &QueryResult) -> Result<Appointment, DbErr> {
    let status: String = db::col(r, "status")?;
    let date: String = db::col(r, "date")?;
    Ok(Appointment {
        id: db::col(r, "id")?,
        code: db::col(r, "code")?,
        office_code: db::col(r, "office_code")?,
        session_id: format!("session-of-{}", db::col::<String>(r, "code")?),
        date: date.parse().map_err(|_| DbErr::Custom(date.clone()))?,
        starts_at: db::from_millis(db::col(r, "starts_at")?),
        ends_at: db::from_millis(db::col(r, "ends_at")?),
        category: Category::Regular,
        stage: match status.as_str() {
            "expected" => Stage::Expected,
            "arrived" | "served" => Stage::Arrived,
            _ => Stage::NotExpected,
        },
        status,
        nik_index: db::col(r, "nik_index")?,
        nik_masked: "************01".to_owned(),
        full_name: "Maria Santos".to_owned(),
    })
}

async fn find(
    txn: &DatabaseTransaction,
    column: &str,
    v: &str,
) -> Result<Option<Appointment>, DbErr> {
    let sql = format!("SELECT * FROM fake_appearances WHERE {column} = $1");
    db::one_as(txn, &sql, [Value::from(v)], appearance).await
}

async fn step(txn: &DatabaseTransaction, id: &str, from: &[&str], to: &str) -> Result<bool, DbErr> {
    let list: Vec<String> = from.iter().map(|s| format!("'{s}'")).collect();
    let sql = format!(
        "UPDATE fake_appearances SET status = $1 WHERE id = $2 AND status IN ({})",
        list.join(", ")
    );
    Ok(db::exec(txn, &sql, [Value::from(to), Value::from(id)]).await? == 1)
}

#[async_trait]
impl Appointments for FakeAppearances {
    fn object_type(&self) -> &'static str {
        "appearance"
    }

    async fn find_by_code(
        &self,
        txn: &DatabaseTransaction,
        code: &str,
    ) -> Result<Option<Appointment>, DbErr> {
        find(txn, "code", code).await
    }

    async fn find_by_id(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
    ) -> Result<Option<Appointment>, DbErr> {
        find(txn, "id", id).await
    }

    async fn check_in(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        _now: Timestamp,
    ) -> Result<bool, DbErr> {
        step(txn, id, &["expected"], "arrived").await
    }

    async fn mark_served(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        _now: Timestamp,
    ) -> Result<bool, DbErr> {
        step(txn, id, &["arrived"], "served").await
    }

    async fn mark_no_show(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        absence: Absence,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        match absence {
            Absence::MissedCall => step(txn, id, &["arrived"], "absent").await,
            Absence::NeverArrived => {
                let ended = find(txn, "id", id).await?.is_some_and(|a| a.ends_at <= now);
                Ok(ended && step(txn, id, &["expected"], "absent").await?)
            }
        }
    }

    async fn due_no_shows(
        &self,
        db: &Db,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<String>, DbErr> {
        db::all(
            db,
            "SELECT id FROM fake_appearances WHERE status = 'expected' AND ends_at <= $1 ORDER BY ends_at LIMIT $2",
            [Value::from(db::millis(now)), Value::from(i64::from(limit))],
        )
        .await?
        .iter()
        .map(|r| db::col(r, "id"))
        .collect()
    }

    async fn day(&self, db: &Db, office: &str, date: Date) -> Result<Vec<DayAppointment>, DbErr> {
        db::all(
            db,
            "SELECT id, status FROM fake_appearances WHERE office_code = $1 AND date = $2",
            [Value::from(office), Value::from(date.to_string())],
        )
        .await?
        .iter()
        .map(|r| {
            let status: String = db::col(r, "status")?;
            Ok(DayAppointment {
                id: db::col(r, "id")?,
                holds_place: true,
                no_show: status == "absent",
            })
        })
        .collect()
    }
}

struct World {
    db: Db,
    events: Events,
    services: FloorServices,
    today: Date,
    now: Timestamp,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl World {
    async fn new() -> World {
        let dir =
            std::env::temp_dir().join(format!("imigrasi-office-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = db::connect(&format!("sqlite://{}", dir.join("floor.db").display()), 4)
            .await
            .unwrap();
        migrations::run(
            &db,
            &[migrations::PLATFORM, FIXTURE, imigrasi_office::MIGRATIONS],
        )
        .await
        .unwrap();
        offices::seed(&db).await.unwrap();
        let now = Timestamp::now();
        let zone = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
        World {
            db,
            events: Events::new(),
            services: FloorServices::new(vec![("stay", Arc::new(FakeAppearances))]),
            today: office_date(&zone, now),
            now,
            _dir: TempDir(dir),
        }
    }

    fn floor(&self) -> Floor<'_> {
        Floor {
            db: &self.db,
            events: &self.events,
            services: &self.services,
        }
    }

    /// An appearance at BATAM today, its session from `start` to `end`
    /// minutes around now.
    async fn appearance(&self, code: &str, nik: &str, start: i64, end: i64) {
        let at = |m: i64| db::millis(self.now + SignedDuration::from_mins(m));
        db::exec(
            &self.db,
            "INSERT INTO fake_appearances (id, code, office_code, date, starts_at, ends_at, status, nik_index)
             VALUES ($1, $2, 'BATAM', $3, $4, $5, 'expected', $6)",
            [
                Value::from(format!("id-{code}")),
                Value::from(code),
                Value::from(self.today.to_string()),
                Value::from(at(start)),
                Value::from(at(end)),
                Value::from(nik),
            ],
        )
        .await
        .unwrap();
    }

    async fn status(&self, code: &str) -> String {
        let row = db::one(
            &self.db,
            "SELECT status FROM fake_appearances WHERE code = $1",
            [Value::from(code)],
        )
        .await
        .unwrap()
        .unwrap();
        db::col(&row, "status").unwrap()
    }

    async fn audited(&self, action: &str) -> i64 {
        let row = db::one(
            &self.db,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
            [Value::from(action)],
        )
        .await
        .unwrap()
        .unwrap();
        db::col(&row, "n").unwrap()
    }
}

const ORIGIN: Origin<'static> = Origin {
    actor: None,
    device_id: Some("kiosk-1"),
    request_id: "test",
};

#[tokio::test]
async fn check_in_call_and_serve_through_the_trait() {
    let w = World::new().await;
    w.appearance("STAY-1", "nik-1", -10, 60).await;
    let mut board = w.events.subscribe();

    let done = app::check_in(w.floor(), "BATAM", " stay-1 ", ORIGIN, w.now)
        .await
        .unwrap();
    assert_eq!(done.ticket.number, "A001");
    assert_eq!(done.appointment_code, "STAY-1");
    assert_eq!(done.people_ahead, 0);
    assert_eq!(w.status("STAY-1").await, "arrived");
    assert_eq!(w.audited("appearance.check_in").await, 1);
    assert_eq!(board.recv().await.unwrap().topic, "board:BATAM");

    // The same appearance again: refused, nothing changes.
    let again = app::check_in(w.floor(), "BATAM", "STAY-1", ORIGIN, w.now).await;
    assert!(matches!(again, Err(CheckInError::AlreadyCheckedIn)));

    app::open_counter(&w.db, "BATAM", "1", ORIGIN, w.now)
        .await
        .unwrap();
    let called = app::call_next(w.floor(), "BATAM", "1", ORIGIN, w.now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(called.ticket.number, "A001");
    assert_eq!(called.ticket.status, TicketStatus::Called);
    assert_eq!(called.appointment_code.as_deref(), Some("STAY-1"));

    let served = app::change_ticket(
        w.floor(),
        "BATAM",
        "A001",
        TicketChange::Serve,
        ORIGIN,
        w.now,
    )
    .await
    .unwrap();
    assert_eq!(served.ticket.status, TicketStatus::Served);
    assert_eq!(w.status("STAY-1").await, "served");
    assert!(
        app::call_next(w.floor(), "BATAM", "1", ORIGIN, w.now)
            .await
            .unwrap()
            .is_none()
    );

    let stats = app::day_stats(&w.db, &w.services, "BATAM", w.today)
        .await
        .unwrap();
    assert_eq!((stats.booked, stats.checked_in, stats.served), (1, 1, 1));
}

#[tokio::test]
async fn refusals_and_no_shows_through_the_trait() {
    let w = World::new().await;
    // Not yet open (arrival opens 30 minutes before the start), ended, and
    // another holder whose NIK already holds a ticket today.
    w.appearance("EARLY", "nik-2", 45, 90).await;
    w.appearance("ENDED", "nik-3", -120, -60).await;
    w.appearance("FIRST", "nik-4", -10, 60).await;
    w.appearance("TWIN", "nik-4", -10, 60).await;

    let early = app::check_in(w.floor(), "BATAM", "EARLY", ORIGIN, w.now).await;
    assert!(
        matches!(early, Err(CheckInError::OutsideWindow { .. })),
        "{early:?}"
    );
    let elsewhere = app::check_in(w.floor(), "JKT-PUSAT", "FIRST", ORIGIN, w.now).await;
    assert!(matches!(elsewhere, Err(CheckInError::WrongOffice { .. })));
    let unknown = app::check_in(w.floor(), "BATAM", "NOPE", ORIGIN, w.now).await;
    assert!(matches!(unknown, Err(CheckInError::NotFound)));

    app::check_in(w.floor(), "BATAM", "FIRST", ORIGIN, w.now)
        .await
        .unwrap();
    // The second ticket of the NIK is refused by the database, and the
    // service's change made in the same transaction is rolled back.
    let twin = app::check_in(w.floor(), "BATAM", "TWIN", ORIGIN, w.now).await;
    assert!(
        matches!(twin, Err(CheckInError::AlreadyCheckedIn)),
        "{twin:?}"
    );
    assert_eq!(w.status("TWIN").await, "expected");

    // Called but absent: a missed call.
    app::open_counter(&w.db, "BATAM", "2", ORIGIN, w.now)
        .await
        .unwrap();
    app::call_next(w.floor(), "BATAM", "2", ORIGIN, w.now)
        .await
        .unwrap()
        .unwrap();
    app::change_ticket(
        w.floor(),
        "BATAM",
        "A001",
        TicketChange::NoShow,
        ORIGIN,
        w.now,
    )
    .await
    .unwrap();
    assert_eq!(w.status("FIRST").await, "absent");

    // The sweep: only the session that ended, once.
    assert_eq!(
        app::mark_no_shows(&w.db, &w.services, w.now).await.unwrap(),
        1
    );
    assert_eq!(
        app::mark_no_shows(&w.db, &w.services, w.now).await.unwrap(),
        0
    );
    assert_eq!(w.status("ENDED").await, "absent");
    assert_eq!(w.status("EARLY").await, "expected");
    assert_eq!(w.audited("appearance.no_show").await, 1);

    let stats = app::day_stats(&w.db, &w.services, "BATAM", w.today)
        .await
        .unwrap();
    assert_eq!((stats.absent_bookings, stats.missed_calls), (1, 1));
    let not_expected = app::check_in(w.floor(), "BATAM", "ENDED", ORIGIN, w.now).await;
    assert!(
        matches!(&not_expected, Err(CheckInError::NotConfirmed { status }) if status == "absent"),
        "{not_expected:?}"
    );
}
