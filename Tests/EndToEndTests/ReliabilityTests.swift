import Foundation
import TestSupport
import Testing

/// What keeps a mail from being lost or sent twice: the journal across Postfix's retries, the run's own
/// deadline, the refusal of a rules file others can change.
@Suite struct ReliabilityTests {
    /// Two SMS for one mail, the second through a gateway that is down on the first run.
    static func rules(first: Int, second: Int, folder: TemporaryFolder) throws -> String {
        try folder.write("two.conf", """
            logfile "\(folder.path("mail2sms.log"))"
            gateway a { url "http://127.0.0.1:\(first)/send?to=%number%&text=%data%" }
            gateway b { url "http://127.0.0.1:\(second)/send?to=%number%&text=%data%" }
            if (/^Password:\\s*(\\S+)/:b)
            {
                sms to "+48 501 234 567" text "first: $MATCH1" via a
                sms to "+48 501 234 568" text "second: $MATCH1" via b
            }
            """)
    }

    @Test func aRetryAfterAPartialFailureSendsOnlyWhatIsMissing() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        let first = try Mail2SMSProcess.run([try Self.rules(first: gateway.port, second: FakeGateway.closedPort(), folder: folder)],
                                            stdin: mail, stateDirectory: state.url.path)
        #expect(first.status == 75)
        let retry = try Mail2SMSProcess.run([try Self.rules(first: gateway.port, second: gateway.port, folder: folder)],
                                            stdin: mail, stateDirectory: state.url.path)
        #expect(retry.status == 0, "\(retry.output)")
        let texts = try gateway.requests().flatMap { $0.values("text") }
        #expect(texts == ["first: t6ub79_6r", "second: t6ub79_6r"])
        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        #expect(log.contains("outcome=already-sent"))
        // A third run of the same mail sends nothing at all.
        let again = try Mail2SMSProcess.run([try Self.rules(first: gateway.port, second: gateway.port, folder: folder)],
                                            stdin: mail, stateDirectory: state.url.path)
        #expect(again.status == 0)
        #expect(try gateway.requests().count == 2)
    }

    @Test(.hangLimit)
    func aGatewayThatNeverAnswersEndsBeforeTheDeadline() throws {
        let silent = FakeGateway.silentListener()
        defer { close(silent.descriptor) }
        let folder = try TemporaryFolder()
        let rules = try Self.rules(first: silent.port, second: silent.port, folder: folder)
        let start = Date()
        let result = try Mail2SMSProcess.run(["--deadline", "3", rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 75)
        #expect(seconds < 4, "took \(seconds) s")
        #expect(result.stderr.contains("will retry"))
        ISEExample.expectNoSecrets(result)
    }

    /// Failover over two gateways that accept the connection and never answer, each with a request timeout of
    /// 15 seconds: the second is given only what is left of the 20-second deadline, and the run ends by then
    /// with 75 (not after 2 × 15 seconds, past a Postfix time limit set to the deadline and a margin).
    @Test(.hangLimit)
    func failoverOverTwoSilentGatewaysEndsByTheDeadline() throws {
        let first = FakeGateway.silentListener()
        let second = FakeGateway.silentListener()
        defer { close(first.descriptor); close(second.descriptor) }
        let folder = try TemporaryFolder()
        let rules = try folder.write("failover.conf", """
            logfile "\(folder.path("mail2sms.log"))"
            gateway a { url "http://127.0.0.1:\(first.port)/send?to=%number%&text=%data%"\n timeout 15 }
            gateway b { url "http://127.0.0.1:\(second.port)/send?to=%number%&text=%data%"\n timeout 15 }
            if (/^Password:\\s*(\\S+)/:b)
                sms to "+48 501 234 567" text "code: $MATCH1" via a, b
            """)
        let start = Date()
        let result = try Mail2SMSProcess.run(["--deadline", "20", rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 75, "\(result.output)")
        #expect(seconds < 21, "took \(seconds) s")
        #expect(seconds > 15, "took \(seconds) s: the first gateway was not waited for")
        ISEExample.expectNoSecrets(result)
        let log = try ISEExample.log(folder)
        #expect(log.contains("gateway=a") && log.contains("gateway=b"), "\(log)")
    }

    @Test func rulesOthersCanWriteAreRefused() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        chmod(rules, 0o666)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 75)
        #expect(result.stderr == "mail2sms: refusing rules file \(rules): group or others may write it (mode 666); chmod go-w\n")
        #expect(try gateway.requests().isEmpty)
        chmod(rules, 0o640)
        #expect(try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml")).status == 0)
    }
}

extension ReliabilityTests {
    /// While a mail is deferred the admin inserts a comment above the `sms`, and Postfix's retry reaches the
    /// rules through another path (a symlink): the SMS already accepted is not sent again.
    @Test func editingOrMovingTheRulesDoesNotResend() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        let rules = try Self.rules(first: gateway.port, second: FakeGateway.closedPort(), folder: folder)
        #expect(try Mail2SMSProcess.run([rules], stdin: mail, stateDirectory: state.url.path).status == 75)
        let edited = try String(contentsOfFile: try Self.rules(first: gateway.port, second: gateway.port, folder: folder), encoding: .utf8)
            .replacingOccurrences(of: "    sms to \"+48 501 234 567\"", with: "    # a comment the admin added\n    sms to \"+48 501 234 567\"")
        _ = try folder.write("two.conf", edited)
        let elsewhere = try TemporaryFolder()
        symlink(folder.url.path, elsewhere.path("rules"))
        let retry = try Mail2SMSProcess.run([elsewhere.path("rules") + "/two.conf"], stdin: mail, stateDirectory: state.url.path)
        #expect(retry.status == 0, "\(retry.output)")
        #expect(try gateway.requests().flatMap { $0.values("text") } == ["first: t6ub79_6r", "second: t6ub79_6r"])
    }
}
