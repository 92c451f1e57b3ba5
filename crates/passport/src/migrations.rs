//! The passport service's tables. Append only.

use imigrasi_platform::migrations::Migration;

/// Passport migrations, in order.
pub const MIGRATIONS: &[Migration] = &[Migration {
    name: "passport_0001_quota_and_bookings",
    statements: &[
        // Weekly sessions per office and category (office-local HH:MM).
        "CREATE TABLE passport_templates (
            office_code TEXT NOT NULL REFERENCES offices(code),
            weekday TEXT NOT NULL,
            start_time TEXT NOT NULL,
            end_time TEXT NOT NULL,
            category TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            PRIMARY KEY (office_code, weekday, start_time, category)
        )",
        // Release rule and booking window per office (rule as JSON).
        "CREATE TABLE passport_office_settings (
            office_code TEXT PRIMARY KEY REFERENCES offices(code),
            release_rule TEXT NOT NULL,
            min_lead_minutes INTEGER NOT NULL,
            max_advance_days INTEGER NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        // Holidays, closures and extra quota.
        "CREATE TABLE passport_exceptions (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            date TEXT NOT NULL,
            kind TEXT NOT NULL,
            category TEXT,
            start_time TEXT,
            end_time TEXT,
            capacity INTEGER,
            note TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_exceptions_office ON passport_exceptions (office_code, date)",
        // Bookable sessions. `booked` counts bookings holding a place; the
        // booking transaction raises it only while booked < capacity.
        "CREATE TABLE passport_slots (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            date TEXT NOT NULL,
            start_time TEXT NOT NULL,
            end_time TEXT NOT NULL,
            starts_at BIGINT NOT NULL,
            ends_at BIGINT NOT NULL,
            category TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            booked INTEGER NOT NULL DEFAULT 0,
            release_at BIGINT NOT NULL,
            source TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            CHECK (booked >= 0),
            CHECK (booked <= capacity)
        )",
        "CREATE INDEX passport_slots_office_date ON passport_slots (office_code, date)",
        "CREATE UNIQUE INDEX passport_slots_template ON passport_slots (office_code, date, start_time, category) WHERE source = 'template'",
        // Fees are data (rupiah).
        "CREATE TABLE passport_fees (
            item TEXT PRIMARY KEY,
            amount BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "INSERT INTO passport_fees (item, amount, updated_at) VALUES
            ('passport_regular', 350000, 0),
            ('passport_electronic', 650000, 0),
            ('accelerated_service', 1000000, 0)",
        "CREATE TABLE passport_bookings (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            account_id TEXT REFERENCES accounts(id),
            office_code TEXT NOT NULL REFERENCES offices(code),
            slot_id TEXT NOT NULL REFERENCES passport_slots(id),
            status TEXT NOT NULL,
            nik_index TEXT NOT NULL,
            nik_masked TEXT NOT NULL,
            full_name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            passport_type TEXT NOT NULL,
            service TEXT NOT NULL,
            billing_code TEXT NOT NULL,
            amount BIGINT NOT NULL,
            payment_deadline BIGINT NOT NULL,
            rescheduled BOOLEAN NOT NULL DEFAULT FALSE,
            channel TEXT NOT NULL,
            waitlist_id TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        // One active booking per NIK, anywhere: enforced by the database.
        "CREATE UNIQUE INDEX passport_bookings_active_nik ON passport_bookings (nik_index)
            WHERE status IN ('awaiting_payment', 'confirmed', 'checked_in')",
        "CREATE INDEX passport_bookings_account ON passport_bookings (account_id, status)",
        "CREATE INDEX passport_bookings_deadline ON passport_bookings (status, payment_deadline)",
        "CREATE INDEX passport_bookings_slot ON passport_bookings (slot_id)",
        "CREATE TABLE passport_waitlist (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            office_code TEXT NOT NULL REFERENCES offices(code),
            date_from TEXT NOT NULL,
            date_to TEXT NOT NULL,
            category TEXT NOT NULL,
            nik_index TEXT NOT NULL,
            nik_masked TEXT NOT NULL,
            full_name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            passport_type TEXT NOT NULL,
            service TEXT NOT NULL,
            status TEXT NOT NULL,
            booking_id TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_waitlist_office ON passport_waitlist (office_code, status, created_at)",
        "CREATE UNIQUE INDEX passport_waitlist_active_nik ON passport_waitlist (nik_index) WHERE status = 'waiting'",
    ],
},
Migration {
    name: "passport_0002_office_floor",
    statements: &[
        // Kiosk devices: the key is shown once; only its SHA-256 is kept.
        "CREATE TABLE passport_devices (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT
        )",
        // Per office: arrival window, priority interleaving, walk-in cap.
        "CREATE TABLE passport_floor_settings (
            office_code TEXT PRIMARY KEY REFERENCES offices(code),
            arrive_before_minutes INTEGER NOT NULL,
            priority_every INTEGER NOT NULL,
            walk_in_daily_cap INTEGER NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        // Queue tickets of one office day. `number` is what the board shows.
        "CREATE TABLE passport_tickets (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            service_date TEXT NOT NULL,
            number TEXT NOT NULL,
            seq INTEGER NOT NULL,
            category TEXT NOT NULL,
            kind TEXT NOT NULL,
            booking_id TEXT UNIQUE REFERENCES passport_bookings(id),
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
        // Next ticket number per office, day and prefix.
        "CREATE TABLE passport_ticket_counters (
            office_code TEXT NOT NULL,
            service_date TEXT NOT NULL,
            prefix TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (office_code, service_date, prefix)
        )",
        // Open counters and how many regular tickets were called since the last priority one.
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
    ],
},
Migration {
    name: "passport_0003_floor_open_ticket_nik",
    statements: &[
        // One open (waiting or called) ticket per NIK and day, enforced by the
        // database across concurrent check-ins and walk-ins.
        "CREATE UNIQUE INDEX passport_tickets_open_nik ON passport_tickets (service_date, nik_index)
            WHERE status IN ('waiting', 'called') AND nik_index IS NOT NULL",
        // Walk-ins of a day (the daily cap).
        "CREATE INDEX passport_tickets_kind ON passport_tickets (office_code, service_date, kind)",
    ],
},
Migration {
    name: "passport_0004_whatsapp_and_reminders",
    statements: &[
        // WhatsApp message ids already processed: Meta retries deliveries.
        "CREATE TABLE passport_wa_messages (
            message_id TEXT PRIMARY KEY,
            wa_number TEXT NOT NULL,
            received_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_wa_messages_received ON passport_wa_messages (received_at)",
        // One conversation per number: the step and what was collected so far
        // (JSON, never the clear NIK: only its blind index and masked form).
        "CREATE TABLE passport_wa_conversations (
            wa_number TEXT PRIMARY KEY,
            phone_number_id TEXT NOT NULL,
            lang TEXT NOT NULL,
            step TEXT NOT NULL,
            data TEXT NOT NULL,
            version BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_wa_conversations_idle ON passport_wa_conversations (updated_at)",
        // Numbers that wrote to us; a number linked to an account books under it.
        "CREATE TABLE passport_wa_numbers (
            wa_number TEXT PRIMARY KEY,
            account_id TEXT REFERENCES accounts(id),
            linked_at BIGINT,
            created_at BIGINT NOT NULL
        )",
        // Bookings made by WhatsApp, with the last state the number was told about.
        "CREATE TABLE passport_wa_bookings (
            booking_id TEXT PRIMARY KEY REFERENCES passport_bookings(id),
            wa_number TEXT NOT NULL,
            phone_number_id TEXT NOT NULL,
            lang TEXT NOT NULL,
            notified_status TEXT NOT NULL,
            notified_slot_id TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_wa_bookings_number ON passport_wa_bookings (wa_number)",
        "CREATE INDEX passport_wa_bookings_open ON passport_wa_bookings (notified_status)",
        // Reminders sent once per booking and kind (`payment`, `day_before`).
        "CREATE TABLE passport_reminders (
            booking_id TEXT NOT NULL REFERENCES passport_bookings(id),
            kind TEXT NOT NULL,
            sent_at BIGINT NOT NULL,
            PRIMARY KEY (booking_id, kind)
        )",
    ],
},
Migration {
    name: "passport_0005_whatsapp_link_codes",
    statements: &[
        // A pending link of a WhatsApp number to an account: one per account,
        // the code kept only as a keyed hash, void after 10 minutes or 5 tries.
        "CREATE TABLE passport_wa_link_codes (
            account_id TEXT PRIMARY KEY REFERENCES accounts(id),
            wa_number TEXT NOT NULL,
            code_hash TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            expires_at BIGINT NOT NULL,
            created_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_wa_numbers_account ON passport_wa_numbers (account_id)",
    ],
},
Migration {
    name: "passport_0006_products_and_booking_details",
    statements: &[
        // Products and their fees (PP 45/2024), rupiah.
        "CREATE TABLE passport_products (
            passport_type TEXT NOT NULL,
            validity_years INTEGER NOT NULL,
            fee BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (passport_type, validity_years)
        )",
        "INSERT INTO passport_products (passport_type, validity_years, fee, updated_at) VALUES
            ('regular', 5, 350000, 0),
            ('regular', 10, 650000, 0),
            ('electronic', 5, 650000, 0),
            ('electronic', 10, 950000, 0)",
        // The passport types an office issues. An office without rows issues
        // every type; an office with rows issues only those (an
        // electronic-only office has one row, 'electronic').
        "CREATE TABLE passport_office_products (
            office_code TEXT NOT NULL REFERENCES offices(code),
            passport_type TEXT NOT NULL,
            PRIMARY KEY (office_code, passport_type)
        )",
        // Surcharges on replacement (biaya beban).
        "INSERT INTO passport_fees (item, amount, updated_at) VALUES
            ('surcharge_replacement_lost', 1000000, 0),
            ('surcharge_replacement_damaged', 500000, 0)",
        "ALTER TABLE passport_bookings ADD COLUMN validity_years INTEGER NOT NULL DEFAULT 5",
        "ALTER TABLE passport_bookings ADD COLUMN purpose TEXT NOT NULL DEFAULT 'other'",
        "ALTER TABLE passport_bookings ADD COLUMN married BOOLEAN NOT NULL DEFAULT FALSE",
    ],
},
Migration {
    name: "passport_0007_walk_in_examination",
    statements: &[
        // A walk-in for a lost or damaged passport waits in 'examination'
        // until the officer's report (BAP): it counts as the NIK's active
        // booking, so the one-active-booking index names it too.
        "DROP INDEX passport_bookings_active_nik",
        "CREATE UNIQUE INDEX passport_bookings_active_nik ON passport_bookings (nik_index)
            WHERE status IN ('awaiting_payment', 'confirmed', 'checked_in', 'examination')",
        // The examination report's number (nomor BAP), once recorded.
        "ALTER TABLE passport_bookings ADD COLUMN examination_report TEXT",
    ],
},
Migration {
    name: "passport_0008_applications",
    statements: &[
        // After the visit: the outcome recorded at the counter and the
        // passport's way to its holder, one row per booking. Every status
        // change is a conditional `UPDATE … WHERE status = <expected>`
        // (`store::applications::transition`).
        "CREATE TABLE passport_applications (
            booking_id TEXT PRIMARY KEY REFERENCES passport_bookings(id),
            office_code TEXT NOT NULL REFERENCES offices(code),
            status TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT,
            postponed_until BIGINT,
            decided_at BIGINT NOT NULL,
            decided_by TEXT,
            ready_at BIGINT,
            collected_by TEXT,
            relation TEXT,
            tracking_number TEXT,
            closed_at BIGINT,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_applications_status ON passport_applications (status)",
    ],
},
Migration {
    name: "passport_0009_documents",
    // A booking's documents are the platform's `documents` rows attached to
    // it (service `passport`, object the booking's id, office the booking's),
    // found by the platform's `documents_object` index: no table of our own.
    statements: &[
        // The application number, given when the booking is paid.
        "ALTER TABLE passport_bookings ADD COLUMN application_number TEXT",
        "CREATE UNIQUE INDEX passport_bookings_application_number
            ON passport_bookings (application_number)",
        // The last application number's sequence per office and day.
        "CREATE TABLE passport_application_counters (
            office_code TEXT NOT NULL,
            service_date TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (office_code, service_date)
        )",
    ],
},
Migration {
    name: "passport_0010_lotteries",
    statements: &[
        // Lottery release mode (docs/lottery.md). The seed stays secret
        // until the draw; only its commitment (SHA-256) is shown before.
        "CREATE TABLE passport_lotteries (
            id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL REFERENCES offices(code),
            status TEXT NOT NULL,
            seed TEXT NOT NULL,
            commitment TEXT NOT NULL,
            entries_hash TEXT,
            places INTEGER NOT NULL,
            opens_at BIGINT NOT NULL,
            closes_at BIGINT NOT NULL,
            drawn_at BIGINT,
            created_by TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE INDEX passport_lotteries_due ON passport_lotteries (status, closes_at)",
        // The sessions a lottery hands out and the places it holds in each
        // (taken from the slot's counter at creation).
        "CREATE TABLE passport_lottery_slots (
            lottery_id TEXT NOT NULL REFERENCES passport_lotteries(id),
            slot_id TEXT NOT NULL REFERENCES passport_slots(id),
            date TEXT NOT NULL,
            places INTEGER NOT NULL,
            PRIMARY KEY (lottery_id, slot_id)
        )",
        // One entry per NIK per lottery: enforced by the unique index.
        "CREATE TABLE passport_lottery_entries (
            id TEXT PRIMARY KEY,
            lottery_id TEXT NOT NULL REFERENCES passport_lotteries(id),
            account_id TEXT REFERENCES accounts(id),
            nik_index TEXT NOT NULL,
            nik_masked TEXT NOT NULL,
            full_name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            passport_type TEXT NOT NULL,
            service TEXT NOT NULL,
            validity_years INTEGER NOT NULL,
            purpose TEXT NOT NULL,
            married BOOLEAN NOT NULL,
            dates TEXT NOT NULL,
            result TEXT NOT NULL,
            booking_id TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
        "CREATE UNIQUE INDEX passport_lottery_entries_nik ON passport_lottery_entries (lottery_id, nik_index)",
        "CREATE INDEX passport_lottery_entries_account ON passport_lottery_entries (account_id)",
    ],
},
];
