import Delivery
import Glibc
import Platform
import RulesCompiler

/// `mail2sms journal …`: the journal read (`list`, `rate`: read-only, never the write lock) or corrected
/// (`forget`, `forget-rate`: one write transaction, a line on standard output and a record in `--log`).
///
/// No rules are read: the journal is `--journal`'s database, else the SQLite file in `--state-dir` (the rules'
/// `journal` and `STATEDIR` are not known here), and the log is `--log`'s, else standard output alone.
enum JournalRun {
    static func run(_ command: JournalCommand, location: JournalLocation, _ context: Context) throws(Failure)
        -> ExitStatus
    {
        let now = Int64(context.clock.now())
        let window = AbuseGuard.rateWindowSeconds
        guard let access = try JournalAccess(location, context) else {
            guard case .directory(let directory) = location else { return .ok }
            return noJournal(directory, context)
        }
        switch command {
        case .list(let limit):
            let entries = try journal { () throws(JournalFailure) in try access.entries(limit) }
            context.streams.output(JournalListing.render(entries, path: access.place))
        case .rate(let number):
            let state = try journal { () throws(JournalFailure) in try access.rate(number, now, window) }
            context.streams.output(JournalListing.render(state, shown: MaskedNumber.of(number), now: now))
        case .forget(let messageID, let log):
            let logFile = try open(log)
            let result = try journal { () throws(JournalFailure) in try access.forget(messageID) }
            logFile?.append(
                context.line(
                    for: LogRecord(
                        "journal",
                        [
                            ("action", "forget"), ("msgid", messageID), ("sms", String(result.sms)),
                            ("refusals", String(result.refusals)),
                        ])))
            context.streams.output(
                JournalListing.forgotten(
                    messageID: messageID, sms: result.sms, refusals: result.refusals, pending: result.pending))
        case .forgetRate(let number, let log):
            let logFile = try open(log)
            let count = try journal { () throws(JournalFailure) in try access.forgetRate(number, now, window) }
            let shown = MaskedNumber.of(number)
            logFile?.append(
                context.line(
                    for: LogRecord("journal", [("action", "forget-rate"), ("to", shown), ("sms", String(count))])))
            context.streams.output(JournalListing.forgottenRate(shown: shown, sms: count, windowSeconds: window))
        }
        return .ok
    }

    /// What the command does to a journal, whichever its backend: SQLite's reads go through a read-only
    /// `JournalReader`, its changes through `SQLiteJournal`; PostgreSQL's all through one connection that
    /// creates nothing.
    private struct JournalAccess {
        var place: String
        var entries: (Int) throws(JournalFailure) -> [JournalEntry]
        var rate: (String, Int64, Int64) throws(JournalFailure) -> JournalRateState
        var forget: (String) throws(JournalFailure) -> (sms: Int, refusals: Int, pending: Int)
        var forgetRate: (String, Int64, Int64) throws(JournalFailure) -> Int

        /// Nil when the state directory has no journal file (nothing was ever sent from it).
        init?(_ location: JournalLocation, _ context: Context) throws(Failure) {
            switch location {
            case .directory(let directory):
                let opened = try journal { () throws(JournalFailure) in try JournalReader.open(directory: directory) }
                guard let reader = opened else { return nil }
                place = reader.path
                entries = { limit throws(JournalFailure) in try reader.entries(limit: limit) }
                rate = { number, now, window throws(JournalFailure) in
                    try reader.rate(number: number, now: now, windowSeconds: window)
                }
                forget = { messageID throws(JournalFailure) in
                    try SQLiteJournal(directory: directory).forget(messageID: messageID)
                }
                forgetRate = { number, now, window throws(JournalFailure) in
                    try SQLiteJournal(directory: directory).forgetRate(number: number, now: now, windowSeconds: window)
                }
            case .database(let database):
                let postgreSQL = try journal { () throws(JournalFailure) in
                    try PostgreSQLJournal(
                        database, userID: context.userID, millisecondsLeft: Deadline.defaultSeconds * 1000,
                        creatingTables: false)
                }
                place = postgreSQL.url
                entries = { limit throws(JournalFailure) in try postgreSQL.entries(limit: limit) }
                rate = { number, now, window throws(JournalFailure) in
                    try postgreSQL.rate(number: number, now: now, windowSeconds: window)
                }
                forget = { messageID throws(JournalFailure) in try postgreSQL.forget(messageID: messageID) }
                forgetRate = { number, now, window throws(JournalFailure) in
                    try postgreSQL.forgetRate(number: number, now: now, windowSeconds: window)
                }
            }
        }
    }

    private static func noJournal(_ directory: String, _ context: Context) -> ExitStatus {
        context.streams.output(JournalListing.noJournal(in: directory))
        return .ok
    }

    /// `body`'s journal failure as the run's.
    private static func journal<T>(_ body: () throws(JournalFailure) -> T) throws(Failure) -> T {
        do throws(JournalFailure) {
            return try body()
        } catch {
            throw .journal(error)
        }
    }

    /// The log file `--log` names, opened before anything changes.
    private static func open(_ log: String?) throws(Failure) -> LogFile? {
        guard let log else { return nil }
        do throws(FileDescriptor.Errno) {
            return try LogFile(path: log)
        } catch {
            throw .logUnopenable(path: log, error)
        }
    }
}
