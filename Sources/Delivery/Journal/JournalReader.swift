import Platform

/// The journal as `mail2sms journal list` and `rate` read it: opened read-only, one read transaction per
/// question, never the write lock, so that an admin looking never holds up a delivery (in write-ahead-log mode
/// a reader and the writer do not wait for each other).
///
/// Unlike `JournalPreview`, it asks nothing of the state directory but that the file be readable: an admin
/// may look as another user than the deliveries run as.
package final class JournalReader {
    package let path: String
    private let database: SQLiteDatabase

    /// The journal in `directory`; nil when there is none (nothing was ever sent from it).
    package static func open(directory: String) throws(JournalFailure) -> JournalReader? {
        let path = SQLiteJournal.path(in: directory)
        return try SQLiteJournal.openForReading(path).map { JournalReader(path: path, database: $0) }
    }

    private init(path: String, database: SQLiteDatabase) {
        self.path = path
        self.database = database
    }

    /// The newest `limit` SMS and refusals, newest first.
    ///
    /// A journal of schema version 2 (not yet migrated by a delivery) has SMS without Message-ID, gateway or
    /// number to show, and no refusals.
    package func entries(limit: Int) throws(JournalFailure) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        try reading { () throws(SQLiteDatabase.Failure) in
            let version = try database.run("PRAGMA user_version") ?? 0
            guard version >= JournalSchema.keptVersion else { return }
            let people = version >= JournalSchema.version ? "msgid, gateway, shown" : "NULL, NULL, NULL"
            let sms = try database.rows(
                "SELECT at, state, \(people), NULL FROM sms ORDER BY at DESC LIMIT ?", [.integer(Int64(limit))],
                columns: 6)
            entries = sms.compactMap(JournalEntry.init)
            guard version >= JournalSchema.version else { return }
            let refused = try database.rows(
                "SELECT at, outcome, msgid, gateway, shown, reason FROM refused ORDER BY at DESC, rowid DESC LIMIT ?",
                [.integer(Int64(limit))], columns: 6)
            entries += refused.compactMap(JournalEntry.init)
        }
        // Stable: at one second, SMS before refusals, each in its table's order.
        let sorted = entries.enumerated().sorted { ($0.element.at, -$0.offset) > ($1.element.at, -$1.offset) }
        return sorted.prefix(limit).map(\.element)
    }

    /// What the rates count for `number` (E.164, or a short code) at `now`, over a window of `windowSeconds`.
    package func rate(number: String, now: Int64, windowSeconds: Int64) throws(JournalFailure) -> JournalRateState {
        var state = JournalRateState(
            windowSeconds: windowSeconds, toNumber: 0, total: 0, nextFreeToNumber: nil, nextFreeTotal: nil)
        try reading { () throws(SQLiteDatabase.Failure) in
            guard try database.run("PRAGMA user_version") ?? 0 >= JournalSchema.keptVersion else { return }
            let since = SQLiteDatabase.Value.integer(now - windowSeconds)
            let hashed = SQLiteDatabase.Value.text(SQLiteJournal.numberKey(number))
            state.toNumber = Int(try database.run(JournalRates.toNumberQuery, [hashed, since]) ?? 0)
            state.total = Int(try database.run(JournalRates.totalQuery, [since]) ?? 0)
            let oldest = try database.run("SELECT min(at) FROM sms WHERE number = ? AND at >= ?", [hashed, since])
            let oldestTotal = try database.run("SELECT min(at) FROM sms WHERE at >= ?", [since])
            state.nextFreeToNumber = oldest.map { $0 + windowSeconds }
            state.nextFreeTotal = oldestTotal.map { $0 + windowSeconds }
        }
        return state
    }

    private func reading(_ body: () throws(SQLiteDatabase.Failure) -> Void) throws(JournalFailure) {
        do throws(SQLiteDatabase.Failure) {
            try database.readTransaction(body)
        } catch {
            throw .database(path, error)
        }
    }
}
