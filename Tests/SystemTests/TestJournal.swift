import Foundation
import TestSupport
import Testing

/// Where a test's runs keep their journal: the SQLite file in a state folder, or a PostgreSQL database of the
/// test's own (`RealPostgreSQL`). The exactly-once tests take it as an argument, so that one body proves both.
enum JournalBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }
}

/// One test's journal on a backend, as one relay sees it: its state folder (always: the SQLite journal's, and
/// the place of a relay's own files), the options that point a run at the journal, and what the journal holds.
final class TestJournal {
    let backend: JournalBackend
    let state: TemporaryFolder
    /// The database, shared by every relay of the test.
    let postgresql: RealPostgreSQL?
    private let passwordFile: String?

    init(_ backend: JournalBackend) throws {
        self.backend = backend
        state = try TemporaryFolder()
        postgresql = backend == .postgresql ? try RealPostgreSQL() : nil
        passwordFile = try postgresql?.passwordFile(in: state.url)
    }

    /// Another relay of the same journal: a state folder and password file of its own, no file shared.
    private init(relayOf other: TestJournal) throws {
        backend = other.backend
        state = try TemporaryFolder()
        postgresql = other.postgresql
        passwordFile = try postgresql?.passwordFile(in: state.url)
    }

    func relay() throws -> TestJournal { try TestJournal(relayOf: self) }

    /// What comes before the rules on a run's command line: nothing for SQLite (`Mail2SMSProcess` passes the
    /// state folder), the database for PostgreSQL.
    var options: [String] {
        guard let postgresql, let passwordFile else { return [] }
        return ["--journal", postgresql.url, "--journal-password-file", passwordFile]
    }

    /// One run of `rules` on `mail` against this journal.
    func run(_ rules: String, _ mail: Data) throws -> Mail2SMSProcess.Result {
        try Mail2SMSProcess.run(options + [rules], stdin: mail, stateDirectory: state.url.path)
    }

    /// Runs of `rules`, one per mail, all at once.
    func runConcurrently(_ rules: String, _ mails: [Data]) throws -> [Mail2SMSProcess.Result] {
        try Mail2SMSProcess.runConcurrently(options + [rules], stdins: mails, stateDirectory: state.url.path)
    }

    /// One run started, not waited for.
    func start(_ rules: String, _ mail: Data) throws -> RunningProcess {
        try Mail2SMSProcess.start(options + [rules], stdin: mail, stateDirectory: state.url.path)
    }

    /// The first column of the first row of `sql` on the journal (its table `sms`, `refused` named so; the
    /// PostgreSQL tables are `mail2sms_`-prefixed).
    func query(_ sql: String) throws -> String {
        switch backend {
        case .sqlite:
            let result = try ChildProcess.run(SystemProgram.sqlite3.url, [state.path("journal.sqlite"), sql])
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        case .postgresql:
            let prefixed = sql.replacingOccurrences(of: " sms", with: " mail2sms_sms")
                .replacingOccurrences(of: " refused", with: " mail2sms_refused")
            return try postgresql!.psql(prefixed).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    var pendingRows: Int { (try? query("SELECT count(*) FROM sms WHERE state = 'pending'")).flatMap { Int($0) } ?? -1 }

    /// Whether the journal is sound: SQLite's integrity check; PostgreSQL's is the server's business.
    var isSound: Bool { backend == .postgresql || (try? query("PRAGMA integrity_check")) == "ok" }
}
