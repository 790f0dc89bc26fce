import Foundation
import Testing

/// The example's guard against the binary: who may trigger SMS, to which numbers, how many.
@Suite struct GuardTests {
    static func run(_ message: Data, sender: String, folder: TemporaryFolder, gateway: FakeGateway,
                    state: String? = nil) throws -> Mail2SMSProcess.Result {
        let rules = try SendingTests.rules(port: gateway.port, folder: folder)
        return try Mail2SMSProcess.run(["-f", sender, rules], stdin: message, stateDirectory: state)
    }

    static func log(_ folder: TemporaryFolder) throws -> String {
        try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
    }

    @Test func aSenderNotAllowedSendsNothingAndIsLogged() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let result = try Self.run(try SourceTree.fixture("messages/ise-guest-plain.eml"), sender: "mallory@evil.example",
                                  folder: folder, gateway: gateway)
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        #expect(try gateway.requests().isEmpty)
        #expect(try Self.log(folder).contains(#"outcome=refused"#))
        #expect(try Self.log(folder).contains("the sender is not allowed"))
    }

    @Test func premiumNumbersAndShortCodesAreRefused() throws {
        for number in ["+48 700 123 456", "7233"] {
            let gateway = try FakeGateway(status: 202)
            let folder = try TemporaryFolder()
            let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
            let message = Data(original.replacingOccurrences(of: "to: 4850123456789", with: "to: \(number.replacingOccurrences(of: " ", with: ""))").utf8)
            let result = try Self.run(message, sender: "sponsor@example.com", folder: folder, gateway: gateway)
            #expect(result.status == 0, "\(number)")
            #expect(try gateway.requests().isEmpty, "\(number)")
            #expect(try Self.log(folder).contains("outcome=refused"), "\(number)")
        }
    }

    /// The example allows 5 SMS an hour to one number; the sixth mail is deferred, not sent.
    @Test func aRateLimitDefersTheMail() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        var statuses: [Int32] = []
        for i in 1...6 {
            let message = try SendingTests.iseMessage(username: "guest\(i)", password: "pw\(i)")
            let unique = Data(String(decoding: message, as: UTF8.self)
                .replacingOccurrences(of: "Message-ID: <1385847587000.7", with: "Message-ID: <\(i)").utf8)
            statuses.append(try Self.run(unique, sender: "sponsor@example.com", folder: folder, gateway: gateway,
                                         state: state.url.path).status)
        }
        #expect(statuses == [0, 0, 0, 0, 0, 75])
        #expect(try gateway.requests().count == 5)
        #expect(try Self.log(folder).contains("rate limit: 5 SMS per hour to this number"))
    }
}
