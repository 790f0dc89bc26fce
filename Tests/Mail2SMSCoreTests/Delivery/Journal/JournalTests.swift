import Foundation
import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The journal's send protocol on SQLite: reserve, then sent, released or settled; what a running owner, a
/// dead one and the rates do to the next reservation; keys; a journal that cannot be written.
@Suite struct JournalTests {
    static func claim(_ key: String = "k1", number: String = "+4850123456789", owner: RunOwner = Journals.running,
                      limits: RateLimits? = nil, inDoubt: InDoubtPolicy = .resend) -> JournalClaim {
        JournalClaim(key: key, number: number, owner: owner, limits: limits, inDoubt: inDoubt)
    }

    @Test func aReservedSMSIsBusyForOthersThenSentForEveryone() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.reserve(Self.claim(), now: 1_000) == .reserved)
        let other = try SQLiteJournal(directory: directory.url.path)
        #expect(try other.reserve(Self.claim(), now: 1_001) == .busy(Journals.running))
        try journal.markSent(Self.claim(), now: 1_002)
        #expect(try other.reserve(Self.claim(), now: 1_003) == .alreadySent)
        // Reopened: it is on disk.
        #expect(try SQLiteJournal(directory: directory.url.path).reserve(Self.claim(), now: 2_000) == .alreadySent)
    }

    @Test func aReleasedSMSCanBeReservedAgain() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.reserve(Self.claim(), now: 1_000) == .reserved)
        try journal.release(Self.claim())
        #expect(try journal.reserve(Self.claim(), now: 1_001) == .reserved)
    }

    /// A pending row whose owner died: in doubt, and the policy decides, once.
    @Test func theRowOfADeadRunIsInDoubt() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.reserve(Self.claim("a", owner: Journals.gone), now: 1_000) == .reserved)
        #expect(try journal.reserve(Self.claim("b", owner: Journals.gone), now: 1_000) == .reserved)
        #expect(try journal.reserve(Self.claim("a", inDoubt: .resend), now: 1_001) == .reservedInDoubt(after: Journals.gone))
        // Taken over: now this run's, so busy for another.
        #expect(try journal.reserve(Self.claim("a", owner: Journals.gone), now: 1_001) == .busy(Journals.running))
        #expect(try journal.reserve(Self.claim("b", inDoubt: .skip), now: 1_002) == .inDoubt(after: Journals.gone))
        #expect(try journal.reserve(Self.claim("b", inDoubt: .resend), now: 1_003) == .inDoubt(after: nil))
    }

    /// However its owner looks, a pending row older than any run's deadline has no running owner.
    @Test func aPendingRowOutlivesNoDeadline() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        let unknowable = RunOwner(processID: 1, startTicks: 0, bootID: RunOwner.currentBootID)
        #expect(try journal.reserve(Self.claim(owner: unknowable), now: 1_000) == .reserved)
        #expect(try journal.reserve(Self.claim(), now: 1_000 + SQLiteJournal.pendingLeaseSeconds) == .busy(unknowable))
        #expect(try journal.reserve(Self.claim(), now: 1_001 + SQLiteJournal.pendingLeaseSeconds) == .reservedInDoubt(after: unknowable))
    }

    @Test func settledInDoubtIsNeverSentAgain() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.reserve(Self.claim(), now: 1_000) == .reserved)
        try journal.settleInDoubt(Self.claim(), now: 1_001)
        #expect(try journal.reserve(Self.claim(), now: 1_002) == .inDoubt(after: nil))
    }

    /// Pending rows count: concurrent runs cannot all pass a limit while their requests are in flight.
    @Test func ratesCountPendingAndSentRows() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        let limits = RateLimits(perNumber: 2, total: 3, windowSeconds: 3600)
        #expect(try journal.reserve(Self.claim("a", limits: limits), now: 1_000) == .reserved)
        try journal.markSent(Self.claim("a", limits: limits), now: 1_000)
        #expect(try journal.reserve(Self.claim("b", limits: limits), now: 1_001) == .reserved)
        #expect(try journal.reserve(Self.claim("c", limits: limits), now: 1_002) == .overRatePerNumber(count: 2))
        #expect(try journal.reserve(Self.claim("d", number: "+4850123456780", limits: limits), now: 1_003) == .reserved)
        #expect(try journal.reserve(Self.claim("e", number: "+4850123456781", limits: limits), now: 1_004) == .overRateTotal(count: 3))
        // A released row no longer counts; and an hour later none does.
        try journal.release(Self.claim("b"))
        #expect(try journal.reserve(Self.claim("c", limits: limits), now: 1_005) == .reserved)
        #expect(try journal.reserve(Self.claim("f", limits: limits), now: 1_000 + 3601) == .reserved)
    }

    @Test func rowsExpireAfterTheRetention() throws {
        let directory = try TemporaryDirectory()
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.reserve(Self.claim("old"), now: 0) == .reserved)
        try journal.markSent(Self.claim("old"), now: 0)
        #expect(try journal.reserve(Self.claim("old"), now: SQLiteJournal.retentionSeconds) == .alreadySent)
        try journal.markSent(Self.claim("new"), now: SQLiteJournal.retentionSeconds + 1)
        #expect(try journal.reserve(Self.claim("old"), now: SQLiteJournal.retentionSeconds + 1) == .reserved)
    }

    /// The key is the mail, the number however written, and the text: not the rules file, not the line.
    @Test func keysTellMailsNumbersAndTextsApartButNotHowANumberIsWritten() {
        let base = JournalKey.of(message: "<a@b>", number: "+48 501 234 567", text: "code 1")
        #expect(JournalKey.of(message: "<a@b>", number: "0048-501-234-567", text: "code 1") == base)
        #expect(JournalKey.of(message: "<a@b>", number: "+48(501)234.567", text: "code 1") == base)
        let others = [JournalKey.of(message: "<c@d>", number: "+48501234567", text: "code 1"),
                      JournalKey.of(message: "<a@b>", number: "+48501234568", text: "code 1"),
                      JournalKey.of(message: "<a@b>", number: "48501234567", text: "code 1"),
                      JournalKey.of(message: "<a@b>", number: "+48501234567", text: "code 2")]
        #expect(Set(others + [base]).count == 5)
        #expect(!base.contains("501") && base.count == 64)
    }

    @Test func aMissingDirectoryIsAFailure() {
        #expect(throws: JournalFailure.stateDirectoryMissing("/nonexistent/state")) {
            _ = try SQLiteJournal(directory: "/nonexistent/state")
        }
        #expect(JournalFailure.stateDirectoryMissing("/var/lib/mail2sms").description
                == "state directory /var/lib/mail2sms does not exist")
        #expect(JournalFailure.notWritable("/var/lib/mail2sms", isDirectory: true, user: UserAccount(id: 999, name: "mail2sms")).description
                == "state directory /var/lib/mail2sms is not writable by uid 999 (mail2sms)")
        #expect(JournalFailure.notWritable("/s/journal.sqlite-wal", isDirectory: false, user: UserAccount(id: 4242, name: nil)).description
                == "journal file /s/journal.sqlite-wal is not writable by uid 4242")
    }

    /// Version 1's tables (keyed by rules file and line) are replaced.
    @Test func anOldJournalIsMigrated() throws {
        let directory = try TemporaryDirectory()
        // Made through the bare database, not the sqlite3 command: a unit test needs no program.
        try SQLiteDatabase(path: directory.path(SQLiteJournal.fileName)).execute(
            "CREATE TABLE sent (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID; CREATE TABLE rate (number TEXT NOT NULL, at INTEGER NOT NULL);")
        let journal = try SQLiteJournal(directory: directory.url.path)
        #expect(try journal.reserve(Self.claim(), now: 1) == .reserved)
    }

    @Test func ownersAreTextAndTellWhetherTheyRun() throws {
        let me = Journals.running
        #expect(me.processID == getpid() && me.startTicks > 0 && me.bootID.count == 36)
        #expect(RunOwner(me.description) == me)
        #expect(me.isRunning)
        #expect(!Journals.gone.isRunning)
        #expect(!RunOwner(processID: me.processID, startTicks: me.startTicks + 1, bootID: me.bootID).isRunning)
        #expect(!RunOwner(processID: me.processID, startTicks: me.startTicks, bootID: "another boot").isRunning)
        #expect(RunOwner("12") == nil && RunOwner("x:1:b") == nil)
    }
}
