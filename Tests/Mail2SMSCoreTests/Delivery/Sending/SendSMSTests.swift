import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Sending after the rules: checks each SMS, stops trying after a temporary failure, logs no text.
@Suite struct SendSMSTests {
    static let location = SourceLocation(file: "r.conf", line: 7, column: 1)

    static func sender(_ transport: RecordingTransport, start: Int = 0) throws -> SendSMS {
        let source = """
            gateway k { url 'http://h/send?password=pw&to=%number%&text=%data%' }
            gateway b { url 'http://b/send?to=%number%' }
            gateway c { url 'http://c/send?to=%number%' }
            """
        let (program, _) = Program.compile(Array(source.utf8), file: "r.conf")
        return SendSMS(gateways: try #require(program).gateways, transport: transport,
                       clock: Clock(now: { 0 }, milliseconds: { 5 }), balanceStart: { _ in start })
    }

    static func sms(_ number: String, _ text: String, via route: GatewayRoute = GatewayRoute(names: ["k"])) -> RecordedSMS {
        RecordedSMS(number: number, text: text, route: route, location: location)
    }

    @Test func sendsEachInOrder() throws {
        let transport = RecordingTransport(status: 202)
        var recorded: [String] = []
        let attempts = try Self.sender(transport).send([Self.sms("+48 1234 567", "a"), Self.sms("5678", "b")]) {
            recorded.append($0.outcome.name)
        }
        #expect(attempts.map(\.outcome) == [.sent, .sent])
        #expect(attempts.map { $0.attempts.map(\.httpStatus) } == [[202], [202]])
        #expect(recorded == ["sent", "sent"])
        #expect(transport.requests.map(\.url) == ["http://h/send?password=pw&to=%2B481234567&text=a",
                                                  "http://h/send?password=pw&to=5678&text=b"])
    }

    @Test func afterATemporaryFailureTheRestAreSkipped() throws {
        let transport = RecordingTransport(status: 503)
        let attempts = try Self.sender(transport).send([Self.sms("1234", "a"), Self.sms("5678", "b"), Self.sms("bad", "c")]) { _ in }
        #expect(attempts.map(\.outcome.name) == ["temporary", "skipped", "skipped"])
        #expect(transport.requests.count == 1)
    }

    static let refusals: [(number: String, text: String, reason: DeliveryReason)] = [
        ("12&to=9", "hi", .invalidNumber),
        ("", "hi", .invalidNumber),
        ("1234", "", .emptyText),
    ]

    @Test(arguments: refusals)
    func unusableSMSFailPermanentlyWithoutARequest(number: String, text: String, reason: DeliveryReason) throws {
        let transport = RecordingTransport(status: 202)
        let attempts = try Self.sender(transport).send([Self.sms(number, text)]) { _ in }
        #expect(attempts.map(\.outcome) == [.permanent(reason)])
        #expect(transport.requests.isEmpty)
    }

    @Test func logRecordNamesTheNumberNeverTheTextOrURL() throws {
        let transport = RecordingTransport(status: 400)
        let attempts = try Self.sender(transport).send([Self.sms("+48 1234 567", "secret text")]) { _ in }
        let line = attempts[0].attempts[0].logRecord(messageID: "<id@h>").line(timestamp: "T", processID: 9)
        #expect(line == #"T mail2sms[9]: sms to=+481234567 gateway=k status=400 outcome=permanent parts=1 coding=gsm7 ms=0 msgid=<id@h> rule=r.conf:7 error="HTTP 400: the gateway refused the SMS""#)
        #expect(!line.contains("secret") && !line.contains("pw"))
        let invalid = try Self.sender(transport).send([Self.sms("x", "t")]) { _ in }[0].attempts[0]
        #expect(invalid.logRecord(messageID: "").line(timestamp: "T", processID: 9)
                == #"T mail2sms[9]: sms to=invalid gateway=k status=- outcome=permanent ms=0 msgid=- rule=r.conf:7 error="the number is not a phone number""#)
    }

    @Test func failureLineNamesTheDecisiveSMS() throws {
        let transport = RecordingTransport(status: 400)
        let attempts = try Self.sender(transport).send([Self.sms("1234", "a"), Self.sms("x", "b")]) { _ in }
        #expect(FailureRenderer.render(failed: attempts)
                == "mail2sms: sms at r.conf:7:1 via gateway k (http://h/send): HTTP 400: the gateway refused the SMS; not sent (1 more failed; see the log)\n")
        let sent = try Self.sender(RecordingTransport(status: 200)).send([Self.sms("1234", "a")]) { _ in }
        #expect(FailureRenderer.render(failed: sent) == nil)
    }

    @Test func failoverTriesTheNextGatewayOnlyAfterATemporaryFailure() throws {
        let transport = RecordingTransport(statuses: ["http://h": 503, "http://b": 202])
        let deliveries = try Self.sender(transport).send([Self.sms("1234", "a", via: GatewayRoute(names: ["k", "b", "c"]))]) { _ in }
        #expect(deliveries[0].attempts.map(\.prepared.gateway.name) == ["k", "b"])
        #expect(deliveries[0].outcome == .sent)
        let refused = RecordingTransport(statuses: ["http://h": 400, "http://b": 202])
        let permanent = try Self.sender(refused).send([Self.sms("1234", "a", via: GatewayRoute(names: ["k", "b"]))]) { _ in }
        #expect(permanent[0].attempts.count == 1)
        #expect(permanent[0].outcome.name == "permanent")
    }

    @Test(arguments: [(0, ["k", "b", "c"]), (1, ["b", "c", "k"]), (2, ["c", "k", "b"])])
    func balanceStartsAtTheDrawnMemberThenGoesRound(start: Int, order: [String]) throws {
        let transport = RecordingTransport(status: 503)
        let route = GatewayRoute(names: ["k", "b", "c"], balanced: true)
        let deliveries = try Self.sender(transport, start: start).send([Self.sms("1234", "a", via: route)]) { _ in }
        #expect(deliveries[0].attempts.map(\.prepared.gateway.name) == order)
        #expect(deliveries[0].outcome.name == "temporary")
    }
}
