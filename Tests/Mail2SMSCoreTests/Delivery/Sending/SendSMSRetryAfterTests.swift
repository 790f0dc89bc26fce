import Glibc
import Testing
@testable import Platform
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery

/// A gateway's `Retry-After` on the journal's send protocol and a clock of its own: one reservation, the
/// wait, the second request, one record of the outcome; the first answer logged as an attempt of its own.
@Suite struct SendSMSRetryAfterTests {
    /// A sender on a clock whose sleeps pass at once, with a deadline 60 s after 0.
    static func sender(_ transport: HTTPTransport, journal: Journal, slept: UnsafeMutablePointer<Int>) throws -> SendSMS {
        var sender = SendSMS(
            gateways: try SendSMSJournalTests.gateways(), transport: transport,
            clock: Clock(now: { 1_000 + slept.pointee / 1000 }, milliseconds: { slept.pointee }, sleep: { slept.pointee += $0 }),
            openJournal: { () throws(JournalFailure) -> Journal in journal }, messageKey: "<m@h>", deadline: 60_000)
        sender.owner = Journals.running
        return sender
    }

    @Test func theRowStaysReservedAcrossTheWait() throws {
        let journal = CallsJournal()
        let transport = AnswersTransport([HTTPResponse(status: 429, body: [], retryAfter: .delay(seconds: 5)),
                                          HTTPResponse(status: 202, body: [])])
        let slept = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { slept.deallocate() }
        slept.pointee = 0
        var records: [String] = []
        let deliveries = try Self.sender(transport, journal: journal, slept: slept).send([SendSMSJournalTests.sms()]) {
            records.append($0.logRecord(messageID: "<m@h>").line(timestamp: "T", processID: 1))
        }
        #expect(deliveries.map(\.outcome.name) == ["sent"])
        #expect(transport.count == 2)
        #expect(slept.pointee == 5_000)
        #expect(journal.calls == ["reserve", "markSent"])
        try #require(records.count == 2)
        #expect(records[0].contains("status=429 outcome=temporary") && records[0].contains("retry-after=5"))
        #expect(records[1].contains("status=202 outcome=sent"))
    }

    /// An HTTP-date is a wait from the run's clock; past the deadline, nothing is waited for and the row is
    /// released for Postfix's retry.
    @Test func aDatePastTheDeadlineReleasesAtOnce() throws {
        let journal = CallsJournal()
        let transport = AnswersTransport([HTTPResponse(status: 503, body: [], retryAfter: .date(secondsSinceEpoch: 1_090))])
        let slept = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { slept.deallocate() }
        slept.pointee = 0
        let deliveries = try Self.sender(transport, journal: journal, slept: slept).send([SendSMSJournalTests.sms(via: ["a", "b"])]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["temporary"])
        #expect(deliveries[0].outcome.reason == "HTTP 503; Retry-After 90 s is past the run's deadline")
        #expect(transport.count == 1)
        #expect(slept.pointee == 0)
        #expect(journal.calls == ["reserve", "release"])
    }

    /// A signal during the wait ends it: no second request, the row released.
    @Test func aSignalEndsTheWait() throws {
        let journal = CallsJournal()
        let transport = AnswersTransport([HTTPResponse(status: 429, body: [], retryAfter: .delay(seconds: 5))])
        let slept = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { slept.deallocate() }
        slept.pointee = 0
        var sender = try Self.sender(transport, journal: journal, slept: slept)
        sender.stopRequested = { slept.pointee >= 300 ? SIGTERM : nil }
        let deliveries = sender.send([SendSMSJournalTests.sms()]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["temporary"])
        #expect(deliveries[0].outcome.reason == "signal 15 asked mail2sms to stop; not started")
        #expect(transport.count == 1)
        #expect(slept.pointee == 300)
        #expect(journal.calls == ["reserve", "release"])
    }
}

/// Answers each request with the next of its answers (the last repeated), counting them.
final class AnswersTransport: HTTPTransport {
    private let answers: [HTTPResponse]
    private(set) var count = 0

    init(_ answers: [HTTPResponse]) { self.answers = answers }

    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        count += 1
        return .success(answers[min(count, answers.count) - 1])
    }
}

/// A journal that reserves every claim and records which of its functions were called, in order.
final class CallsJournal: Journal {
    private(set) var calls: [String] = []

    func reserve(_ claim: JournalClaim, now: Int64) throws(JournalFailure) -> JournalReservation {
        calls.append("reserve")
        return .reserved
    }
    func markSent(_ claim: JournalClaim, now: Int64) throws(JournalFailure) { calls.append("markSent") }
    func release(_ claim: JournalClaim) throws(JournalFailure) { calls.append("release") }
    func settleInDoubt(_ claim: JournalClaim, now: Int64) throws(JournalFailure) { calls.append("settleInDoubt") }
    func recordRefusals(_ refusals: [JournalRefusal], now: Int64) throws(JournalFailure) { calls.append("recordRefusals") }
}
