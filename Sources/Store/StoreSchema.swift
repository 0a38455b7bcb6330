// SensorGate — Store: the tables, and the SQLite settings that make a commit durable.

import GRDB

/// The database's tables and connection settings.
enum StoreSchema {
    /// The database file's name inside the state folder.
    static let fileName = "store.sqlite"

    /// The connection settings: WAL with synchronous=FULL, so that a commit has reached the device (the WAL is
    /// fsync'd) before `append` returns; 4 KiB pages (a flash page); a 4 MiB cap on the WAL kept between
    /// checkpoints, so the file is reused rather than grown and truncated; freed pages left as they are
    /// (`secure_delete = FAST`, where Debian's build zeroes them), so that an acknowledgement does not
    /// rewrite the batch's pages.
    static func configuration(readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.label = "sensorgate.store"
        configuration.readonly = readonly
        configuration.journalMode = readonly ? .default : .wal
        configuration.busyMode = .timeout(2)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = FAST")
            if !readonly { try db.execute(sql: "PRAGMA journal_size_limit = 4194304") }
        }
        return configuration
    }

    /// The schema version this code writes: 2 added `stream.latest_us`.
    static let version = 2

    /// Creates the tables of version 2 (in a new, empty database).
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS batch (
                    stream INTEGER NOT NULL,
                    sequence INTEGER NOT NULL,
                    priority INTEGER NOT NULL,
                    created_us INTEGER NOT NULL,
                    thin_level INTEGER NOT NULL DEFAULT 0,
                    crc INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (stream, sequence)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS batch_order ON batch(priority, created_us);
                CREATE TABLE IF NOT EXISTS stream (
                    stream INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    next_sequence INTEGER NOT NULL,
                    latest_us INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE IF NOT EXISTS drop_count (
                    stream INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    batches INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    first_sequence INTEGER NOT NULL,
                    last_sequence INTEGER NOT NULL,
                    PRIMARY KEY (stream, reason)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS quarantine (
                    id INTEGER PRIMARY KEY,
                    stream INTEGER NOT NULL,
                    sequence INTEGER NOT NULL,
                    priority INTEGER NOT NULL,
                    created_us INTEGER NOT NULL,
                    stored_crc INTEGER NOT NULL,
                    actual_crc INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    payload BLOB,
                    quarantined_us INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                PRAGMA user_version = 2;
                """)
    }

    /// Brings a version 1 database to version 2, in place: the stream table gains `latest_us` (the latest
    /// time a stored batch of the stream reached; 0, unknown, for streams of version 1).
    static func migrate(_ db: Database, from version: Int) throws {
        guard version == 1 else { return }
        try db.execute(
            sql: """
                ALTER TABLE stream ADD COLUMN latest_us INTEGER NOT NULL DEFAULT 0;
                PRAGMA user_version = 2;
                """)
    }
}
