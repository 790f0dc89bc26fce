import Foundation
import Testing

@testable import Delivery
@testable import Platform
@testable import RulesCompiler

/// Schema version 3 over older journals: version 2's rows are kept and still decide (dedupe, rates); version 1
/// is replaced.
@Suite struct JournalSchemaTests {
    /// A journal file as version 2 of mail2sms left it, with one sent row for `key` to `number` at `at`.
    static func versionTwo(in directory: TemporaryDirectory, key: String, number: String, at: Int64) throws {
        let database = try SQLiteDatabase(path: directory.url.appendingPathComponent("journal.sqlite").path)
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE sms (key TEXT PRIMARY KEY, number TEXT NOT NULL, state TEXT NOT NULL,
                              owner TEXT, at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX sms_number ON sms (number, at);
            CREATE INDEX sms_at ON sms (at);
            PRAGMA user_version = 2;
            """)
        try database.run(
            "INSERT INTO sms (key, number, state, owner, at) VALUES (?, ?, 'sent', NULL, ?)",
            [.text(key), .text(SQLiteJournal.numberKey(number)), .integer(at)])
    }

    @Test func versionTwoIsMigratedAndItsRowsStillDedupeAndCount() throws {
        let directory = try TemporaryDirectory()
        let key = JournalKey.of(message: "<old@host>", number: "+4850123456789", text: "code")
        try Self.versionTwo(in: directory, key: key, number: "+4850123456789", at: 1_000)
        // Before any delivery migrates it, the reader shows the row without what version 2 did not keep.
        let before = try #require(try JournalReader.open(directory: directory.url.path))
        #expect(try before.entries(limit: 10) == [JournalEntry(at: 1_000, outcome: "sent")])
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.database.run("PRAGMA user_version") == JournalSchema.version)
        let limits = RateLimits(perNumber: 1, total: 10, windowSeconds: 3600)
        let claim = JournalClaim(key: key, number: "+4850123456789", owner: Journals.running, limits: limits)
        #expect(try journal.reserve(claim, now: 1_100) == .alreadySent)
        var other = claim
        other.key = "another SMS to the same number"
        #expect(try journal.reserve(other, now: 1_100) == .overRatePerNumber(count: 1))
        let reader = try #require(try JournalReader.open(directory: directory.url.path))
        #expect(try reader.entries(limit: 10) == [JournalEntry(at: 1_000, outcome: "sent")])
        // Reopened: migrated once.
        #expect(try SQLiteJournal(directory: directory.url.path).reserve(claim, now: 1_200) == .alreadySent)
    }

    @Test func versionOneIsReplaced() throws {
        let directory = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: directory.url.appendingPathComponent("journal.sqlite").path)
        try database.execute("CREATE TABLE sent (rules TEXT, line INTEGER); PRAGMA user_version = 1;")
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.database.run("PRAGMA user_version") == JournalSchema.version)
        #expect(try journal.database.run("SELECT count(*) FROM sqlite_master WHERE name = 'sent'") == 0)
        #expect(
            try journal.reserve(JournalClaim(key: "k", number: "+4850123456789", owner: Journals.running), now: 1)
                == .reserved)
    }
}
