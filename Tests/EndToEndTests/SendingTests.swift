import Foundation
import TestSupport
import Testing

/// The walking skeleton, end to end: the built binary, the ISE notification on stdin, the example rules
/// pointed at a local fake gateway, and what Postfix would see (exit status, stdout/stderr).
@Suite struct SendingTests {
    /// The ISE notification with other credentials.
    static func iseMessage(username: String, password: String) throws -> Data {
        let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
        return Data(original.replacingOccurrences(of: "Username: jsmith02", with: "Username: \(username)")
            .replacingOccurrences(of: "Password: t6ub79_6r", with: "Password: \(password)").utf8)
    }

    @Test func iseMailBecomesOneSMS() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run(["-f", "sponsor@example.com", rules, "sms@sms.example.com"],
                                             stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        let requests = try gateway.requests()
        try #require(requests.count == 1)
        #expect(requests[0].method == "GET")
        #expect(requests[0].path == "/cgi-bin/sendsms")
        #expect(requests[0].values("to") == ["+4850123456789"])
        #expect(requests[0].values("text") == [ISEExample.text])
        #expect(requests[0].values("username") == ["tester"])
        // From the secrets file the example names, not from the rules.
        #expect(requests[0].values("password") == [ISEExample.gatewayPassword])

        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        let records = log.split(separator: "\n").filter { $0.contains("mail2sms[") }
        try #require(records.count == 1)
        for field in ["sms to=+4850123456789", "gateway=kannel", "status=202", "outcome=sent", " ms=",
                      "msgid=<1385847587000.7.JavaMail.ise@ise.example.com>", "rule=\(rules):\(try ISEExample.location(of: ISEExample.smsStatement).line)"] {
            #expect(records[0].contains(field), "log record lacks \(field): \(records[0])")
        }
        #expect(!log.contains(ISEExample.password) && !log.contains(ISEExample.gatewayPassword))
    }

    @Test func mailContentCannotAddOrChangeParameters() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let username = "evil&to=+19005550100&x="
        let password = "a+b%20c#d\";"
        let result = try Mail2SMSProcess.run([rules], stdin: try SendingTests.iseMessage(username: username, password: password))
        #expect(result.status == 0)
        let requests = try gateway.requests()
        try #require(requests.count == 1)
        #expect(requests[0].params.map { $0[0] } == ["username", "password", "to", "text"])
        #expect(requests[0].values("to") == ["+4850123456789"])
        #expect(requests[0].values("text") == ["ISE Guest portal Username: \(username) Password: \(password)"])
        #expect(!requests[0].query.contains("+") && !requests[0].query.contains("#"))
    }

    /// How each gateway answer reaches Postfix: 75 keeps the mail, 69 bounces it.
    @Test(arguments: [(500, Int32(75)), (503, 75), (403, 75), (401, 75), (429, 75), (400, 69), (404, 69)])
    func gatewayAnswerMapsToExitStatus(status: Int, expected: Int32) throws {
        let gateway = try FakeGateway(status: status, body: "answer \(status)")
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == expected)
        #expect(try gateway.requests().count == 1)
        let sms = try ISEExample.location(of: ISEExample.smsStatement)
        #expect(result.stderr.hasPrefix("mail2sms: sms at \(rules):\(sms.line):\(sms.column) via gateway kannel"), "\(result.stderr)")
        #expect(result.stderr.contains("HTTP \(status)"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        ISEExample.expectNoSecrets(result)
        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        #expect(log.contains("status=\(status) outcome=\(expected == 75 ? "temporary" : "permanent")"))
    }

    @Test func nothingListeningIsTemporary() throws {
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: FakeGateway.closedPort(), folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 75)
        #expect(result.stderr.contains("via gateway kannel (http://127.0.0.1:"))
        #expect(result.stderr.contains("will retry"))
        ISEExample.expectNoSecrets(result)
    }

    @Test func dryRunSendsNothingAndMasksTheGatewayPassword() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run(["--dry-run", rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0)
        #expect(try gateway.requests().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path("mail2sms.log")))
        #expect(result.stdout.contains("password=***"))
        #expect(!result.output.contains(ISEExample.gatewayPassword))
        #expect(result.stdout.contains("to=%2B4850123456789&text=ISE%20Guest%20portal%20Username%3A%20jsmith02%20Password%3A%20t6ub79_6r"))
        #expect(result.stderr.isEmpty)
    }

    @Test func theRulesRunButNothingMatchesIsSuccess() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let message = Data("Subject: lunch\nFrom: a@example.com\n\nUsername: x\n".utf8)
        let result = try Mail2SMSProcess.run([rules], stdin: message)
        #expect(result.status == 0)
        #expect(try gateway.requests().isEmpty)
    }
}
