import Delivery
import Glibc
import Platform
import RulesCompiler

/// `mail2sms journal …`: the journal read (`list`, `rate`: read-only, never the write lock) or corrected
/// (`forget`, `forget-rate`: one write transaction, a line on standard output and a record in `--log`).
///
/// No rules are read: the state directory is `--state-dir`'s (the rules' `STATEDIR` is not known here), and the
/// log is `--log`'s, else standard output alone.
enum JournalRun {
    static func run(_ command: JournalCommand, directory: String, _ context: Context) throws(Failure) -> ExitStatus {
        let now = Int64(context.clock.now())
        let window = AbuseGuard.rateWindowSeconds
        switch command {
        case .list(let limit):
            guard let reader = try reader(directory) else { return noJournal(directory, context) }
            context.streams.output(
                JournalListing.render(
                    try journal { () throws(JournalFailure) in
                        try reader.entries(limit: limit)
                    }, path: reader.path))
        case .rate(let number):
            guard let reader = try reader(directory) else { return noJournal(directory, context) }
            let state = try journal { () throws(JournalFailure) in
                try reader.rate(number: number, now: now, windowSeconds: window)
            }
            context.streams.output(JournalListing.render(state, shown: MaskedNumber.of(number), now: now))
        case .forget(let messageID, let log):
            guard access(SQLiteJournal.path(in: directory), F_OK) == 0 else { return noJournal(directory, context) }
            let logFile = try open(log)
            let result = try journal { () throws(JournalFailure) in
                try SQLiteJournal(directory: directory).forget(messageID: messageID)
            }
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
            guard access(SQLiteJournal.path(in: directory), F_OK) == 0 else { return noJournal(directory, context) }
            let logFile = try open(log)
            let count = try journal { () throws(JournalFailure) in
                try SQLiteJournal(directory: directory).forgetRate(number: number, now: now, windowSeconds: window)
            }
            let shown = MaskedNumber.of(number)
            logFile?.append(
                context.line(
                    for: LogRecord("journal", [("action", "forget-rate"), ("to", shown), ("sms", String(count))])))
            context.streams.output(JournalListing.forgottenRate(shown: shown, sms: count, windowSeconds: window))
        }
        return .ok
    }

    private static func noJournal(_ directory: String, _ context: Context) -> ExitStatus {
        context.streams.output(JournalListing.noJournal(in: directory))
        return .ok
    }

    private static func reader(_ directory: String) throws(Failure) -> JournalReader? {
        try journal { () throws(JournalFailure) in try JournalReader.open(directory: directory) }
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
