import Platform

/// The layout of the journal file (`PRAGMA user_version`), and how an older one is brought to it.
///
/// Version 3 (this one):
/// - `sms`: a row per SMS key, `pending` (with its owner), `sent` or `in-doubt`; `number`, the hashed number
///   the guard's per-number rate counts by (`forgotten` once `mail2sms journal forget-rate` took the row out
///   of that count); `at`; and, for `mail2sms journal` to show, `msgid` (the mail's Message-ID), `gateway`
///   and `shown` (the number masked by `MaskedNumber`, never the number).
/// - `refused`: a row per SMS the guard refused at delivery (its sender, client, number or a rate), with the
///   same `msgid`, `gateway` and `shown`, the outcome's name and the reason in words.
///
/// Version 2 had `sms` without the columns for people; they are added, its rows kept (shown as `-`).
/// Version 1 had `sent` and `rate` tables keyed by the rules file and line; they are dropped.
enum JournalSchema {
    static let version: Int64 = 3

    /// The version whose `sms` rows are kept by `migrate`.
    static let keptVersion: Int64 = 2

    /// What `refused` holds at most: a flood of mail the guard refuses (a sender not allowed, thousands of
    /// numbers in one mail) keeps the newest, and the table small enough to prune on every write.
    static let maximumRefusals = 10_000

    /// The name `forget-rate` gives a row's number: no hash equals it, so the row no longer counts towards
    /// its number's rate.
    static let forgottenNumber = "forgotten"

    /// Brings the database to `version`, under the write lock, unless another run just did.
    static func migrate(_ database: SQLiteDatabase) throws(SQLiteDatabase.Failure) {
        guard try database.run("PRAGMA user_version") != version else { return }
        try database.transaction { () throws(SQLiteDatabase.Failure) in
            // Checked again under the write lock: another run may have just made it.
            let found = try database.run("PRAGMA user_version") ?? 0
            guard found != version else { return }
            if found == keptVersion {
                try database.execute(
                    """
                    ALTER TABLE sms ADD COLUMN msgid TEXT;
                    ALTER TABLE sms ADD COLUMN gateway TEXT;
                    ALTER TABLE sms ADD COLUMN shown TEXT;
                    """)
            } else {
                try database.execute(
                    """
                    DROP TABLE IF EXISTS sent;
                    DROP TABLE IF EXISTS rate;
                    DROP TABLE IF EXISTS sms;
                    CREATE TABLE sms (key TEXT PRIMARY KEY, number TEXT NOT NULL, state TEXT NOT NULL,
                                      owner TEXT, at INTEGER NOT NULL, msgid TEXT, gateway TEXT, shown TEXT)
                                      WITHOUT ROWID;
                    CREATE INDEX sms_number ON sms (number, at);
                    CREATE INDEX sms_at ON sms (at);
                    """)
            }
            try database.execute(
                """
                DROP TABLE IF EXISTS refused;
                CREATE TABLE refused (at INTEGER NOT NULL, msgid TEXT, gateway TEXT, shown TEXT,
                                      outcome TEXT NOT NULL, reason TEXT NOT NULL);
                CREATE INDEX refused_at ON refused (at);
                PRAGMA user_version = \(version);
                """)
        }
    }
}
