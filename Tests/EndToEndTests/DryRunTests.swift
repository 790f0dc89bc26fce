import Foundation
import TestSupport
import Testing

/// `--dry-run` is the delivery minus the requests: for each outcome of the guard and the journal, the dry
/// run's verdict and final exit status are those of the delivery that follows it, with the same mail, sender,
/// client and state directory.
@Suite struct DryRunTests {
    /// One situation: the mail, who sends it, and how many deliveries of other mails to the same number came
    /// first.
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var sender = "ise@ise.example.com"
        var client = "192.0.2.10"
        var number = "+48501234567"
        /// A second SMS in the same mail (`max-per-message 1` refuses it).
        var second: String? = nil
        /// Deliveries of other mails to `number` first (the rate limit counts them).
        var earlierMails = 0
        /// The same mail delivered once first.
        var deliveredBefore = false
        /// What the dry run says about it, and what the delivery then logs and returns.
        var verdict: String
        var logged: String
        var status: Int32
        var requests: Int

        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "foreign sender", sender: "mallory@evil.example",
            verdict: "verdict: refused: the sender is not allowed by 'allow-sender' (sender mallory@evil.example);"
                + " dropped, the mail is done",
            logged: "outcome=refused", status: 0, requests: 0),
        Case(
            name: "foreign client", client: "203.0.113.9",
            verdict: "verdict: refused: the client address is not allowed by 'allow-client' (client 203.0.113.9)",
            logged: "outcome=refused", status: 0, requests: 0),
        Case(
            name: "denied prefix", number: "+48700123456",
            verdict: "verdict: refused: the number starts with denied prefix +48700; dropped, the mail is done",
            logged: "outcome=refused", status: 0, requests: 0),
        Case(
            name: "short code", number: "7233",
            verdict: "verdict: refused: short code 7233 is not allowed ('allow-short-code')",
            logged: "outcome=refused", status: 0, requests: 0),
        Case(
            name: "per-message cap", second: "+48501234568",
            verdict: "verdict: refused: more than 1 SMS in one mail ('max-per-message')",
            logged: "outcome=refused", status: 0, requests: 1),
        Case(
            name: "rate limit", earlierMails: 5,
            verdict: "verdict: deferred (exit 75): over rate-per-number 5: 5 in the last hour",
            logged: "outcome=temporary", status: 75, requests: 0),
        Case(
            name: "already sent", deliveredBefore: true,
            verdict: "verdict: already sent at ", logged: "outcome=already-sent", status: 0, requests: 0),
        Case(name: "sent", verdict: "verdict: send, if the gateway accepts", logged: "outcome=sent", status: 0, requests: 1),
    ]

    static func rules(port: Int, folder: TemporaryFolder) throws -> String {
        try folder.write(
            "dry-run.conf",
            """
            logfile "\(folder.path("mail2sms.log"))"
            gateway fake { url "http://127.0.0.1:\(port)/send?to=%number%&text=%data%" }
            guard {
                allow-client    192.0.2.10
                allow-sender    "[^@]+@([a-z0-9-]+\\.)*example\\.com"
                deny-prefix     +48700
                rate-per-number 5
                max-per-message 1
            }
            if (/^to: (\\S+)/:b)
                sms to "$MATCH1" text "Your code is 1234"
            if (/^cc: (\\S+)/:b)
                sms to "$MATCH1" text "Your code is 1234"
            """)
    }

    static func mail(_ id: String, number: String, second: String?) -> Data {
        Data(
            """
            Message-ID: <\(id)@ise.example.com>
            Subject: code

            to: \(number)
            \(second.map { "cc: \($0)\n" } ?? "")
            """.utf8)
    }

    @Test(arguments: cases)
    func theDryRunForetellsTheDelivery(_ situation: Case) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, folder: folder)
        let mail = Self.mail("the-mail", number: situation.number, second: situation.second)
        func run(_ options: [String], _ message: Data, client: String = situation.client) throws -> Mail2SMSProcess.Result {
            try Mail2SMSProcess.run(
                options + ["-f", situation.sender, rules], stdin: message, stateDirectory: state.url.path, client: client)
        }
        for i in 0..<situation.earlierMails {
            let earlier = try run([], Self.mail("earlier\(i)", number: situation.number, second: nil), client: "192.0.2.10")
            try #require(earlier.status == 0)
        }
        if situation.deliveredBefore { try #require(try run([], mail).status == 0) }
        let before = try gateway.requests().count
        let journal = try? Data(contentsOf: state.url.appendingPathComponent("journal.sqlite"))

        let dry = try run(["-n"], mail)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains(situation.verdict), "\(dry.stdout)")
        #expect(try gateway.requests().count == before)
        #expect((try? Data(contentsOf: state.url.appendingPathComponent("journal.sqlite"))) == journal)
        let foretold = try #require(dry.stdout.split(separator: "\n").last?.split(separator: " ").last)

        let delivery = try run([], mail)
        #expect("\(delivery.status)" == foretold)
        #expect(delivery.status == situation.status)
        #expect(try gateway.requests().count - before == situation.requests)
        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        // The last SMS record: a run that sent nothing ends with its nosms record.
        #expect(log.split(separator: "\n").last { !$0.contains(" nosms ") }?.contains(situation.logged) == true, "\(log)")
    }

    /// A state directory the delivery could not use is what the dry run says, and it creates nothing there.
    @Test func aMissingStateDirectoryIsForetold() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, folder: folder)
        let missing = folder.path("no-such-directory")
        let mail = Self.mail("m", number: "+48501234567", second: nil)
        let dry = try Mail2SMSProcess.run(["-n", "-f", "ise@example.com", rules], stdin: mail, stateDirectory: missing)
        #expect(dry.stdout.contains("verdict: deferred (exit 75): journal: state directory \(missing) does not exist"))
        #expect(dry.stdout.hasSuffix("exit status if the gateways accept: 75\n"))
        let delivery = try Mail2SMSProcess.run(["-f", "ise@example.com", rules], stdin: mail, stateDirectory: missing)
        #expect(delivery.status == 75)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    /// A delivery holding the journal's write lock (here sqlite3 keeping it for 3 seconds) does not hold up a dry run,
    /// which reads what was committed.
    @Test(.requires(.sqlite3)) func aDryRunDoesNotWaitForAWriter() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, folder: folder)
        let mail = Self.mail("locked", number: "+48501234567", second: nil)
        let options = ["-f", "ise@example.com", rules]
        try #require(try Mail2SMSProcess.run(options, stdin: mail, stateDirectory: state.url.path).status == 0)
        let locked = folder.path("locked")
        let writer = try RunningProcess(
            URL(fileURLWithPath: "/usr/bin/sqlite3"), [state.path("journal.sqlite")],
            stdin: Data("BEGIN IMMEDIATE;\nDELETE FROM sms;\n.shell touch \(locked)\n.shell sleep 3\n".utf8))
        defer { writer.wait() }
        try Poll.until("the writer holds the lock") { FileManager.default.fileExists(atPath: locked) }
        let started = Date()
        let dry = try Mail2SMSProcess.run(["-n"] + options, stdin: mail, stateDirectory: state.url.path)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(dry.stdout.contains("verdict: already sent at "), "\(dry.output)")
        #expect(dry.stdout.hasSuffix("exit status if the gateways accept: 0\n"))
    }
}
