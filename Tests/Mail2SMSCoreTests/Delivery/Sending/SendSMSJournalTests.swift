import Glibc
import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Sending with the journal and the guard: what is sent once, what waits, what is in doubt, and which number
/// the guard judges.
@Suite struct SendSMSJournalTests {
    static let location = SourceLocation(file: "r.conf", line: 7, column: 1)

    static func gateways(_ source: String = """
        gateway a { url 'http://a/?to=%number%&text=%data%' }
        gateway b { url 'http://b/?to=%number%&text=%data%' }
        """) throws -> [String: Gateway] {
        let (compiled, diagnostics) = Program.compile(Array(source.utf8), file: "r.conf")
        return try #require(compiled, "\(diagnostics.map(\.message))").gateways
    }

    static func abuseGuard(_ settings: String) throws -> AbuseGuard {
        let (compiled, diagnostics) = Program.compile(Array("guard {\n\(settings)\n}\n".utf8), file: "g.conf")
        return try #require(compiled?.abuseGuard, "\(diagnostics.map(\.message))")
    }

    static func sms(_ number: String = "+4850123456789", _ text: String = "code 1", via names: [String] = ["a"],
                    balanced: Bool = false) -> RecordedSMS {
        RecordedSMS(number: number, text: text, route: GatewayRoute(names: names, balanced: balanced), location: location)
    }

    static func sender(_ transport: RecordingTransport, journal: (() throws(JournalFailure) -> Journal)?,
                       gateways: [String: Gateway]? = nil, start: Int = 0) throws -> SendSMS {
        var sender = SendSMS(gateways: try gateways ?? Self.gateways(), transport: transport, clock: .system,
                             balanceStart: { _ in start }, openJournal: journal, messageKey: "<m@h>")
        sender.owner = Journals.running
        return sender
    }

    /// The retry after a partial failure sends only what is missing.
    @Test func aRetrySendsOnlyWhatIsMissing() throws {
        let directory = try TemporaryDirectory()
        let first = Self.sms(), second = Self.sms("4850123456780", "code 2", via: ["b"])
        let failing = RecordingTransport(statuses: ["http://a": 202, "http://b": 503])
        let deliveries = try Self.sender(failing, journal: Journals.sqlite(directory)).send([first, second]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["sent", "temporary"])
        let transport = RecordingTransport(statuses: ["http://a": 202, "http://b": 202])
        var records: [String] = []
        let retry = try Self.sender(transport, journal: Journals.sqlite(directory)).send([first, second]) {
            records.append($0.logRecord(messageID: "<m@h>").line(timestamp: "T", processID: 1))
        }
        #expect(retry.map(\.outcome.name) == ["already-sent", "sent"])
        #expect(transport.requests.map(\.url) == ["http://b/?to=%2B4850123456780&text=code%202"])
        #expect(records[0].contains("outcome=already-sent"))
    }

    /// Editing the rules moves the `sms`; the SMS is the same, and is not sent again.
    @Test func movingTheSMSInTheRulesSendsNothingAgain() throws {
        let directory = try TemporaryDirectory()
        _ = try Self.sender(RecordingTransport(status: 202), journal: Journals.sqlite(directory)).send([Self.sms()]) { _ in }
        var moved = Self.sms("+48 501 234 567 89")
        moved.location = SourceLocation(file: "/etc/mail2sms/../mail2sms/mailfilter.conf", line: 8, column: 5)
        let transport = RecordingTransport(status: 202)
        let deliveries = try Self.sender(transport, journal: Journals.sqlite(directory)).send([moved]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["already-sent"])
        #expect(transport.requests.isEmpty)
    }

    @Test func anUnusableJournalSendsNothing() throws {
        let transport = RecordingTransport(status: 202)
        let journal = { () throws(JournalFailure) -> Journal in try SQLiteJournal(directory: "/nonexistent/state") }
        let deliveries = try Self.sender(transport, journal: journal).send([Self.sms(), Self.sms("+4850123456780")]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["temporary", "skipped"])
        #expect(deliveries[0].outcome.reason?.hasPrefix("journal: state directory /nonexistent/state does not exist") == true)
        #expect(transport.requests.isEmpty)
    }

