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

    /// Opens the journal in `directory` (which must exist), creating its table, and drops expired rows.
    public init(directory: String, now: Int64) throws(SQLiteDatabase.Failure) {
        path = directory.hasSuffix("/") ? directory + Journal.fileName : directory + "/" + Journal.fileName
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS sent (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS sent_at ON sent (at);
            CREATE TABLE IF NOT EXISTS rate (number TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS rate_number ON rate (number, at);
            CREATE INDEX IF NOT EXISTS rate_at ON rate (at);
            """)
        try database.run("DELETE FROM sent WHERE at < ?", [.integer(now - Journal.retentionSeconds)])
        try database.run("DELETE FROM rate WHERE at < ?", [.integer(now - AbuseGuard.rateWindowSeconds)])
    }

    public func contains(_ key: String) throws(SQLiteDatabase.Failure) -> Bool {
        try database.run("SELECT 1 FROM sent WHERE key = ?", [.text(key)]) != nil
    }

    public func record(_ key: String, now: Int64) throws(SQLiteDatabase.Failure) {
        try database.run("INSERT OR IGNORE INTO sent (key, at) VALUES (?, ?)", [.text(key), .integer(now)])
    }

    /// SMS sent to `number` (or to anyone, with nil) since `since`, for the guard's rates.
    public func sentCount(to number: String?, since: Int64) throws(SQLiteDatabase.Failure) -> Int {
        if let number {
            return Int(try database.run("SELECT count(*) FROM rate WHERE number = ? AND at >= ?",
                                        [.text(Journal.numberKey(number)), .integer(since)]) ?? 0)
        }
        return Int(try database.run("SELECT count(*) FROM rate WHERE at >= ?", [.integer(since)]) ?? 0)
    }

    /// Counts one SMS sent to `number` for the rates.
    public func countSent(to number: String, now: Int64) throws(SQLiteDatabase.Failure) {
        try database.run("INSERT INTO rate (number, at) VALUES (?, ?)", [.text(Journal.numberKey(number)), .integer(now)])
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
