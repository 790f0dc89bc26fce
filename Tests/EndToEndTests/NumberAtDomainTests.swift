import Foundation
import TestSupport
import Testing

/// examples/number-at-domain.conf: the number is the recipient's local part (`-r ${recipient}`), the text the
/// Subject and the first line of the body; a recipient that is no number bounces as an unknown user (67),
/// with a line in the log.
@Suite struct NumberAtDomainTests {
    static func run(_ rules: String, recipient: String, mail: Data) throws -> Mail2SMSProcess.Result {
        try Mail2SMSProcess.run(["-f", NumberAtDomainExample.sender, "-r", recipient, rules], stdin: mail,
                                client: NumberAtDomainExample.client)
    }

    @Test(arguments: ["+48601234567@sms.example.com", "48601234567@sms.example.com", "+48601234567@SMS.Example.COM"])
    func theLocalPartIsTheNumber(recipient: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try NumberAtDomainExample.rules(port: gateway.port, folder: folder)
        let result = try Self.run(rules, recipient: recipient, mail: NumberAtDomainExample.mail())
        #expect(result.status == 0, "\(result.output)")
        let requests = try gateway.requests()
        try #require(requests.count == 1)
        #expect(requests[0].values("to") == ["+48601234567"])
        #expect(requests[0].values("text") == [NumberAtDomainExample.text])
    }

    @Test func aMailWithoutBodyIsItsSubject() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try NumberAtDomainExample.rules(port: gateway.port, folder: folder)
        let result = try Self.run(rules, recipient: "+48601234567@sms.example.com",
                                  mail: NumberAtDomainExample.mail(body: false))
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().map { $0.values("text") } == [[NumberAtDomainExample.subject]])
    }

    /// Not 6 to 15 digits (with an optional +) at the domain: no request, a log line, 67 (Postfix bounces the
    /// mail as for an unknown user), and the run's `nosms` record says no sms statement ran.
    @Test(arguments: ["abc@sms.example.com", "12345@sms.example.com", "+48 601234567@sms.example.com",
                      "48601234567@sms.example.org", "1234567890123456@sms.example.com"])
    func anyOtherRecipientBouncesAsUnknown(recipient: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try NumberAtDomainExample.rules(port: gateway.port, folder: folder)
        let result = try Self.run(rules, recipient: recipient, mail: NumberAtDomainExample.mail())
        #expect(result.status == 67, "\(result.output)")
        #expect(try gateway.requests().isEmpty)
        let log = try ISEExample.log(folder)
        #expect(log.contains("number-at-domain: \(recipient) is not a number at sms.example.com"), "\(log)")
        #expect(log.contains("nosms reason=no-match sms=0"), "\(log)")
    }

    /// The guard holds: a client that is not a monitoring host gets no SMS (dropped, as `refused` says by
    /// default).
    @Test func anotherClientGetsNone() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try NumberAtDomainExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run(["-f", NumberAtDomainExample.sender, "-r", "+48601234567@sms.example.com", rules],
                                             stdin: NumberAtDomainExample.mail(), client: "198.51.100.7")
        #expect(result.status == 0)
        #expect(result.output.contains("refused by the guard (allow-client)"), "\(result.output)")
        #expect(try gateway.requests().isEmpty)
    }
}
