import Foundation
import TestSupport
import Testing

/// examples/number-at-domain.conf behind a real Postfix: its `sms` pipe passes the recipient with `-r`, as
/// examples/postfix/master.cf does, so that a mail to `+48601234567@sms.test` becomes an SMS to +48601234567,
/// and one to an address that is no number bounces as an unknown user (5.1.1), logged by the rules.
@Suite(.requiresRoot, .requires(.postfix)) struct NumberAtDomainPostfixTests {
    /// The example for the harness: its domain sms.test, its gateway the fake at `port`, its log and secrets
    /// in `state`, its guard allowing the harness's sender (whose bounces RealPostfix captures).
    static func rules(port: Int) throws -> (URL) -> String {
        let text = try NumberAtDomainExample.rules([
            ("127.0.0.1:13013", "127.0.0.1:\(port)"),
            ("/var/log/mail2sms/mail2sms.log", "/STATE/mail2sms.log"),
            (ISEExample.secretsPath, "/STATE/secrets"),
            (#"@sms\.example\.com$/"#, #"@sms\.test$/"#),
            ("is not a number at sms.example.com", "is not a number at sms.test"),
            (#""(nagios|zabbix|root)@([a-z0-9-]+\.)*example\.com""#, #""sponsor@e2e\.test""#),
        ])
        return { state in text.replacingOccurrences(of: "/STATE/", with: state.path + "/") }
    }

    static func mail2smsLog(_ postfix: RealPostfix) -> String {
        (try? String(contentsOf: postfix.state.appendingPathComponent("mail2sms.log"), encoding: .utf8)) ?? ""
    }

    @Test(.hangLimit)
    func aMailToANumberIsOneSMS() throws {
        let gateway = try FakeGateway(status: 202)
        let postfix = try RealPostfix(rules: Self.rules(port: gateway.port))
        try postfix.send(from: PostfixTests.sender, to: "+48601234567@sms.test", message: NumberAtDomainExample.mail(),
                         client: NumberAtDomainExample.client)
        let sent = try postfix.waitForSent(1)
        #expect(sent[0].recipient == "+48601234567@sms.test" && sent[0].dsn == "2.0.0", "\(sent[0].line)")
        let requests = try gateway.requests()
        try #require(requests.count == 1)
        #expect(requests[0].values("to") == ["+48601234567"])
        #expect(requests[0].values("text") == [NumberAtDomainExample.text])
        try postfix.waitUntilQueueEmpty()
        #expect(try postfix.bounces().isEmpty)
    }

    @Test(.hangLimit)
    func aMailToAnythingElseBouncesAsUnknownAndSendsNothing() throws {
        let gateway = try FakeGateway(status: 202)
        let postfix = try RealPostfix(rules: Self.rules(port: gateway.port))
        try postfix.send(from: PostfixTests.sender, to: "abc@sms.test", message: NumberAtDomainExample.mail(),
                         client: NumberAtDomainExample.client)
        let bounced = try postfix.waitForDeliveries(1, status: "bounced")
        #expect(bounced[0].recipient == "abc@sms.test")
        #expect(bounced[0].dsn == "5.1.1", "\(bounced[0].line)")
        try postfix.waitUntil("the bounce at the sender") { try !postfix.bounces().isEmpty }
        #expect(try postfix.bounces().contains("<abc@sms.test>"))
        #expect(try gateway.requests().isEmpty)
        let log = Self.mail2smsLog(postfix)
        #expect(log.contains("number-at-domain: abc@sms.test is not a number at sms.test"), "\(log)")
        #expect(log.contains("nosms reason=no-match sms=0"), "\(log)")
    }
}
