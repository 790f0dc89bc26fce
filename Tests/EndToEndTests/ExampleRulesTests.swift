import Foundation
import TestSupport
import Testing

/// examples/mailfilter.conf on the notifications of both ISE generations, as Postfix runs it: from
/// `ise@ise.example.com` (the usual ISE sender, a subdomain of the allowed domain) through a client its
/// `allow-client` lists, one SMS with the guest's credentials; from another client, none.
@Suite struct ExampleRulesTests {
    static let fixtures: [(file: String, number: String, text: String)] = [
        ("messages/ise-guest-plain.eml", "+4850123456789", ISEExample.text),
        ("messages/ise-guest-html.eml", "+4850123456789", "ISE Guest portal Username: jkowalski7 Password: Xy7&k9#Qm"),
    ]

    @Test(arguments: fixtures)
    func eachISEGenerationGetsItsSMS(file: String, number: String, text: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run(["-f", "ise@ise.example.com", rules], stdin: try SourceTree.fixture(file))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
        let requests = try gateway.requests()
        #expect(requests.map { $0.values("to") } == [[number]])
        #expect(requests.map { $0.values("text") } == [[text]])
    }

    @Test(arguments: fixtures)
    func anotherClientGetsNone(file: String, number: String, text: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run(["-f", "ise@ise.example.com", rules], stdin: try SourceTree.fixture(file),
                                             client: "198.51.100.7")
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().isEmpty)
        #expect(try ISEExample.log(folder).contains("outcome=refused"))
        ISEExample.expectNoSecrets(result)
    }

    /// Senders the example's `allow-sender` takes and refuses (it matches the whole address).
    @Test(arguments: [("ise@ise.example.com", true), ("sponsor@example.com", true), ("ise@node1.ise.example.com", true),
                      ("ise@example.com.evil.test", false), ("ise@notexample.com", false), ("ise@ise.example.org", false)])
    func theSendersTheExampleAllows(sender: String, allowed: Bool) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run(["-f", sender, rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().count == (allowed ? 1 : 0))
    }
}
