import Foundation
import TestSupport
import Testing

/// A gateway that answers 429 or 503 with `Retry-After`: waited for and tried once more, on the same gateway,
/// when the wait leaves time for a request before the run's deadline (3 s here unless said); otherwise 75 at
/// once, without the route's next gateway, and the log says `retry-after=N`.
@Suite struct WaitingGatewayTests {

    static func rules(_ ports: [Int], folder: TemporaryFolder) throws -> String {
        let names = ["primary", "backup"].prefix(ports.count)
        let gateways = zip(names, ports).map { name, port in
            "gateway \(name) {\n    url \"http://127.0.0.1:\(port)/cgi-bin/sendsms?to=%number%&text=%data%\"\n}\n"
        }
        return try folder.write("waiting.conf", """
            logfile "\(folder.path("mail2sms.log"))"
            \(gateways.joined())if (/^Password:\\s*(\\S+)/:b)
                sms to "+48 501 234 567" text "Password: $MATCH1" via \(names.joined(separator: ", "))
            """)
    }

    /// Runs the ISE mail through `rules` with a deadline of `deadline` seconds; the result and the seconds it
    /// took.
    static func run(_ rules: String, deadline: Int = 3) throws -> (Mail2SMSProcess.Result, Double) {
        let start = ContinuousClock.now
        let result = try Mail2SMSProcess.run(["--deadline", String(deadline), rules],
                                             stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func asking(_ status: Int, retryAfter: String) -> FakeGateway.Answer {
        FakeGateway.Answer(status: status, body: "busy", headers: ["Retry-After": retryAfter])
    }

    @Test(arguments: [429, 503])
    func aShortRetryAfterIsWaitedForOnTheSameGateway(status: Int) throws {
        let gateway = try FakeGateway(answers: [Self.asking(status, retryAfter: "1"), .init(status: 202)])
        let folder = try TemporaryFolder()
        let (result, seconds) = try Self.run(try Self.rules([gateway.port], folder: folder))
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().count == 2)
        #expect(seconds >= 1)
        let records = try FailoverTests.records(folder)
        try #require(records.count == 2, "\(records)")
        #expect(records[0].contains("status=\(status)") && records[0].contains("outcome=temporary"))
        #expect(records[0].contains("retry-after=1"))
        #expect(records[1].contains("status=202") && records[1].contains("outcome=sent"))
        #expect(!records[1].contains("retry-after="))
    }

    @Test(arguments: [429, 503])
    func aRetryAfterPastTheDeadlineFailsTemporarilyAtOnce(status: Int) throws {
        let gateway = try FakeGateway(answers: [Self.asking(status, retryAfter: "10"), .init(status: 202)])
        let folder = try TemporaryFolder()
        let (result, seconds) = try Self.run(try Self.rules([gateway.port], folder: folder))
        #expect(result.status == 75)
        #expect(result.stderr.contains("HTTP \(status); Retry-After 10 s is past the run's deadline"), "\(result.stderr)")
        #expect(try gateway.requests().count == 1)
        #expect(seconds < 1.5)
        let records = try FailoverTests.records(folder)
        #expect(records.count == 1 && records[0].contains("outcome=temporary") && records[0].contains(" retry-after=10 "), "\(records)")
    }

    /// The date form, with a deadline of 10 s: an HTTP-date has whole seconds, so a wait "until a second from
    /// now" is 0 or 1 s, and a loaded machine must not make it look long.
    @Test func anHTTPDateIsAWaitUntilThen() throws {
        let soon = try FakeGateway(answers: [.init(status: 429, body: "busy", retryAfterDateIn: 1), .init(status: 202)])
        let soonFolder = try TemporaryFolder()
        let (sent, _) = try Self.run(try Self.rules([soon.port], folder: soonFolder), deadline: 10)
        #expect(sent.status == 0, "\(sent.output)")
        #expect(try soon.requests().count == 2)
        #expect(try FailoverTests.records(soonFolder).first?.contains(#/retry-after=[01] /#) == true)

        let late = try FakeGateway(answers: [.init(status: 503, body: "busy", retryAfterDateIn: 30), .init(status: 202)])
        let lateFolder = try TemporaryFolder()
        let (deferred, seconds) = try Self.run(try Self.rules([late.port], folder: lateFolder), deadline: 10)
        #expect(deferred.status == 75)
        #expect(try late.requests().count == 1)
        #expect(seconds < 1.5)
        // 30 s after the answer, read with a clock of whole seconds.
        #expect(try FailoverTests.records(lateFolder).first?.contains(#/retry-after=(29|30) /#) == true)
    }

    /// `via primary, backup`: a Retry-After past the deadline is not a reason to go to the backup (the primary
    /// is up and said when to come back; Postfix's retry does), a short one is waited for on the primary.
    @Test func aFailoverRouteWaitsOrDefersButDoesNotFailOver() throws {
        let backup = try FakeGateway(status: 202)
        let late = try FakeGateway(answers: [Self.asking(429, retryAfter: "10"), .init(status: 202)])
        let folder = try TemporaryFolder()
        let (deferred, seconds) = try Self.run(try Self.rules([late.port, backup.port], folder: folder))
        #expect(deferred.status == 75)
        #expect(deferred.stderr.contains("via gateway primary"), "\(deferred.stderr)")
        #expect(seconds < 1.5)
        #expect(try late.requests().count == 1)
        #expect(try backup.requests().isEmpty)

        let soon = try FakeGateway(answers: [Self.asking(429, retryAfter: "1"), .init(status: 202)])
        let (sent, _) = try Self.run(try Self.rules([soon.port, backup.port], folder: folder))
        #expect(sent.status == 0, "\(sent.output)")
        #expect(try soon.requests().count == 2)
        #expect(try backup.requests().isEmpty)
    }

    /// Without Retry-After, a 429 is a temporary failure as before: the route's next gateway takes over.
    @Test func withoutRetryAfterThe429FailsOver() throws {
        let primary = try FakeGateway(status: 429, body: "busy")
        let backup = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let (result, _) = try Self.run(try Self.rules([primary.port, backup.port], folder: folder))
        #expect(result.status == 0, "\(result.output)")
        #expect(try primary.requests().count == 1)
        #expect(try backup.requests().count == 1)
        #expect(try FailoverTests.records(folder).allSatisfy { !$0.contains("retry-after=") })
    }

    /// SIGTERM during the wait ends it: no second request, 75, and the SMS is left for Postfix's retry, which
    /// sends it once.
    @Test func sigtermEndsTheWait() throws {
        let gateway = try FakeGateway(answers: [Self.asking(429, retryAfter: "20"), .init(status: 202)])
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try Self.rules([gateway.port], folder: folder)
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        let running = try Mail2SMSProcess.start([rules], stdin: mail, stateDirectory: state.url.path)
        try Poll.until("the request at the gateway") { try gateway.requests().count == 1 }
        Thread.sleep(forTimeInterval: 0.2)
        let signalled = ContinuousClock.now
        running.send(SIGTERM)
        let result = running.wait()
        #expect(ContinuousClock.now - signalled < .seconds(1))
        #expect(result.status == 75)
        #expect(result.stderr.contains("signal \(SIGTERM) asked mail2sms to stop"), "\(result.stderr)")
        #expect(try gateway.requests().count == 1)

        let retry = try Mail2SMSProcess.run([rules], stdin: mail, stateDirectory: state.url.path)
        #expect(retry.status == 0, "\(retry.output)")
        #expect(try gateway.requests().count == 2)
    }
}
