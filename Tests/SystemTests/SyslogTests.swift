import Foundation
import TestSupport
import Testing

/// mail2sms's syslog records as a real rsyslogd (the Debian package `rsyslog`, a daemon of the test's own on a
/// socket of its own: never /dev/log) receives them: one per SMS, one `nosms` per run that sent none, in
/// RFC 3164's format with the facility and severity as PRI, tagged `mail2sms[PID]:` and carrying Postfix's queue
/// ID after it, as Postfix's own records do. Under a real Postfix, the queue ID is pipe(8)'s `${queue_id}`.
@Suite(.requires(.rsyslog)) struct SyslogTests {
    static let allowedSender = "sponsor@e2e.test"

    /// Rules that send one SMS for a mail whose subject starts with `go`, from `allowedSender` only.
    static func rules(gatewayPort: Int, syslog: String = "yes") -> String {
        """
        syslog \(syslog)
        gateway kannel {
            preset   kannel
            url      "http://127.0.0.1:\(gatewayPort)/cgi-bin/sendsms"
            username tester
            password foobar
        }
        guard {
            allow-sender "sponsor@e2e\\.test"
        }
        if (/^Subject: go/)
        {
            sms to "+48600100200" text "Password: s3cr3t-guest" via kannel
        }

        """
    }

    static func message(_ subject: String) -> Data {
        Data("From: \(allowedSender)\nSubject: \(subject)\nMessage-ID: <\(UUID().uuidString)@e2e.test>\n\nPassword: s3cr3t-guest\n".utf8)
    }

    /// No record holds the SMS text, the password of the gateway or the sender.
    static func expectNoSecrets(_ records: [RealRsyslog.Record], sourceLocation: SourceLocation = #_sourceLocation) {
        for record in records {
            for secret in ["s3cr3t", "foobar", "mallory", "Password"] {
                #expect(!record.text.contains(secret), "\(record)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The binary run by hand (as pipe(8) would, `--queue-id` included) against the daemon: a sent SMS is
    /// mail.info, a mail that matched nothing one mail.info `nosms`, a refused one a mail.warning record for the
    /// SMS and one for the run. `--syslog local5` changes the facility.
    @Test(.hangLimit)
    func eachSMSAndEachRunThatSentNothingIsOneRecord() throws {
        let rsyslog = try RealRsyslog()
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = folder.url.appendingPathComponent("mailfilter.conf")
        try Self.rules(gatewayPort: gateway.port).write(to: rules, atomically: false, encoding: .utf8)
        func run(_ subject: String, from sender: String, queueID: String, _ options: [String] = []) throws -> Mail2SMSProcess.Result {
            let arguments = Mail2SMSProcess.commandLine(["-f", sender, "--queue-id", queueID] + options + [rules.path],
                                                        stateDirectory: folder.url.path)
            return try ChildProcess.run(Mail2SMSProcess.executable, arguments, stdin: Self.message(subject),
                                        environment: ["MAIL2SMS_SYSLOG_SOCKET": rsyslog.socket])
        }
        let sent = try run("go", from: Self.allowedSender, queueID: "1A2B3C4D5E")
        let unmatched = try run("hello", from: Self.allowedSender, queueID: "2B3C4D5E6F")
        let refused = try run("go", from: "mallory@e2e.test", queueID: "3C4D5E6F7A", ["--syslog", "local5"])
        #expect([sent.status, unmatched.status, refused.status] == [0, 0, 0])
        #expect(sent.output == "")
        #expect(unmatched.stdout == "mail2sms: no SMS sent: no rule asked for one\n")
        #expect(refused.stdout == "mail2sms: no SMS sent: refused by the guard (allow-sender)\n")
        #expect(try gateway.requests().count == 1)

        let records = try rsyslog.waitForRecords(4)
        try #require(records.count == 4, "\(records)")
        #expect(records.map(\.priority) == [2 * 8 + 6, 2 * 8 + 6, 21 * 8 + 4, 21 * 8 + 4])
        #expect(records.allSatisfy { $0.tag.wholeMatch(of: #/mail2sms\[\d+\]:/#) != nil }, "\(records)")
        #expect(records[0].text.hasPrefix("1A2B3C4D5E: sms to=+48600100200 gateway=kannel status=202 outcome=sent "), "\(records[0])")
        #expect(records[1].text.wholeMatch(of: #/2B3C4D5E6F: nosms reason=no-match sms=0 msgid=<[^>]+@e2e.test>/#) != nil, "\(records[1])")
        #expect(records[2].text.hasPrefix("3C4D5E6F7A: sms to=+48600100200 gateway=kannel status=- outcome=refused "), "\(records[2])")
        #expect(records[3].text.wholeMatch(of: #/3C4D5E6F7A: nosms reason=refused sms=1 refused-by=allow-sender msgid=<[^>]+>/#) != nil,
                "\(records[3])")
        Self.expectNoSecrets(records)
    }

    /// Without a daemon, syslog is skipped and the run is as it would be without syslog.
    @Test func noDaemonChangesNothing() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = folder.url.appendingPathComponent("mailfilter.conf")
        try Self.rules(gatewayPort: gateway.port).write(to: rules, atomically: false, encoding: .utf8)
        let arguments = Mail2SMSProcess.commandLine(["-f", Self.allowedSender, rules.path], stateDirectory: folder.url.path)
        let result = try ChildProcess.run(Mail2SMSProcess.executable, arguments, stdin: Self.message("go"),
                                          environment: ["MAIL2SMS_SYSLOG_SOCKET": folder.url.appendingPathComponent("no-daemon").path])
        #expect(result.status == 0)
        #expect(result.output == "")
        #expect(try gateway.requests().count == 1)
    }

    /// Under a real Postfix: pipe(8) runs mail2sms as nobody with `--queue-id ${queue_id}`, and each record
    /// carries the queue ID that Postfix's own log line of that delivery has. A mail that matched nothing and a
    /// refused one are `status=sent` for Postfix, with mail2sms's line in the status's parentheses.
    @Test(.requiresRoot, .requires(.postfix), .hangLimit)
    func underPostfixEveryRecordCarriesTheQueueID() throws {
        let rsyslog = try RealRsyslog()
        let gateway = try FakeGateway(status: 202)
        let postfix = try RealPostfix(rules: { _ in Self.rules(gatewayPort: gateway.port) },
                                      environment: ["POSTFIX_SYSLOG_SOCKET": rsyslog.socket])
        try postfix.send(from: Self.allowedSender, to: "sent@sms.test", message: Self.message("go"))
        try postfix.send(from: Self.allowedSender, to: "unmatched@sms.test", message: Self.message("hello"))
        try postfix.send(from: "mallory@e2e.test", to: "refused@sms.test", message: Self.message("go"))
        let deliveries = try postfix.waitForSent(3)
        try postfix.waitUntilQueueEmpty()
        let byRecipient = Dictionary(deliveries.map { ($0.recipient, $0) }, uniquingKeysWith: { first, _ in first })
        let sent = try #require(byRecipient["sent@sms.test"]), unmatched = try #require(byRecipient["unmatched@sms.test"])
        let refused = try #require(byRecipient["refused@sms.test"])
        #expect(sent.reason == "delivered via sms service", "\(sent.line)")
        #expect(unmatched.reason == "delivered via sms service (mail2sms: no SMS sent: no rule asked for one)", "\(unmatched.line)")
        #expect(refused.reason == "delivered via sms service (mail2sms: no SMS sent: refused by the guard (allow-sender))",
                "\(refused.line)")

        let all = try rsyslog.waitForRecords(4)
        #expect(all.count == 4, "\(all)")
        func records(of delivery: RealPostfix.Delivery) -> [String] {
            all.filter { $0.text.hasPrefix(delivery.queueID + ": ") }.map { String($0.text.dropFirst(delivery.queueID.count + 2)) }
        }
        #expect(records(of: sent).count == 1)
        #expect(records(of: sent).first?.hasPrefix("sms to=+48600100200 gateway=kannel status=202 outcome=sent ") == true, "\(all)")
        #expect(records(of: unmatched).count == 1)
        #expect(records(of: unmatched).first?.hasPrefix("nosms reason=no-match sms=0 msgid=") == true, "\(all)")
        #expect(records(of: refused).count == 2)
        #expect(records(of: refused).last?.hasPrefix("nosms reason=refused sms=1 refused-by=allow-sender msgid=") == true, "\(all)")
        #expect(all.filter { $0.text.contains("nosms") }.map(\.priority).sorted() == [2 * 8 + 4, 2 * 8 + 6])
        Self.expectNoSecrets(all)
    }
}
