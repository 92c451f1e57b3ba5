//! The platform's own tables.

use super::Migration;

/// Platform migrations, in order. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "platform_0001_foundation",
        statements: &[
            "CREATE TABLE offices (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            city TEXT NOT NULL,
            province TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            daily_quota_regular INTEGER NOT NULL DEFAULT 0,
            daily_quota_accelerated INTEGER NOT NULL DEFAULT 0,
            daily_quota_priority INTEGER NOT NULL DEFAULT 0,
            active BOOLEAN NOT NULL DEFAULT TRUE
        )",
            "CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            full_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            office_code TEXT REFERENCES offices(code),
            created_at BIGINT NOT NULL,
            disabled BOOLEAN NOT NULL DEFAULT FALSE
        )",
            "CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT
        )",
            "CREATE INDEX sessions_account ON sessions (account_id)",
            "CREATE TABLE login_attempts (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            client TEXT NOT NULL,
            at BIGINT NOT NULL,
            success BOOLEAN NOT NULL
        )",
            "CREATE INDEX login_attempts_email ON login_attempts (email, at)",
            "CREATE INDEX login_attempts_client ON login_attempts (client, at)",
            "CREATE TABLE audit_log (
            seq BIGINT PRIMARY KEY,
            at BIGINT NOT NULL,
            actor_id TEXT,
            actor_role TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_id TEXT NOT NULL,
            office_code TEXT,
            request_id TEXT,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )",
            "CREATE INDEX audit_log_object ON audit_log (object_type, object_id)",
            "CREATE INDEX audit_log_actor ON audit_log (actor_id, at)",
            "CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY,
            last_seq BIGINT NOT NULL,
            last_hash TEXT NOT NULL
        )",
            "INSERT INTO audit_head (id, last_seq, last_hash)
            VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
            "CREATE TABLE idempotency_keys (
            account_id TEXT NOT NULL,
            key TEXT NOT NULL,
            scope TEXT NOT NULL,
            status_code INTEGER NOT NULL,
            body TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (account_id, key)
        )",
            "CREATE TABLE outbox (
            id TEXT PRIMARY KEY,
            created_at BIGINT NOT NULL,
            channel TEXT NOT NULL,
            recipient TEXT NOT NULL,
            template TEXT NOT NULL,
            lang TEXT NOT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            sent_at BIGINT,
            last_error TEXT
        )",
            "CREATE INDEX outbox_pending ON outbox (status, next_attempt_at)",
        ],
    },
    Migration {
        name: "platform_0002_bills",
        statements: &[
            "CREATE TABLE bills (
            billing_code TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            object_id TEXT NOT NULL,
            account_id TEXT,
            amount BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            ntpn TEXT,
            paid_amount BIGINT,
            paid_at BIGINT,
            notified_at BIGINT
        )",
            "CREATE INDEX bills_object ON bills (service, object_id)",
            "CREATE UNIQUE INDEX bills_ntpn ON bills (ntpn)",
        ],
    },
    Migration {
        name: "platform_0003_outbox_delivery",
        statements: &[
            // A worker claims a row by a conditional update (pending → sending)
            // with its own token and a lease; an expired lease is re-claimable.
            "ALTER TABLE outbox ADD COLUMN claim_token TEXT",
            "ALTER TABLE outbox ADD COLUMN lease_until BIGINT",
            // The administrators' list: newest first, optionally by status.
            "CREATE INDEX outbox_created ON outbox (created_at)",
            "CREATE INDEX outbox_status_created ON outbox (status, created_at)",
        ],
    },
    Migration {
        name: "platform_0004_login_throttle",
        statements: &[
            // One row per throttle key (see `throttle`): a keyed hash of the
            // account and client address, or of the account alone. A login
            // reserves its guess here by a conditional upsert before the
            // password is verified. `login_attempts` is no longer written;
            // it stays until every process runs this version.
            "CREATE TABLE login_throttle (
            key TEXT PRIMARY KEY,
            failures BIGINT NOT NULL,
            window_start BIGINT NOT NULL,
            locked_until BIGINT NOT NULL,
            known_until BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
            "CREATE INDEX login_throttle_updated ON login_throttle (updated_at)",
        ],
    },
    Migration {
        name: "platform_0005_demo_marks",
        statements: &[
            // Demo accounts are marked so that a start outside demo mode can
            // disable them (their password is public); accounts made by
            // earlier demo starts are recognised by their domain.
            "ALTER TABLE accounts ADD COLUMN demo BOOLEAN NOT NULL DEFAULT FALSE",
            "UPDATE accounts SET demo = TRUE WHERE email LIKE '%@demo.imigrasi.id'",
            // Secrets generated by demo mode, kept so that a demo database
            // stays usable across restarts (never read outside demo mode).
            "CREATE TABLE demo_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ],
    },
    Migration {
        name: "platform_0100_idempotency_records",
        statements: &[
            // One row per (account, route, key): the unique key makes a
            // concurrent duplicate wait for, then see, the first request's
            // answer. `status_code` and `body` are NULL only inside the
            // transaction that reserved the row (see `idempotency`).
            "CREATE TABLE idempotency_records (
            account_id TEXT NOT NULL,
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status_code INTEGER,
            body TEXT,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            PRIMARY KEY (account_id, scope, key)
        )",
            "CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at)",
        ],
    },
    Migration {
        name: "platform_0101_documents",
        statements: &[
            // Uploaded files of every service. The bytes live in a `Storage`
            // under `storage_name` (generated, never the client's file name).
            "CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            owner_id TEXT NOT NULL REFERENCES accounts(id),
            service TEXT NOT NULL,
            object_id TEXT,
            office_code TEXT REFERENCES offices(code),
            kind TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            storage_name TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL
        )",
            "CREATE INDEX documents_owner ON documents (owner_id, created_at)",
            "CREATE INDEX documents_object ON documents (service, object_id)",
        ],
    },
    Migration {
        name: "platform_0102_regions",
        statements: &[
            // Regencies and cities (kabupaten/kota) by their Kemendagri code,
            // with the office that supervises foreigners living there.
            "CREATE TABLE regions (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            province_code TEXT NOT NULL,
            province TEXT NOT NULL,
            office_code TEXT NOT NULL REFERENCES offices(code),
            updated_at BIGINT NOT NULL
        )",
            "CREATE INDEX regions_province ON regions (province_code)",
            "CREATE INDEX regions_office ON regions (office_code)",
        ],
    },
    Migration {
        name: "platform_0103_signing_keys",
        statements: &[
            // Public keys of every signing key a process has used, so that
            // any process publishes all of them to offline verifiers.
            "CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY,
            alg TEXT NOT NULL,
            public_key TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )",
        ],
    },
    Migration {
        name: "platform_0104_email_verification",
        statements: &[
            // When the account's owner proved the e-mail (see
            // `email_verification`). Staff accounts (created by an
            // administrator or the operator) and demo accounts count as
            // verified; self-registered accounts must prove theirs.
            "ALTER TABLE accounts ADD COLUMN email_verified_at BIGINT",
            "UPDATE accounts SET email_verified_at = created_at
             WHERE kind NOT IN ('citizen', 'foreigner', 'sponsor', 'lodging') OR demo",
            // The one pending code per account: only its keyed hash, the
            // address it went to, its expiry, the wrong tries, and the
            // per-account sending window (a conditional upsert enforces the
            // throttle).
            "CREATE TABLE email_verifications (
            account_id TEXT PRIMARY KEY REFERENCES accounts(id),
            email TEXT NOT NULL,
            code_hash TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            failed_attempts INTEGER NOT NULL,
            used_at BIGINT,
            window_start BIGINT NOT NULL,
            sent_in_window INTEGER NOT NULL
        )",
        ],
    },
    Migration {
        name: "platform_0105_audit_chains",
        statements: &[
            // One hash chain per office (`chain` = the entry's office code)
            // plus the chain `-` for entries without an office, so that
            // appends for different offices no longer wait for one head
            // row (see `audit`). The rows written so far become chain `-`
            // as they are: their sequence numbers and hashes are unchanged,
            // so they still verify. `id` is the reading order across
            // chains: a UUIDv7 for new rows; old rows get their old
            // sequence number zero-padded to 16 digits, which sorts before
            // every UUIDv7. The key moves from `seq` to `id` (unique per
            // chain now), hence the copy into a new table.
            "CREATE TABLE audit_log_chained (
            id TEXT PRIMARY KEY,
            chain TEXT NOT NULL,
            seq BIGINT NOT NULL,
            at BIGINT NOT NULL,
            actor_id TEXT,
            actor_role TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_id TEXT NOT NULL,
            office_code TEXT,
            request_id TEXT,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (chain, seq)
        )",
            "INSERT INTO audit_log_chained (id, chain, seq, at, actor_id, actor_role, action,
            object_type, object_id, office_code, request_id, detail, prev_hash, hash)
         SELECT substr('0000000000000000' || CAST(seq AS TEXT), length(CAST(seq AS TEXT)) + 1),
            '-', seq, at, actor_id, actor_role, action, object_type, object_id, office_code,
            request_id, detail, prev_hash, hash
         FROM audit_log",
            "DROP TABLE audit_log",
            "ALTER TABLE audit_log_chained RENAME TO audit_log",
            "CREATE INDEX audit_log_object ON audit_log (object_type, object_id)",
            "CREATE INDEX audit_log_actor ON audit_log (actor_id, at)",
            // One head per chain, created by the chain's first append.
            "CREATE TABLE audit_heads (
            chain TEXT PRIMARY KEY,
            last_seq BIGINT NOT NULL,
            last_hash TEXT NOT NULL
        )",
            "INSERT INTO audit_heads (chain, last_seq, last_hash)
         SELECT '-', last_seq, last_hash FROM audit_head WHERE id = 1",
            "DROP TABLE audit_head",
            "ALTER TABLE audit_heads RENAME TO audit_head",
        ],
    },
];
