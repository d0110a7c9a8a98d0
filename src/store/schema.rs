//! The schema, as migrations counted in `PRAGMA user_version`.

use rusqlite_migration::{M, Migrations};

/// Marks the file as a CE Logbook database ("CELB"), so another program's SQLite file is
/// never mistaken for ours.
pub const APPLICATION_ID: i32 = 0x4345_4C42;

/// Never edit a migration that has shipped: append a new one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(
        r#"
    PRAGMA application_id = 1128614978;

    -- AUTOINCREMENT: an id, once shown to the user, never names another row.
    CREATE TABLE credential (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        preset          TEXT NOT NULL,
        certified       TEXT NOT NULL,
        -- For user-defined credentials only; presets take their rules from assets/.
        name            TEXT,
        cycle_months    INTEGER,
        points_required INTEGER,
        approved_by     TEXT,
        approved_min    INTEGER,
        categories      TEXT
    ) STRICT;

    CREATE TABLE renewal (
        credential_id INTEGER NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
        on_date       TEXT NOT NULL,
        PRIMARY KEY (credential_id, on_date)
    ) STRICT;

    -- Points are integer hundredths, as entered (college credits for kind 'college').
    CREATE TABLE activity (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        title       TEXT NOT NULL,
        date        TEXT NOT NULL,
        points      INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        category    TEXT,
        -- Approving bodies, ';' between them (a body's name never holds ';').
        approved_by TEXT NOT NULL DEFAULT '',
        provider    TEXT,
        note        TEXT
    ) STRICT;
    "#,
    ),
    // Certificates (proof for an audit). The file is attachments/<hash>.<type>; the same
    // content attached twice is stored once.
    M::up(
        r#"
    CREATE TABLE attachment (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        hash        TEXT NOT NULL,
        name        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        type        TEXT NOT NULL,
        PRIMARY KEY (activity_id, hash)
    ) STRICT;
    CREATE INDEX attachment_by_hash ON attachment(hash);

    -- The person's own details (the name printed on a transcript).
    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    "#,
    ),
    // Planned activities, and what a custom credential says college credit and CPR cards are
    // worth (conversions became per credential). A CPR card is recorded as one card: its
    // worth is each credential's rule, no longer the 4 points stored here before.
    M::up(
        r#"
    ALTER TABLE activity ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
    UPDATE activity SET points = 100 WHERE kind = 'cpr';
    ALTER TABLE credential ADD COLUMN college_points INTEGER;
    ALTER TABLE credential ADD COLUMN cpr_points INTEGER;
    ALTER TABLE credential ADD COLUMN cpr_max INTEGER;
    "#,
    ),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// The newest schema version this program knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_set_the_application_id() {
        assert!(migrations().validate().is_ok());
        // The literal in the SQL (PRAGMA takes no parameters) must be the constant that
        // `inspect` recognises: run the migrations and ask the database.
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
    }
}
