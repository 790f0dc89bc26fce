import Platform
import RulesCompiler
import SMSGateway

/// The journal in a PostgreSQL database (`journal { url … }`), shared by every relay that names it, so that
/// the guard's rates count every relay's SMS and a mail delivered to two relays sends once.
///
/// The tables are `JournalSchema`'s, prefixed (`mail2sms_sms`, `mail2sms_refused`), created on first use.
/// The send protocol is `Journal`'s, expressed with PostgreSQL's own tools:
/// - **One reservation at a time, everywhere.** `reserve` takes a transaction-level advisory lock
///   (`reserveLock`) before it reads: the row check, the rate counts and the insert of one relay's reservation
///   happen while no other relay's can, and the lock is released only by its commit. Under READ COMMITTED every
///   statement after the lock sees every reservation committed before it, so no two reservations can both pass
///   a limit or both claim one SMS (the key's primary key would refuse the second insert anyway).
/// - **Whether a pending row's owner still runs**, across machines, is whether its session still holds a
///   session-level advisory lock on the row's key, taken with the reservation and released only after the
///   outcome is committed (`pg_advisory_unlock_all`). `reserve` tries that lock *before* it reads the row: got,
///   no live run owns the key, and the row read next is final (an owner that just finished committed its outcome
///   before letting go); not got, a live run owns it (its pending row, or its outcome about to be committed),
///   and this run waits. A run killed during its request closes its connection, and the server drops the lock
///   at once; a relay that loses power drops it when the server notices the dead connection, or the row's
///   lease (`SQLiteJournal.pendingLeaseSeconds`) decides.
/// - **Durability**: `markSent` commits with `synchronous_commit` on (the server's WAL flushed before it
///   returns); the other steps commit with it off, as the SQLite journal's do without a sync.
/// - **Bounded waits**: the connection, every statement and every lock wait end before the run's deadline
///   (`connect_timeout`, `statement_timeout`, `lock_timeout`); past them the SMS is not sent and the mail is
///   deferred (75).
package final class PostgreSQLJournal: Journal {
    /// Seconds a connection may take at most (libpq's `connect_timeout`; the run's deadline may leave less).
    static let connectTimeoutSeconds = 10
    /// libpq's smallest `connect_timeout`: it treats 1 as 2.
    static let minimumConnectTimeoutSeconds = 2
    /// The lock every reservation takes (the ASCII of `m2s_res`); the schema's creation takes `schemaLock`.
    static let reserveLock: Int64 = 0x6d32_735f_7265_73
    static let schemaLock: Int64 = 0x6d32_735f_7363_68
    /// The comment on `mail2sms_sms` that says the schema is this version's.
    static let schemaMark = "mail2sms journal schema 1"

    /// The database's URL, as failures name it (it holds no password: `JournalDatabase.problem(url:)`).
    package let url: String
    let connection: PostgreSQLConnection

    /// Connects (with the password from `database.passwordFile`, read as a run by `userID` reads secrets
    /// files), bounded by `millisecondsLeft` of the run, and unless `creatingTables` is false (a reader: the
    /// dry run, `mail2sms journal`), creates the tables if they are missing.
    package init(_ database: JournalDatabase, userID: UInt32, millisecondsLeft: Int, creatingTables: Bool = true)
        throws(JournalFailure)
    {
        url = database.url
        var password: String? = nil
        if let file = database.passwordFile {
            do throws(SecretFile.Problem) {
                password = try SecretFile.read(file, runningAs: userID)
            } catch {
                throw .passwordFile(error)
            }
        }
        let statementMilliseconds = max(1000, millisecondsLeft - SendSMS.minimumRequestMilliseconds)
        let connectSeconds = max(
            PostgreSQLJournal.minimumConnectTimeoutSeconds,
            min(PostgreSQLJournal.connectTimeoutSeconds, millisecondsLeft / 1000 - 1))
        do throws(PostgreSQLConnection.Failure) {
            connection = try PostgreSQLConnection(
                url: database.url, password: password,
                parameters: [
                    ("connect_timeout", String(connectSeconds)), ("application_name", "mail2sms"),
                    (
                        "options",
                        "-c statement_timeout=\(statementMilliseconds) -c lock_timeout=\(statementMilliseconds)"
                    ),
                ])
            if creatingTables { try PostgreSQLJournal.migrate(connection) }
        } catch {
            throw .postgreSQL(database.url, error)
        }
    }

    /// Creates the tables unless they are there, under `schemaLock` so that relays starting at once do not
    /// race (one creates, the others find them).
    static func migrate(_ connection: PostgreSQLConnection) throws(PostgreSQLConnection.Failure) {
        let check = "SELECT obj_description(to_regclass('mail2sms_sms'), 'pg_class')"
        guard try connection.text(check) != schemaMark else { return }
        try connection.transaction { () throws(PostgreSQLConnection.Failure) in
            try connection.rows("SELECT pg_advisory_xact_lock($1)", [.integer(schemaLock)])
            guard try connection.text(check) != schemaMark else { return }
            for statement in [
                """
                CREATE TABLE IF NOT EXISTS mail2sms_sms (key text PRIMARY KEY, number text NOT NULL,
                    state text NOT NULL, owner text, at bigint NOT NULL, msgid text, gateway text, shown text)
                """,
                "CREATE INDEX IF NOT EXISTS mail2sms_sms_number ON mail2sms_sms (number, at)",
                "CREATE INDEX IF NOT EXISTS mail2sms_sms_at ON mail2sms_sms (at)",
                """
                CREATE TABLE IF NOT EXISTS mail2sms_refused (id bigserial PRIMARY KEY, at bigint NOT NULL,
                    msgid text, gateway text, shown text, outcome text NOT NULL, reason text NOT NULL)
                """,
                "CREATE INDEX IF NOT EXISTS mail2sms_refused_at ON mail2sms_refused (at)",
                "COMMENT ON TABLE mail2sms_sms IS '\(schemaMark)'",
            ] {
                try connection.rows(statement)
            }
        }
    }

    package func reserve(_ claim: JournalClaim, now: Int64) throws(JournalFailure) -> JournalReservation {
        var result = JournalReservation.reserved
        try write { () throws(PostgreSQLConnection.Failure) in
            try connection.rows("SELECT pg_advisory_xact_lock($1)", [.integer(PostgreSQLJournal.reserveLock)])
            // The key's lock first, the row after: see the type's comment.
            let keyFree = try holdKey(claim)
            if let found = try existingRow(claim, now: now, keyFree: keyFree) {
                result = found
                // Taken over from a run that died: the row is this run's now, and so is the key.
                if case .reservedInDoubt = found { return }
            } else if !keyFree {
                // No row, but a run holds the key: it is between its outcome's commit and letting go.
                result = .busy(RunOwner.unknown)
            } else if let limits = claim.limits, let over = try overRate(claim, limits, now: now) {
                result = over
            }
            guard case .reserved = result else {
                if keyFree { try unlockKeys() }
                return
            }
            try connection.rows(
                """
                INSERT INTO mail2sms_sms (key, number, state, owner, at, msgid, gateway, shown)
                VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7)
                """,
                [
                    .text(claim.key), .text(SQLiteJournal.numberKey(claim.number)), .text(claim.owner.description),
                    .integer(now),
                ] + claim.shown.map(PostgreSQLConnection.Value.text))
        }
        return result
    }

    /// What the SMS's row, if it has one, decides; like `SQLiteJournal`'s, but a pending row's owner runs while
    /// its session holds the key's lock (`keyFree`: this run just took it, so no run did).
    private func existingRow(_ claim: JournalClaim, now: Int64, keyFree: Bool) throws(PostgreSQLConnection.Failure)
        -> JournalReservation?
    {
        guard let row = try row(claim.key) else { return nil }
        switch row.decision(for: claim, now: now, isRunning: { _ in !keyFree }) {
        case .decided(let reservation):
            return reservation
        case .takeOver(let previous):
            switch claim.inDoubt {
            case .resend:
                try connection.rows(
                    "UPDATE mail2sms_sms SET owner = $1, number = $2, at = $3, gateway = $4 WHERE key = $5",
                    [
                        .text(claim.owner.description), .text(SQLiteJournal.numberKey(claim.number)),
                        .integer(now), .text(claim.gateway), .text(claim.key),
                    ])
                return .reservedInDoubt(after: previous)
            case .skip:
                try connection.rows(
                    "UPDATE mail2sms_sms SET state = 'in-doubt', owner = NULL, at = $1 WHERE key = $2",
                    [.integer(now), .text(claim.key)])
                return .inDoubt(after: previous)
            }
        case .expired:
            guard keyFree else { return .busy(row.owner ?? RunOwner.unknown) }
            try connection.rows("DELETE FROM mail2sms_sms WHERE key = $1", [.text(claim.key)])
            return nil
        }
    }

    /// The `mail2sms_sms` row of `key`, if there is one.
    func row(_ key: String) throws(PostgreSQLConnection.Failure) -> JournalRow? {
        let rows = try connection.rows("SELECT state, owner, at FROM mail2sms_sms WHERE key = $1", [.text(key)])
        guard let columns = rows.first, let state = columns[0], let at = columns[2].flatMap({ Int64($0) }) else {
            return nil
        }
        return JournalRow(state: state, owner: columns[1].flatMap { RunOwner($0) }, at: at)
    }

    /// Takes the claim's key's session lock if no session holds it; whether it was taken.
    private func holdKey(_ claim: JournalClaim) throws(PostgreSQLConnection.Failure) -> Bool {
        try connection.text("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", [.text(claim.key)]) == "t"
    }

    /// Which rate one more SMS to the claim's number would pass, counting every row of the window.
    private func overRate(_ claim: JournalClaim, _ limits: RateLimits, now: Int64) throws(PostgreSQLConnection.Failure)
        -> JournalReservation?
    {
        let (toNumber, total) = try counts(number: claim.number, since: now - limits.windowSeconds)
        return JournalRates.exceeded(toNumber: toNumber, total: total, limits)
    }

    /// SMS to `number` and in all since `since`, pending ones included.
    func counts(number: String, since: Int64) throws(PostgreSQLConnection.Failure) -> (toNumber: Int, total: Int) {
        let row = try connection.rows(
            "SELECT count(*) FILTER (WHERE number = $1), count(*) FROM mail2sms_sms WHERE at >= $2",
            [.text(SQLiteJournal.numberKey(number)), .integer(since)]
        ).first
        return (Int(row?[0].flatMap { Int($0) } ?? 0), Int(row?[1].flatMap { Int($0) } ?? 0))
    }

    package func markSent(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {
        try write(durably: true) { () throws(PostgreSQLConnection.Failure) in
            try connection.rows(
                """
                INSERT INTO mail2sms_sms (key, number, state, owner, at, msgid, gateway, shown)
                VALUES ($1, $2, 'sent', NULL, $3, $4, $5, $6)
                ON CONFLICT (key) DO UPDATE SET state = 'sent', owner = NULL
                """,
                [.text(claim.key), .text(SQLiteJournal.numberKey(claim.number)), .integer(now)]
                    + claim.shown.map(PostgreSQLConnection.Value.text))
            try prune(now: now)
        }
        try letKeysGo()
    }

    package func release(_ claim: JournalClaim) throws(JournalFailure) {
        try write { () throws(PostgreSQLConnection.Failure) in
            try connection.rows(
                "DELETE FROM mail2sms_sms WHERE key = $1 AND state = 'pending' AND owner = $2",
                [.text(claim.key), .text(claim.owner.description)])
        }
        try letKeysGo()
    }

    package func settleInDoubt(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {
        try write { () throws(PostgreSQLConnection.Failure) in
            try connection.rows(
                "UPDATE mail2sms_sms SET state = 'in-doubt', owner = NULL WHERE key = $1 AND state = 'pending'",
                [.text(claim.key)])
        }
        try letKeysGo()
    }

    package func recordRefusals(_ refusals: [JournalRefusal], now: Int64) throws(JournalFailure) {
        guard !refusals.isEmpty else { return }
        try write { () throws(PostgreSQLConnection.Failure) in
            for refusal in refusals {
                try connection.rows(
                    """
                    INSERT INTO mail2sms_refused (at, msgid, gateway, shown, outcome, reason)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """,
                    [
                        .integer(now), .text(refusal.messageID), .text(refusal.gateway), .text(refusal.shown),
                        .text(refusal.outcome), .text(refusal.reason),
                    ])
            }
            try connection.rows(
                "DELETE FROM mail2sms_refused WHERE id <= (SELECT max(id) FROM mail2sms_refused) - $1",
                [.integer(Int64(JournalSchema.maximumRefusals))])
            try prune(now: now)
        }
    }

    /// Deletes the rows of both tables past `SQLiteJournal.retentionSeconds`.
    private func prune(now: Int64) throws(PostgreSQLConnection.Failure) {
        let expired = PostgreSQLConnection.Value.integer(now - SQLiteJournal.retentionSeconds)
        try connection.rows("DELETE FROM mail2sms_sms WHERE at < $1", [expired])
        try connection.rows("DELETE FROM mail2sms_refused WHERE at < $1", [expired])
    }

    /// The keys' session locks this session holds, let go.
    private func unlockKeys() throws(PostgreSQLConnection.Failure) {
        try connection.rows("SELECT pg_advisory_unlock_all()")
    }

    /// The outcome is recorded: the keys' session locks go, so that the next claim of one sees no live owner.
    private func letKeysGo() throws(JournalFailure) {
        do throws(PostgreSQLConnection.Failure) {
            try unlockKeys()
        } catch {
            throw .postgreSQL(url, error)
        }
    }

    /// One transaction; `durably` commits with `synchronous_commit` on, else off.
    func write(durably: Bool = false, _ body: () throws(PostgreSQLConnection.Failure) -> Void) throws(JournalFailure) {
        do throws(PostgreSQLConnection.Failure) {
            try connection.transaction(settings: durably ? [] : ["synchronous_commit = off"], body)
        } catch {
            throw .postgreSQL(url, error)
        }
    }
}
