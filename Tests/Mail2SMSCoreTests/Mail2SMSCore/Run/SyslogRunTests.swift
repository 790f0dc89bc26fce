import Foundation
import Testing

@testable import Delivery
@testable import Mail2SMSCore
@testable import Platform
@testable import RulesCompiler

/// Whole runs in process with syslog on, the daemon's socket a test's (`MAIL2SMS_SYSLOG_SOCKET`).
@Suite struct SyslogRunTests {
    static let rules = """
        syslog yes
        gateway kannel {
            preset   kannel
            url      "http://127.0.0.1:13013/cgi-bin/sendsms"
            username tester
            password foobar
        }
        guard {
            allow-sender "ise@example\\.com"
        }
        if (/^Subject: go/)
        {
            sms to "+48600100200" text "secret text" via kannel
        }

        """

    struct Run {
        var status: Mail2SMSCore.ExitStatus
        var output: String
        var records: [String]
    }

    static func run(
        subject: String, sender: String = "ise@example.com", options: [String] = [],
        rules: String = rules
    ) throws -> Run {
        let directory = try TemporaryDirectory()
        let path = try directory.write("mailfilter.conf", rules)
        let listener = try SyslogTests.Listener()
        let streams = StreamBuffers()
        let message = Array("Subject: \(subject)\nMessage-ID: <m1@example.com>\n\nbody\n".utf8)
        var context = Context.testing(message: message, transport: RecordingTransport(status: 202), streams: streams)
        context.environment = { $0 == "MAIL2SMS_SYSLOG_SOCKET" ? listener.path : nil }
        let status = Mail2SMS.run(
            arguments: ["--state-dir", directory.url.path, "-f", sender, "--queue-id", "4F9D12A3B7"] + options + [path],
            context: context)
        var records: [String] = []
        while let datagram = listener.receive() { records.append(String(decoding: datagram, as: UTF8.self)) }
        return Run(status: status, output: streams.output, records: records)
    }

    /// The text after the queue ID, and the priority.
    static func parsed(_ record: String) throws -> (priority: Int, text: String) {
        let prefix = #/<(?<pri>\d+)>[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d mail2sms\[4242\]: 4F9D12A3B7: /#
        let match = try #require(record.prefixMatch(of: prefix), "\(record)")
        return (Int(match.pri) ?? -1, String(record[match.range.upperBound...]))
    }

    @Test func aSentSMSIsOneInfoRecord() throws {
        let run = try Self.run(subject: "go")
        #expect(run.status == .ok)
        #expect(run.output == "")
        try #require(run.records.count == 1)
        let (priority, text) = try Self.parsed(run.records[0])
        #expect(priority == 2 * 8 + 6)
        #expect(text.hasPrefix("sms to=+48600100200 gateway=kannel status=202 outcome=sent "))
        #expect(!run.records[0].contains("secret") && !run.records[0].contains("foobar"))
    }

    @Test func aMailNoRuleMatchedIsOneNoSMSRecordAndALineForPostfix() throws {
        let run = try Self.run(subject: "other")
        #expect(run.status == .ok)
        #expect(run.output == "mail2sms: no SMS sent: no rule asked for one\n")
        try #require(run.records.count == 1)
        #expect(try Self.parsed(run.records[0]) == (22, "nosms reason=no-match sms=0 msgid=<m1@example.com>"))
    }

    @Test func aRefusedSMSIsAWarningAndSoIsTheRun() throws {
        let run = try Self.run(subject: "go", sender: "mallory@example.org", options: ["--syslog", "local5"])
        #expect(run.status == .ok)
        #expect(run.output == "mail2sms: no SMS sent: refused by the guard (allow-sender)\n")
        try #require(run.records.count == 2)
        let sms = try Self.parsed(run.records[0])
        #expect(sms.priority == 21 * 8 + 4)
        #expect(sms.text.contains("outcome=refused"))
        #expect(
            try Self.parsed(run.records[1])
                == (21 * 8 + 4, "nosms reason=refused sms=1 refused-by=allow-sender msgid=<m1@example.com>"))
        #expect(!run.records.joined().contains("secret") && !run.records.joined().contains("mallory"))
    }

    /// `--syslog no` wins over the rules; without either nothing goes to syslog.
    @Test func theCommandLineWinsOverTheRules() throws {
        #expect(try Self.run(subject: "go", options: ["--syslog", "no"]).records.isEmpty)
        let withoutStatement = Self.rules.replacingOccurrences(of: "syslog yes\n", with: "")
        #expect(try Self.run(subject: "go", rules: withoutStatement).records.isEmpty)
        #expect(try Self.run(subject: "go", options: ["--syslog", "yes"], rules: withoutStatement).records.count == 1)
    }
}
