import Foundation
import Testing

@testable import Delivery
@testable import Platform
@testable import RulesCompiler

/// What `mail2sms journal` reads and corrects: entries with numbers masked, rates, forget and forget-rate.
@Suite struct JournalReaderTests {
    static func claim(_ key: String, number: String = "+4850123456789", messageID: String = "<m@h>") -> JournalClaim {
        JournalClaim(
            key: key, number: number, owner: Journals.running,
            limits: RateLimits(perNumber: 2, total: 10, windowSeconds: 3600), messageID: messageID,
            gateway: "kannel")
    }

    static func send(_ claim: JournalClaim, _ journal: SQLiteJournal, now: Int64) throws {
        #expect(try journal.reserve(claim, now: now) == .reserved)
        try journal.markSent(claim, now: now)
    }

    @Test func entriesAreNewestFirstWithNumbersMasked() throws {
        let directory = try TemporaryDirectory()
        #expect(try JournalReader.open(directory: directory.url.path) == nil)
        let journal = try SQLiteJournal(directory: directory.url.path)
        try Self.send(Self.claim("a"), journal, now: 1_000)
        #expect(try journal.reserve(Self.claim("b", messageID: "<n@h>"), now: 1_001) == .reserved)
        try journal.recordRefusals(
            [
                JournalRefusal(
                    messageID: "<r@h>", gateway: "kannel", shown: "+*****456", outcome: "refused",
                    reason: "the sender is not allowed by 'allow-sender'")
            ], now: 1_002)
        let reader = try #require(try JournalReader.open(directory: directory.url.path))
        #expect(
            try reader.entries(limit: 10) == [
                JournalEntry(
                    at: 1_002, outcome: "refused", messageID: "<r@h>", gateway: "kannel", shown: "+*****456",
                    reason: "the sender is not allowed by 'allow-sender'"),
                JournalEntry(
                    at: 1_001, outcome: "pending", messageID: "<n@h>", gateway: "kannel", shown: "+**********789"),
                JournalEntry(
                    at: 1_000, outcome: "sent", messageID: "<m@h>", gateway: "kannel", shown: "+**********789"),
            ])
        #expect(try reader.entries(limit: 1).map(\.outcome) == ["refused"])
    }

    @Test func rateCountsTheWindowAndSaysWhenASlotFrees() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        try Self.send(Self.claim("old"), journal, now: 1_000)
        try Self.send(Self.claim("a"), journal, now: 5_000)
        try Self.send(Self.claim("b", number: "+4850123456780"), journal, now: 5_100)
        let reader = try #require(try JournalReader.open(directory: directory.url.path))
        #expect(
            try reader.rate(number: "+4850123456789", now: 5_200, windowSeconds: 3600)
                == JournalRateState(
                    windowSeconds: 3600, toNumber: 1, total: 2, nextFreeToNumber: 8_600, nextFreeTotal: 8_600))
    }

    /// forget takes a mail's sent rows and refusals, not a pending one being sent, nor another mail's.
    @Test func forgetRemovesOneMailsRows() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        try Self.send(Self.claim("a"), journal, now: 1_000)
        #expect(try journal.reserve(Self.claim("b"), now: 1_000) == .reserved)
        try Self.send(Self.claim("c", number: "+4850123456780", messageID: "<other@h>"), journal, now: 1_000)
        try journal.recordRefusals(
            [JournalRefusal(messageID: "<m@h>", gateway: "kannel", shown: "", outcome: "refused", reason: "r")],
            now: 1_000)
        let result = try journal.forget(messageID: "m@h")
        #expect(result.sms == 1 && result.refusals == 1 && result.pending == 1)
        #expect(try journal.reserve(Self.claim("a"), now: 1_001) == .reserved)
        #expect(
            try journal.reserve(Self.claim("c", number: "+4850123456780", messageID: "<other@h>"), now: 1_001)
                == .alreadySent)
    }

    /// forget-rate: the number's rows no longer count towards its rate, and still dedupe.
    @Test func forgetRateKeepsTheRowsButNotTheirCount() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        try Self.send(Self.claim("a"), journal, now: 1_000)
        try Self.send(Self.claim("b"), journal, now: 1_001)
        #expect(try journal.reserve(Self.claim("c"), now: 1_002) == .overRatePerNumber(count: 2))
        #expect(try journal.forgetRate(number: "+4850123456789", now: 1_003, windowSeconds: 3600) == 2)
        #expect(try journal.reserve(Self.claim("a"), now: 1_004) == .alreadySent)
        #expect(try journal.reserve(Self.claim("c"), now: 1_004) == .reserved)
        let reader = try #require(try JournalReader.open(directory: directory.url.path))
        #expect(try reader.rate(number: "+4850123456789", now: 1_005, windowSeconds: 3600).toNumber == 1)
        #expect(try reader.rate(number: "+4850123456789", now: 1_005, windowSeconds: 3600).total == 3)
    }

    /// Refusals are kept to `JournalSchema.maximumRefusals`, newest, and expire with the SMS rows.
    @Test func refusalsArePruned() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        let refusal = JournalRefusal(messageID: "", gateway: "g", shown: "", outcome: "refused", reason: "r")
        try journal.recordRefusals(Array(repeating: refusal, count: JournalSchema.maximumRefusals + 5), now: 1_000)
        #expect(try journal.database.run("SELECT count(*) FROM refused") == Int64(JournalSchema.maximumRefusals))
        try journal.recordRefusals([refusal], now: 1_000 + SQLiteJournal.retentionSeconds + 1)
        #expect(try journal.database.run("SELECT count(*) FROM refused") == 1)
    }

    /// A delivery holding the write lock does not hold up a reader.
    @Test(.hangLimit) func aReaderDoesNotWaitForTheWriteLock() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        try Self.send(Self.claim("a"), journal, now: 1_000)
        let writer = try SQLiteDatabase(path: directory.url.appendingPathComponent("journal.sqlite").path)
        try writer.execute("BEGIN IMMEDIATE; UPDATE sms SET at = at + 1;")
        defer { try? writer.execute("ROLLBACK") }
        let started = Date()
        let reader = try #require(try JournalReader.open(directory: directory.url.path))
        #expect(try reader.entries(limit: 10).map(\.at) == [1_000])
        #expect(Date().timeIntervalSince(started) < 2)
    }
}

@Suite struct MaskedNumberTests {
    @Test(arguments: [
        ("+4850123456789", "+**********789"), ("4850123456789", "**********789"), ("7233", "***3"),
        ("123456", "***456"), ("12", "**"), ("", ""), ("+48 501-234", "+*****234"),
    ])
    func masksAllButTheLastDigits(number: String, masked: String) {
        #expect(MaskedNumber.of(number) == masked)
    }
}
