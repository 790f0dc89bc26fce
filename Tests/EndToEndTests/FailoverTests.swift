import Foundation
import TestSupport
import Testing

/// `via a, b`: the second gateway only after the first failed temporarily; every attempt is logged.
@Suite struct FailoverTests {
    static func rules(first: Int, second: Int, folder: TemporaryFolder) throws -> String {
        try folder.write("failover.conf", """
            logfile "\(folder.path("mail2sms.log"))"
            gateway primary {
                url "http://127.0.0.1:\(first)/cgi-bin/sendsms?to=%number%&text=%data%"
            }
            gateway backup {
                url "http://127.0.0.1:\(second)/cgi-bin/sendsms?to=%number%&text=%data%"
            }
            if (/^Password:\\s*(\\S+)/:b)
                sms to "+48 501 234 567" text "Password: $MATCH1" via primary, backup
            """)
    }

    static func records(_ folder: TemporaryFolder) throws -> [String] {
        try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { $0.contains(" sms ") }
    }

    @Test func secondGatewayTakesOverWhenTheFirstRefusesTheConnection() throws {
        let backup = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(first: FakeGateway.closedPort(), second: backup.port, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty)
        #expect(try backup.requests().count == 1)
        let records = try Self.records(folder)
        try #require(records.count == 2)
        #expect(records[0].contains("gateway=primary") && records[0].contains("outcome=temporary"))
        #expect(records[1].contains("gateway=backup") && records[1].contains("outcome=sent"))
    }

    @Test func bothDownIsTemporary() throws {
        let folder = try TemporaryFolder()
        let rules = try Self.rules(first: FakeGateway.closedPort(), second: FakeGateway.closedPort(), folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 75)
        #expect(result.stderr.contains("via gateway backup") && result.stderr.contains("(last of 2 gateways tried)"))
        #expect(try Self.records(folder).map { $0.contains("outcome=temporary") } == [true, true])
    }

    @Test func aPermanentRefusalDoesNotFailOver() throws {
        let primary = try FakeGateway(status: 400, body: "bad number")
        let backup = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(first: primary.port, second: backup.port, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 69)
        #expect(try backup.requests().isEmpty)
    }
}
