//! The office floor's own migrations. Its tables were born in the
//! passport crate (`passport_0002_office_floor`); from here on the floor
//! changes them. Append only.

use imigrasi_platform::migrations::Migration;

/// Office floor migrations, in order (after passport's).
pub const MIGRATIONS: &[Migration] = &[Migration {
    name: "office_0001_tickets_of_any_service",
    statements: &[
        // A ticket's appointment may be any registered service's (passport
        // booking, stay-permit appearance): the column keeps its name but
        // loses its foreign key to passport bookings. SQLite cannot drop a
        // constraint, so the table is rebuilt, the same on both databases.
        "CREATE TABLE office_tickets_rebuilt (
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
        "INSERT INTO office_tickets_rebuilt (id, office_code, service_date, number, seq, category,
            kind, booking_id, priority_reason, nik_index, nik_masked, full_name, status, counter,
            checked_in_at, called_at, recalls, finished_at)
         SELECT id, office_code, service_date, number, seq, category, kind, booking_id,
            priority_reason, nik_index, nik_masked, full_name, status, counter, checked_in_at,
            called_at, recalls, finished_at FROM passport_tickets",
        "DROP TABLE passport_tickets",
        "ALTER TABLE office_tickets_rebuilt RENAME TO passport_tickets",
        "CREATE INDEX passport_tickets_queue ON passport_tickets (office_code, service_date, status, seq)",
        "CREATE UNIQUE INDEX passport_tickets_open_nik ON passport_tickets (service_date, nik_index)
            WHERE status IN ('waiting', 'called') AND nik_index IS NOT NULL",
        "CREATE INDEX passport_tickets_kind ON passport_tickets (office_code, service_date, kind)",
    ],
}];