    /// A timeout after the connection was up: the gateway may have the SMS. The policy decides what the retry
    /// does.
    @Test(arguments: [InDoubtPolicy.resend, .skip])
    func noAnswerToARequestThatMayHaveArrivedIsInDoubt(policy: InDoubtPolicy) throws {
        let directory = try TemporaryDirectory()
        let timeout = RecordingTransport(.failure(HTTPFailure(code: 28, message: "Operation timed out after 30000 milliseconds with 0 bytes received",
                                                              mayHaveArrived: true)))
        var sender = try Self.sender(timeout, journal: Journals.sqlite(directory))
        sender.abuseGuard = try Self.abuseGuard("in-doubt \(policy.rawValue)")
        let first = sender.send([Self.sms()]) { _ in }
        #expect(first[0].outcome == .inDoubt(.noAnswer("Operation timed out after 30000 milliseconds with 0 bytes received"),
                                             resend: policy == .resend))
        #expect(first[0].outcome.reason == "Operation timed out after 30000 milliseconds with 0 bytes received; the gateway may have it; \(policy == .resend ? "it will be sent again ('in-doubt resend')" : "it will not be sent again ('in-doubt skip')")")
        #expect(ExitStatus(ruleExit: nil, outcomes: first.map(\.outcome)) == (policy == .resend ? .temporaryFailure : .ok))
        let transport = RecordingTransport(status: 202)
        var retry = try Self.sender(transport, journal: Journals.sqlite(directory))
        retry.abuseGuard = sender.abuseGuard
        let second = retry.send([Self.sms()]) { _ in }
        #expect(second.map(\.outcome.name) == [policy == .resend ? "sent" : "in-doubt"])
        #expect(transport.requests.count == (policy == .resend ? 1 : 0))
    }

    /// No connection at all: nothing can have arrived, so nothing is in doubt.
    @Test func noConnectionIsPlainlyTemporary() throws {
        let directory = try TemporaryDirectory()
        let refused = RecordingTransport(.failure(HTTPFailure(code: 7, message: "Couldn't connect to server")))
        var sender = try Self.sender(refused, journal: Journals.sqlite(directory))
        sender.abuseGuard = try Self.abuseGuard("in-doubt skip")
        #expect(sender.send([Self.sms()]) { _ in }.map(\.outcome.name) == ["temporary"])
        let transport = RecordingTransport(status: 202)
        #expect(try Self.sender(transport, journal: Journals.sqlite(directory)).send([Self.sms()]) { _ in }.map(\.outcome.name) == ["sent"])
    }

    /// The row of a run killed during its request: a later run finds it in doubt and logs it so.
    @Test(arguments: [InDoubtPolicy.resend, .skip])
    func theSMSOfADeadRunIsInDoubt(policy: InDoubtPolicy) throws {
        let directory = try TemporaryDirectory()
        let key = JournalKey.of(message: "<m@h>", number: "+4850123456789", text: "code 1")
        #expect(try SQLiteJournal(directory: directory.url.path)
            .reserve(JournalClaim(key: key, number: "+4850123456789", owner: Journals.gone), now: Int64(Clock.system.now())) == .reserved)
        let transport = RecordingTransport(status: 202)
        var sender = try Self.sender(transport, journal: Journals.sqlite(directory))
        sender.abuseGuard = try Self.abuseGuard("in-doubt \(policy.rawValue)")
        var records: [String] = []
        let deliveries = sender.send([Self.sms()]) { records.append($0.outcome.name) }
        #expect(records == (policy == .resend ? ["in-doubt", "sent"] : ["in-doubt"]))
        #expect(deliveries[0].outcome.name == (policy == .resend ? "sent" : "in-doubt"))
        #expect(transport.requests.count == (policy == .resend ? 1 : 0))
    }

    /// Another delivery of the same mail is sending the SMS: this run waits for its outcome.
    @Test func aBusySMSIsAwaited() throws {
        let journal = ScriptedJournal([.busy(Journals.gone), .busy(Journals.gone), .alreadySent])
        let transport = RecordingTransport(status: 202)
        var slept = 0
        var sender = SendSMS(gateways: try Self.gateways(), transport: transport,
                             clock: Clock(now: { 0 }, milliseconds: { slept }, sleep: { slept += $0 }),
                             openJournal: { () throws(JournalFailure) -> Journal in journal }, messageKey: "<m@h>",
                             deadline: 60_000)
        sender.owner = Journals.running
        #expect(sender.send([Self.sms()]) { _ in }.map(\.outcome.name) == ["already-sent"])
        #expect(slept == 2 * SendSMS.busyPollMilliseconds)
        #expect(transport.requests.isEmpty)
    }

    /// … but not past the deadline: then the mail is retried.
    @Test func aBusySMSIsNotAwaitedPastTheDeadline() throws {
        let journal = ScriptedJournal(Array(repeating: .busy(Journals.gone), count: 1_000))
        var slept = 0
        var sender = SendSMS(gateways: try Self.gateways(), transport: RecordingTransport(status: 202),
                             clock: Clock(now: { 0 }, milliseconds: { slept }, sleep: { slept += $0 }),
                             openJournal: { () throws(JournalFailure) -> Journal in journal }, messageKey: "<m@h>",
                             deadline: 2_000)
        sender.owner = Journals.running
        let deliveries = sender.send([Self.sms()]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["temporary"])
        #expect(deliveries[0].outcome.reason?.hasPrefix("another delivery of this mail (process ") == true)
        #expect(slept <= 1_000)
    }

    /// The guard judges the number each gateway would receive: a national number is +48 for one, +49 for the
    /// other. Neither order nor balance sends it to a denied prefix.
    @Test(arguments: [(["pl", "de"], false, 0), (["de", "pl"], false, 0), (["pl", "de"], true, 0), (["pl", "de"], true, 1)])
    func theGuardJudgesTheNumberEachGatewayReceives(route: [String], balanced: Bool, start: Int) throws {
        let gateways = try Self.gateways("""
            gateway pl {
                url 'http://pl/?to=%number%'
                country-code 48
            }
            gateway de {
                url 'http://de/?to=%number%'
                country-code 49
            }
            """)
        let transport = RecordingTransport(statuses: ["http://pl": 202, "http://de": 503])
        var sender = try Self.sender(transport, journal: nil, gateways: gateways, start: start)
        sender.abuseGuard = try Self.abuseGuard("deny-prefix +48700")
        let deliveries = sender.send([Self.sms("0700123456", via: route, balanced: balanced)]) { _ in }
        #expect(!transport.requests.contains { $0.url.contains("48700") })
        for attempt in deliveries[0].attempts where attempt.prepared.gateway.name == "pl" {
            #expect(attempt.outcome == .refused(.guardRefusal(.deniedPrefix("48700"))))
            #expect(attempt.outcome.reason == "the number starts with denied prefix +48700")
        }
    }

    /// A gateway without `country-code` cannot read a national number: refused there, never waved through.
    @Test func aNumberNoGatewayCanReadIsRefused() throws {
        let transport = RecordingTransport(status: 202)
        var sender = try Self.sender(transport, journal: nil)
        sender.abuseGuard = try Self.abuseGuard("deny-prefix +48700")
        let deliveries = sender.send([Self.sms("0700123456")]) { _ in }
        #expect(deliveries[0].outcome == .permanent(.invalidNumber))
        #expect(transport.requests.isEmpty)
    }

    @Test func aMailMaySendAtMostMaxPerMessage() throws {
        let transport = RecordingTransport(status: 202)
        var sender = try Self.sender(transport, journal: nil)
        sender.abuseGuard = try Self.abuseGuard("max-per-message 2")
        let messages = (0..<5).map { Self.sms("+485012345670\($0)", "code \($0)") }
        let deliveries = sender.send(messages) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["sent", "sent", "refused", "refused", "refused"])
        #expect(deliveries[2].outcome.reason == "more than 2 SMS in one mail ('max-per-message')")
        #expect(transport.requests.count == 2)
    }

    /// After a signal, nothing more is started.
    @Test func nothingStartsAfterASignal() throws {
        let transport = RecordingTransport(status: 202)
        var sender = try Self.sender(transport, journal: nil)
        sender.stopRequested = { SIGTERM }
        let deliveries = sender.send([Self.sms(), Self.sms("+4850123456780")]) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["temporary", "skipped"])
        #expect(deliveries[0].outcome.reason == "signal 15 asked mail2sms to stop; not started")
        #expect(transport.requests.isEmpty)
    }
}

