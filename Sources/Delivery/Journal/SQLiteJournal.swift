import Glibc
import Platform
import RulesCompiler

/// The journal in one SQLite file in the state directory (`STATEDIR`), shared by every run on this machine;
/// opened only when an SMS is about to be sent.
///
/// Two tables (`JournalSchema`): `sms`, a row per SMS key, `pending` (with its owner), `sent` or `in-doubt`,
/// the hashed number it went to and when, and what `mail2sms journal` shows of it (the Message-ID, the
/// gateway, the number masked); `refused`, the SMS the guard refused. Rates count every row of `sms` of the
/// last hour, pending ones included. Rows of both expire after `retentionSeconds`, longer than Postfix keeps
/// a mail queued.
///
/// Concurrency: every step is one transaction started `BEGIN IMMEDIATE`, which takes the database's write
/// lock first, so the check, the rate counts and the insert of `reserve` see and change one state that no
/// other run changes in between; other runs queue on the busy timeout.
///
/// Durability: write-ahead log (WAL). A commit is a record appended to the log; `markSent` commits with
/// `synchronous = FULL`, one fsync of the log before it returns, so a power cut after mail2sms exited cannot
/// roll a sent row back (SQLite recovers the log up to its last synced commit). The other steps commit with
/// `synchronous = NORMAL`, no fsync: losing one to a power cut leaves a pending row whose owner is gone, which
/// the next run treats as in doubt (or a refused SMS that is tried again). The log is left in place when the
/// run ends and checkpointed into the database when it reaches `checkpointPages`, so a run that sends one SMS
/// syncs once, and about every fifteenth run three or four times (BENCHMARKS.md, "Journal"). Refusals are
/// recorded with `synchronous = NORMAL` too: one lost to a power cut is a line less in a listing.
package final class SQLiteJournal: Journal {
    /// The file in the state directory; SQLite keeps `journal.sqlite-wal` and `journal.sqlite-shm` beside it.
    package static let fileName = "journal.sqlite"
    /// Seven days: Postfix's `maximal_queue_lifetime` is five, so no retry outlives its row.
    static let retentionSeconds: Int64 = 7 * 24 * 3600
    /// Free space the state directory's filesystem must have before an SMS is sent: the write-ahead log grows
    /// to about 4 MiB before a checkpoint.
    ///
    /// With less, a record could fail after the SMS went out; the mail is deferred instead (as Postfix itself
    /// refuses mail below `queue_minfree`).
    static let minimumFreeBytes = 8 * 1024 * 1024
    /// A pending row older than this has no running owner, whatever its process ID says: no run outlives its
    /// deadline (`Deadline.maximumSeconds`).
    ///
    /// Decides for owners that cannot be checked (no /proc).
    static let pendingLeaseSeconds = Int64(Deadline.maximumSeconds) + 60
    /// Pages of write-ahead log after which a commit checkpoints it into the database (SQLite's default is
    /// 1,000).
    ///
    /// Every run is the first connection to the database since the last one closed, so SQLite rebuilds its
    /// index of the log by reading the whole log: at 1,000 pages (4 MiB, about 160 SMS) that added 7 ms to
    /// every run. At 64 pages a run reads at most 256 KiB, and the checkpoint with the log's restart, two or
    /// three syncs more, comes about every fifteenth SMS (BENCHMARKS.md, "Journal").
    static let checkpointPages = 64
    package let path: String
    let database: SQLiteDatabase

    /// Opens (creating if needed) the journal in `directory`, which must exist, be writable and have
    /// `minimumFreeBytes` free: a journal that could not record what is sent is refused before anything is.
    package init(directory: String) throws(JournalFailure) {
        path = SQLiteJournal.path(in: directory)
        try SQLiteJournal.checkDirectory(directory)
        do throws(SQLiteDatabase.Failure) {
            database = try SQLiteDatabase(path: path)
            database.keepWriteAheadLogOnClose()
            try database.execute(
                """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA wal_autocheckpoint = \(SQLiteJournal.checkpointPages);
                """)
            try JournalSchema.migrate(database)
        } catch {
            throw SQLiteJournal.unwritableFile(at: path) ?? .database(path, error)
        }
    }

    /// The journal file in `directory`.
    package static func path(in directory: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Why `directory` cannot keep a journal, if it cannot: missing, not writable by this user, or with less
    /// than `minimumFreeBytes` free.
    static func checkDirectory(_ directory: String) throws(JournalFailure) {
        if access(directory, W_OK) != 0 {
            switch errno {
            case ENOENT: throw .stateDirectoryMissing(directory)
            case EACCES: throw .notWritable(directory, isDirectory: true, user: .effective())
            default: throw .stateDirectory(directory, FileDescriptor.Errno(errno))
            }
        }
        var filesystem = statvfs()
        if statvfs(directory, &filesystem) == 0 {
            let free = Int(filesystem.f_bavail) * Int(filesystem.f_frsize)
            if free < SQLiteJournal.minimumFreeBytes { throw .lowOnSpace(directory, freeBytes: free) }
        }
    }

    /// The journal at `path` opened for reading only (no write, no write lock), or nil when there is no file.
    static func openForReading(_ path: String) throws(JournalFailure) -> SQLiteDatabase? {
        guard access(path, F_OK) == 0 else { return nil }
        do throws(SQLiteDatabase.Failure) {
            return try SQLiteDatabase(path: path, readingOnly: true)
        } catch {
            throw .database(path, error)
        }
    }

    /// The journal file, or its write-ahead log or index, that exists but that this user cannot write (one
    /// left by a run as root, say), for a failure in words rather than SQLite's "unable to open database
    /// file" or "attempt to write a readonly database".
    private static func unwritableFile(at path: String) -> JournalFailure? {
        for file in [path, path + "-wal", path + "-shm"] where access(file, F_OK) == 0 && access(file, W_OK) != 0 {
            return .notWritable(file, isDirectory: false, user: .effective())
        }
        return nil
    }

    package func reserve(_ claim: JournalClaim, now: Int64) throws(JournalFailure) -> JournalReservation {
        var result = JournalReservation.reserved
        try write { () throws(SQLiteDatabase.Failure) in
            // One transaction: the existing row, the rates and the insert see one state.
            if let found = try existingRow(claim, now: now) {
                result = found
                return
            }
            if let limits = claim.limits, let over = try overRate(claim, limits, now: now) {
                result = over
                return
            }
            try database.run(
                """
                INSERT INTO sms (key, number, state, owner, at, msgid, gateway, shown)
                VALUES (?, ?, 'pending', ?, ?, ?, ?, ?)
                """,
                [
                    .text(claim.key), .text(SQLiteJournal.numberKey(claim.number)),
                    .text(claim.owner.description), .integer(now),
                ] + claim.shown.map(SQLiteDatabase.Value.text))
        }
        return result
    }

    /// What the SMS's row, if it has one, decides.
    ///
    /// Sent, in doubt, being sent by a running owner, or taken over from a dead one as its in-doubt policy
    /// says. Nil when there is no current row (an expired one is deleted): the SMS may be reserved.
    private func existingRow(_ claim: JournalClaim, now: Int64) throws(SQLiteDatabase.Failure) -> JournalReservation? {
        guard let row = JournalRow(try database.row(JournalRow.query, [.text(claim.key)], columns: 3)) else {
            return nil
        }
        switch row.decision(for: claim, now: now) {
        case .decided(let reservation):
            return reservation
        case .takeOver(let previous):
            return try takeOver(claim, from: previous, now: now)
        case .expired:
            try database.run("DELETE FROM sms WHERE key = ?", [.text(claim.key)])
            return nil
        }
    }

    /// The row of a run that died during its request, in doubt: this run's now (`resend`; it already counts
    /// towards the rates, so it is not counted again), or settled (`skip`).
    private func takeOver(_ claim: JournalClaim, from previous: RunOwner, now: Int64) throws(SQLiteDatabase.Failure)
        -> JournalReservation
    {
        switch claim.inDoubt {
        case .resend:
            try database.run(
                "UPDATE sms SET owner = ?, number = ?, at = ?, gateway = ? WHERE key = ?",
                [
                    .text(claim.owner.description), .text(SQLiteJournal.numberKey(claim.number)),
                    .integer(now), .text(claim.gateway), .text(claim.key),
                ])
            return .reservedInDoubt(after: previous)
        case .skip:
            try database.run(
                "UPDATE sms SET state = 'in-doubt', owner = NULL, at = ? WHERE key = ?",
                [.integer(now), .text(claim.key)])
            return .inDoubt(after: previous)
        }
    }

    /// Which rate one more SMS to the claim's number would pass, counting every row of the window (pending ones
    /// included), or nil.
    private func overRate(_ claim: JournalClaim, _ limits: RateLimits, now: Int64) throws(SQLiteDatabase.Failure)
        -> JournalReservation?
    {
        let since = now - limits.windowSeconds
        let toNumber = Int(
            try database.run(
                JournalRates.toNumberQuery, [.text(SQLiteJournal.numberKey(claim.number)), .integer(since)]) ?? 0)
        if toNumber >= limits.perNumber { return .overRatePerNumber(count: toNumber) }
        let total = Int(try database.run(JournalRates.totalQuery, [.integer(since)]) ?? 0)
        return JournalRates.exceeded(toNumber: toNumber, total: total, limits)
    }

    package func markSent(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {
        try write(durably: true) { () throws(SQLiteDatabase.Failure) in
            // `at` stays the reservation's (seconds earlier): the row changes in the table alone, not in its
            // indexes, one page of log instead of three.
            try database.run(
                """
                INSERT INTO sms (key, number, state, owner, at, msgid, gateway, shown)
                VALUES (?, ?, 'sent', NULL, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET state = 'sent', owner = NULL
                """,
                [.text(claim.key), .text(SQLiteJournal.numberKey(claim.number)), .integer(now)]
                    + claim.shown.map(SQLiteDatabase.Value.text))
            try prune(now: now)
        }
    }

    package func release(_ claim: JournalClaim) throws(JournalFailure) {
        try write { () throws(SQLiteDatabase.Failure) in
            try database.run(
                "DELETE FROM sms WHERE key = ? AND state = 'pending' AND owner = ?",
                [.text(claim.key), .text(claim.owner.description)])
        }
    }

    package func settleInDoubt(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {
        try write { () throws(SQLiteDatabase.Failure) in
            try database.run(
                "UPDATE sms SET state = 'in-doubt', owner = NULL WHERE key = ? AND state = 'pending'",
                [.text(claim.key)])
        }
    }

    /// Records SMS the guard refused, all in one transaction (`synchronous = NORMAL`, no sync), keeping the
    /// newest `JournalSchema.maximumRefusals`.
    package func recordRefusals(_ refusals: [JournalRefusal], now: Int64) throws(JournalFailure) {
        guard !refusals.isEmpty else { return }
        try write { () throws(SQLiteDatabase.Failure) in
            for refusal in refusals {
                try database.run(
                    "INSERT INTO refused (at, msgid, gateway, shown, outcome, reason) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        .integer(now), .text(refusal.messageID), .text(refusal.gateway), .text(refusal.shown),
                        .text(refusal.outcome), .text(refusal.reason),
                    ])
            }
            try database.run(
                "DELETE FROM refused WHERE rowid <= (SELECT max(rowid) FROM refused) - ?",
                [.integer(Int64(JournalSchema.maximumRefusals))])
            try prune(now: now)
        }
    }

    /// Deletes the rows of both tables past `retentionSeconds`.
    private func prune(now: Int64) throws(SQLiteDatabase.Failure) {
        let expired = SQLiteDatabase.Value.integer(now - SQLiteJournal.retentionSeconds)
        try database.run("DELETE FROM sms WHERE at < ?", [expired])
        try database.run("DELETE FROM refused WHERE at < ?", [expired])
    }

    /// One write transaction; with `durably`, its commit is synced before this returns.
    func write(durably: Bool = false, _ body: () throws(SQLiteDatabase.Failure) -> Void) throws(JournalFailure) {
        do throws(SQLiteDatabase.Failure) {
            if durably { try database.execute("PRAGMA synchronous = FULL") }
            defer { if durably { try? database.execute("PRAGMA synchronous = NORMAL") } }
            try database.transaction(body)
        } catch {
            throw SQLiteJournal.unwritableFile(at: path) ?? .database(path, error)
        }
    }

    /// A number as the journal stores it: hashed, like the keys.
    static func numberKey(_ number: String) -> String { SHA256.hex(Array(number.utf8)) }
}
