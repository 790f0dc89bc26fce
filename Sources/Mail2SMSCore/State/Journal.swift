/// What has been sent, so that Postfix's retry of a mail sends only what is missing: exactly once across
/// retries. A row is written only after a gateway accepted the SMS, and checked before each send.
///
/// One SQLite file in the state directory (`STATEDIR`), opened only when an SMS is about to be sent. Rows
/// expire after `retentionSeconds`, longer than Postfix keeps a mail queued.
public final class Journal {
    /// The file in the state directory.
    public static let fileName = "journal.sqlite"
    /// Seven days: Postfix's `maximal_queue_lifetime` is five, so no retry outlives its row.
    public static let retentionSeconds: Int64 = 7 * 24 * 3600

    private let database: SQLiteDatabase
    public let path: String

    /// Opens the journal in `directory` (which must exist), creating its tables.
    ///
    /// A rollback journal (`TRUNCATE`), not WAL: a run that records one SMS syncs three times (journal,
    /// folder, database) instead of WAL's commit, checkpoint and deletion of two files; measured, 1.5 ms
    /// less per SMS. Writers are one transaction per SMS, started `IMMEDIATE`, so concurrent deliveries
    /// queue on the busy timeout instead of deadlocking.
    ///
    /// Durability: in a rollback journal, `synchronous = NORMAL` still syncs the database before the
    /// commit returns (what FULL adds is a second sync of the journal's header), so a row survives a crash
    /// of the machine right after mail2sms exits, when Postfix may deliver the mail again.
    public init(directory: String) throws(SQLiteDatabase.Failure) {
        path = directory.hasSuffix("/") ? directory + Journal.fileName : directory + "/" + Journal.fileName
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA journal_mode = TRUNCATE;
            PRAGMA synchronous = NORMAL;
            BEGIN;
            CREATE TABLE IF NOT EXISTS sent (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS sent_at ON sent (at);
            CREATE TABLE IF NOT EXISTS rate (number TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS rate_number ON rate (number, at);
            CREATE INDEX IF NOT EXISTS rate_at ON rate (at);
            COMMIT;
            """)
    }

    /// Whether the SMS of `key` was sent within `retentionSeconds` before `now`.
    public func contains(_ key: String, now: Int64) throws(SQLiteDatabase.Failure) -> Bool {
        try database.run("SELECT 1 FROM sent WHERE key = ? AND at >= ?",
                         [.text(key), .integer(now - Journal.retentionSeconds)]) != nil
    }

    /// Records an SMS a gateway accepted: its key, and one SMS to `number` for the guard's rates. In the
    /// same transaction, rows past their time are dropped.
    public func recordSent(_ key: String, number: String?, now: Int64) throws(SQLiteDatabase.Failure) {
        try database.transaction { () throws(SQLiteDatabase.Failure) in
            try database.run("INSERT OR IGNORE INTO sent (key, at) VALUES (?, ?)", [.text(key), .integer(now)])
            if let number {
                try database.run("INSERT INTO rate (number, at) VALUES (?, ?)",
                                 [.text(Journal.numberKey(number)), .integer(now)])
            }
            try database.run("DELETE FROM sent WHERE at < ?", [.integer(now - Journal.retentionSeconds)])
            try database.run("DELETE FROM rate WHERE at < ?", [.integer(now - AbuseGuard.rateWindowSeconds)])
        }
    }

    /// SMS sent to `number` (or to anyone, with nil) since `since`, for the guard's rates.
    public func sentCount(to number: String?, since: Int64) throws(SQLiteDatabase.Failure) -> Int {
        if let number {
            return Int(try database.run("SELECT count(*) FROM rate WHERE number = ? AND at >= ?",
                                        [.text(Journal.numberKey(number)), .integer(since)]) ?? 0)
        }
        return Int(try database.run("SELECT count(*) FROM rate WHERE at >= ?", [.integer(since)]) ?? 0)
    }

    /// A number as the rate table stores it: hashed, like the keys.
    static func numberKey(_ number: String) -> String { SHA256.hex(Array(number.utf8)) }

    /// The key of one SMS of one mail: the mail (its Message-ID, or a digest of the whole message when it
    /// has none), the `sms` statement's place in the rules, the number and the text. Hashed, so the file
    /// holds no number and no text.
    public static func key(message: String, sms: RecordedSMS) -> String {
        SHA256.hex(Array("\(message)\n\(sms.location)\n\(sms.number)\n\(sms.text)".utf8))
    }
}