/// A journal that answers `reserve` from a script, and records nothing.
final class ScriptedJournal: Journal {
    private var answers: [JournalReservation]

    init(_ answers: [JournalReservation]) { self.answers = answers }

    func reserve(_ claim: JournalClaim, now: Int64) throws(JournalFailure) -> JournalReservation {
        answers.isEmpty ? .reserved : answers.removeFirst()
    }
    func markSent(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {}
    func release(_ claim: JournalClaim) throws(JournalFailure) {}
    func settleInDoubt(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {}
    func recordRefusals(_ refusals: [JournalRefusal], now: Int64) throws(JournalFailure) {}
}

extension SendSMSJournalTests {
    /// The journal's lock held past its timeout (many deliveries on a busy disk): waited for, not deferred.
    @Test func aBusyJournalIsWaitedFor() throws {
        let journal = BusyJournal(busyTimes: 3)
        let transport = RecordingTransport(status: 202)
        var slept = 0
        var sender = SendSMS(
            gateways: try Self.gateways(), transport: transport,
            clock: Clock(now: { 0 }, milliseconds: { slept }, sleep: { slept += $0 }),
            openJournal: { () throws(JournalFailure) -> Journal in journal }, messageKey: "<m@h>", deadline: 60_000)
        sender.owner = Journals.running
        #expect(sender.send([Self.sms()]) { _ in }.map(\.outcome.name) == ["sent"])
        #expect(slept == 3 * SendSMS.busyPollMilliseconds)
        #expect(transport.requests.count == 1)
    }
}

/// A journal whose lock is busy the first `busyTimes` reservations, then free.
final class BusyJournal: Journal {
    private var busyTimes: Int

    init(busyTimes: Int) { self.busyTimes = busyTimes }

    func reserve(_ claim: JournalClaim, now: Int64) throws(JournalFailure) -> JournalReservation {
        guard busyTimes == 0 else {
            busyTimes -= 1
            throw .database("journal.sqlite", SQLiteDatabase.Failure(code: 5, message: "database is locked"))
        }
        return .reserved
    }
    func markSent(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {}
    func release(_ claim: JournalClaim) throws(JournalFailure) {}
    func settleInDoubt(_ claim: JournalClaim, now: Int64) throws(JournalFailure) {}
    func recordRefusals(_ refusals: [JournalRefusal], now: Int64) throws(JournalFailure) {}
}
