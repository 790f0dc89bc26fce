import Foundation
import Testing
@testable import Mail2SMSCore

/// The journal: what was sent is known to the next run of the same mail, and only that.
@Suite struct JournalTests {
    static let location = SourceLocation(file: "r.conf", line: 7, column: 9)

    static func sms(_ number: String = "4850123456789", _ text: String = "code 1") -> RecordedSMS {
        RecordedSMS(number: number, text: text, route: GatewayRoute(names: ["k"]), location: location)
    }

    @Test func remembersWhatWasRecordedAcrossOpenings() throws {
        let directory = try TemporaryDirectory()
        let key = Journal.key(message: "<a@b>", sms: Self.sms())
        do {
            let journal = try Journal(directory: directory.url.path)
            #expect(try !journal.contains(key, now: 1_000))
            try journal.recordSent(key, number: "+4850123456789", now: 1_000)
            try journal.recordSent(key, number: "+4850123456789", now: 1_001)  // a second record is harmless
        }
        let reopened = try Journal(directory: directory.url.path)
        #expect(try reopened.contains(key, now: 2_000))
        #expect(try reopened.sentCount(to: "+4850123456789", since: 0) == 2)
    }

    @Test func rowsExpireAfterTheRetention() throws {
        let directory = try TemporaryDirectory()
        let key = Journal.key(message: "<a@b>", sms: Self.sms())
        try Journal(directory: directory.url.path).recordSent(key, number: nil, now: 0)
        #expect(try Journal(directory: directory.url.path).contains(key, now: Journal.retentionSeconds))
        #expect(try !Journal(directory: directory.url.path).contains(key, now: Journal.retentionSeconds + 1))
    }

    /// Each record drops the rows past their time, in the same transaction.
    @Test func recordingDropsExpiredRows() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal(directory: directory.url.path)
        try journal.recordSent("old", number: "+48501", now: 0)
        try journal.recordSent("new", number: "+48502", now: Journal.retentionSeconds + 1)
        #expect(try journal.sentCount(to: nil, since: 0) == 1)
        #expect(try !journal.contains("old", now: 0))
        #expect(try journal.contains("new", now: Journal.retentionSeconds + 1))
    }

    @Test func keysTellMailsRulesNumbersAndTextsApart() {
        let base = Journal.key(message: "<a@b>", sms: Self.sms())
        var elsewhere = Self.sms()
        elsewhere.location = SourceLocation(file: "r.conf", line: 8, column: 9)
        let keys = [base, Journal.key(message: "<c@d>", sms: Self.sms()), Journal.key(message: "<a@b>", sms: elsewhere),
                    Journal.key(message: "<a@b>", sms: Self.sms("4850123456780")),
                    Journal.key(message: "<a@b>", sms: Self.sms("4850123456789", "code 2"))]
        #expect(Set(keys).count == keys.count)
        #expect(!base.contains("4850123456789") && base.count == 64)
    }

    @Test func aMissingDirectoryIsAFailure() {
        #expect(throws: SQLiteDatabase.Failure.self) { _ = try Journal(directory: "/nonexistent/state") }
    }

    /// The retry after a partial failure sends only what is missing.
    @Test func retrySendsOnlyWhatIsMissing() throws {
        let directory = try TemporaryDirectory()
        let source = """
            gateway a { url 'http://a/?to=%number%&text=%data%' }
            gateway b { url 'http://b/?to=%number%&text=%data%' }
            """
        let (compiled, _) = Program.compile(Array(source.utf8), file: "r.conf")
        let gateways = try #require(compiled).gateways
        var first = Self.sms()
        first.route = GatewayRoute(names: ["a"])
        var second = Self.sms("4850123456780", "code 2")
        second.route = GatewayRoute(names: ["b"])
        firstRun: do {
            let transport = RecordingTransport(statuses: ["http://a": 202, "http://b": 503])
            let sender = SendSMS(gateways: gateways, transport: transport, clock: .system,
                                 openJournal: { () throws(SQLiteDatabase.Failure) -> Journal in
                                     try Journal(directory: directory.url.path)
                                 }, messageKey: "<m@h>")
            let deliveries = sender.send([first, second]) { _ in }
            #expect(deliveries.map(\.outcome.name) == ["sent", "temporary"])
            break firstRun
        }
        let transport = RecordingTransport(statuses: ["http://a": 202, "http://b": 202])
        let sender = SendSMS(gateways: gateways, transport: transport, clock: .system,
                             openJournal: { () throws(SQLiteDatabase.Failure) -> Journal in
                                 try Journal(directory: directory.url.path)
                             }, messageKey: "<m@h>")
        var records: [String] = []
        let deliveries = sender.send([first, second]) { records.append($0.logRecord(messageID: "<m@h>").line(timestamp: "T", processID: 1)) }
        #expect(deliveries.map(\.outcome.name) == ["already-sent", "sent"])
        #expect(transport.requests.map(\.url) == ["http://b/?to=%2B4850123456780&text=code%202"])
        #expect(records[0].contains("outcome=already-sent"))
    }

    @Test func anUnusableJournalSendsNothing() throws {
        let (compiled, _) = Program.compile(Array("gateway a { url 'http://a/?to=%number%' }".utf8), file: "r.conf")
        var sms = Self.sms()
        sms.route = GatewayRoute(names: ["a"])
        let transport = RecordingTransport(status: 202)
        let sender = SendSMS(gateways: try #require(compiled).gateways, transport: transport, clock: .system,
                             openJournal: { () throws(SQLiteDatabase.Failure) -> Journal in
                                 try Journal(directory: "/nonexistent/state")
                             }, messageKey: "<m@h>")
        let deliveries = sender.send([sms, sms]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["temporary", "skipped"])
        #expect(deliveries[0].outcome.reason?.hasPrefix("journal: /nonexistent/state/journal.sqlite") == true)
        #expect(transport.requests.isEmpty)
    }
}
