import Foundation
import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Whole runs of `Mail2SMS.run` in process: the ISE example rules on the ISE notification, a fake gateway
/// that answers as configured, stdout and stderr in buffers.
@Suite struct Mail2SMSTests {
    static let password = "t6ub79_6r"
    static let gatewayPassword = "foobar"
    static let smsText = "ISE Guest portal Username: jsmith02 Password: t6ub79_6r"

    /// A run of the example rules with the ISE notification on stdin.
    struct Run {
        let status: Mail2SMSCore.ExitStatus
        let requests: [HTTPRequest]
        let output: String
        let error: String
        let log: [String]
    }

    static func runExample(_ transport: RecordingTransport, options: [String] = [],
                           arguments: [String] = ["4850123456789"]) throws -> Run {
        let directory = try TemporaryDirectory()
        let rules = try directory.write("mailfilter.conf", Fixtures.exampleRules(logPath: directory.path("mail2sms.log"), secretsPath: directory.path("secrets")))
        let streams = StreamBuffers()
        let context = Context.testing(message: try Fixtures.message("ise-guest-plain.eml"), transport: transport,
                                      streams: streams)
        // Postfix passes the client's address; the example's guard allows its ISE node.
        let status = Mail2SMS.run(arguments: ["--state-dir", directory.url.path, "--client", "192.0.2.10"] + options + [rules] + arguments,
                                  context: context)
        return Run(status: status, requests: transport.requests, output: streams.output, error: streams.error,
                   log: directory.lines("mail2sms.log"))
    }

    @Test func sendsTheCredentialsAsOneSMS() throws {
        let run = try Self.runExample(RecordingTransport(status: 202))
        #expect(run.status == .ok)
        #expect(run.output == "")
        #expect(run.error == "")
        try #require(run.requests.count == 1)
        let request = run.requests[0]
        #expect(request.method == "GET")
        let url = try #require(URL(string: request.url))
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 13013)
        #expect(url.path == "/cgi-bin/sendsms")
        #expect(url.queryValue("to") == "+4850123456789")
        #expect(url.queryValue("text") == Self.smsText)
        #expect(url.queryValue("username") == "tester")
        #expect(url.queryValue("password") == Self.gatewayPassword)
    }

    /// The line of the example file that starts with `prefix` (after indentation), 1-based.
    static func exampleLine(startingWith prefix: String) throws -> Int {
        let lines = try Fixtures.exampleRules(logPath: "x").components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.drop { $0 == " " }.hasPrefix(prefix) }) + 1
    }

    @Test func logsTheRuleAndTheSMSRecordWithoutSecrets() throws {
        let run = try Self.runExample(RecordingTransport(status: 202))
        try #require(run.log.count == 2)
        #expect(run.log[0] == "ISE guest notification: sending credentials to 4850123456789")
        let timestamp = Clock(now: { 1_700_000_000 }, milliseconds: { 0 }).timestamp()
        #expect(run.log[1].hasPrefix("\(timestamp) mail2sms[4242]: sms to=+4850123456789 gateway=kannel status=202 outcome=sent parts=1 coding=gsm7 ms=0 msgid=<1385847587000.7.JavaMail.ise@ise.example.com> rule="))
        #expect(run.log[1].hasSuffix("/mailfilter.conf:\(try Self.exampleLine(startingWith: "sms to"))"))
        for line in run.log {
            #expect(!line.contains(Self.password))
            #expect(!line.contains(Self.gatewayPassword))
        }
    }

    enum Reply: Sendable, CustomTestStringConvertible {
        case status(Int)
        case noConnection

        var transport: RecordingTransport {
            switch self {
            case .status(let status): return RecordingTransport(status: status)
            case .noConnection:
                return RecordingTransport(.failure(HTTPFailure(code: 7,
                    message: "Failed to connect to 127.0.0.1 port 13013 after 0 ms: Couldn't connect to server")))
            }
        }

        var testDescription: String {
            switch self {
            case .status(let status): return "HTTP \(status)"
            case .noConnection: return "no connection"
            }
        }
    }

    /// The example's Kannel accepts with 202 only; a 200 is not Kannel's acceptance (a proxy, a wrong URL).
    static let replies: [(reply: Reply, status: Int32)] = [
        (.status(200), 75),
        (.status(202), 0),
        (.status(503), 75),
        (.status(500), 75),
        (.status(429), 75),
        (.status(401), 75),
        (.status(302), 75),
        (.status(400), 69),
        (.status(404), 69),
        (.noConnection, 75),
    ]

    @Test(arguments: replies)
    func gatewayAnswerDecidesTheStatus(reply: Reply, status: Int32) throws {
        let run = try Self.runExample(reply.transport)
        #expect(run.status.code == status)
        #expect(run.requests.count == 1)
        if status == 0 {
            #expect(run.error == "")
        } else {
            // One line naming the rule and the endpoint, never the query.
            #expect(run.error.hasPrefix("mail2sms: sms at "))
            #expect(run.error.contains("via gateway kannel (http://127.0.0.1:13013/cgi-bin/sendsms)"))
            #expect(run.error.hasSuffix(status == 75 ? "; will retry\n" : "; not sent\n"))
            #expect(run.error.filter { $0 == "\n" }.count == 1)
        }
        // Postfix mails stderr back in bounces: no credentials and no SMS text there, ever.
        for secret in [Self.password, Self.gatewayPassword, Self.smsText, "jsmith02", "text="] {
            #expect(!run.error.contains(secret))
            #expect(!run.output.contains(secret))
        }
    }

    @Test func aMessageThatDoesNotMatchSendsNothing() throws {
        let directory = try TemporaryDirectory()
        let rules = try directory.write("r.conf", Fixtures.exampleRules(logPath: directory.path("log"), secretsPath: directory.path("secrets")))
        let transport = RecordingTransport(status: 202)
        let streams = StreamBuffers()
        let message = Array("Subject: hello\n\nUsername: x\nPassword: y\nto: 123456\n".utf8)
        let status = Mail2SMS.run(arguments: [rules], context: .testing(message: message, transport: transport, streams: streams))
        #expect(status == .ok)
        #expect(transport.requests.isEmpty)
        #expect(streams.error == "")
        // Nothing sent, and said so: in the log, and in the line pipe(8) shows in its status=sent (…).
        #expect(directory.lines("log") == ["2023-11-14T22:13:20+0000 mail2sms[4242]: nosms reason=no-match sms=0 msgid=-"])
        #expect(streams.output == "mail2sms: no SMS sent: no rule asked for one\n")
    }

    @Test func dryRunSendsNothingAndMasksTheGatewayPassword() throws {
        let run = try Self.runExample(RecordingTransport(status: 202), options: ["--dry-run"])
        #expect(run.status == .ok)
        #expect(run.requests.isEmpty)
        #expect(run.log == [])
        #expect(run.output.contains("    to:      +4850123456789\n"))
        #expect(run.output.contains("  text:    \(Self.smsText)\n"))
        #expect(run.output.contains("password=***"))
        #expect(!run.output.contains(Self.gatewayPassword))
        #expect(run.output.hasSuffix("exit status if the gateways accept: 0\n"))
        #expect(run.error == "")
    }

    /// A dry run gets the same deadline as a delivery: a runaway loop in it must end too. `--check` runs
    /// no rules and gets none.
    @Test func dryRunArmsTheDeadline() throws {
        final class Armed { var seconds: [Int] = [] }
        let directory = try TemporaryDirectory()
        let rules = try directory.write("r.conf", "X=1\n")
        for (mode, expected) in [(["--dry-run"], [7]), ([], [7]), (["--check"], [])] {
            let armed = Armed()
            var context = Context.testing(message: [], transport: RecordingTransport(status: 200), streams: StreamBuffers())
            context.armDeadline = { armed.seconds.append($0) }
            _ = Mail2SMS.run(arguments: ["--state-dir", directory.url.path, "--deadline", "7"] + mode + [rules],
                             context: context)
            #expect(armed.seconds == expected, "\(mode)")
        }
    }

    @Test func checkOfTheExampleIsSilent() throws {
        let run = try Self.runExample(RecordingTransport(status: 202), options: ["--check"], arguments: [])
        #expect(run.status == .ok)
        #expect(run.error == "")
        #expect(run.requests.isEmpty)
    }

    @Test func brokenRulesAreADataErrorForCheckAndATemporaryFailureForDelivery() throws {
        let directory = try TemporaryDirectory()
        let rules = try directory.write("bad.conf", """
            gateway kannel { url "http://h/?password=foobar&text=%data%" }
            if (/^Subject: (/) sms to 1 text "secret"
            echo "x"
            """)
        for (mode, expected) in [(["--check"], Mail2SMSCore.ExitStatus.dataError), ([], .temporaryFailure)] {
            let streams = StreamBuffers()
            let transport = RecordingTransport(status: 202)
            let status = Mail2SMS.run(arguments: mode + [rules],
                                      context: .testing(message: [], transport: transport, streams: streams))
            #expect(status == expected)
            #expect(transport.requests.isEmpty)
            #expect(streams.error.hasPrefix("\(rules):2:"))
            if mode.isEmpty {
                // At delivery time: the first error on one line, no source line (it could hold a password).
                #expect(streams.error.hasSuffix("(and 1 more; run mail2sms --check \(rules))\n"))
                #expect(!streams.error.contains("foobar") && !streams.error.contains("secret"))
                #expect(streams.error.filter { $0 == "\n" }.count == 1)
            }
        }
    }

    @Test func unreadableRulesAreATemporaryFailure() {
        let streams = StreamBuffers()
        let status = Mail2SMS.run(arguments: ["/nonexistent/mail2sms.conf"],
                                  context: .testing(message: [], transport: RecordingTransport(status: 202), streams: streams))
        #expect(status == .temporaryFailure)
        #expect(streams.error == "mail2sms: cannot read rules file /nonexistent/mail2sms.conf: No such file or directory\n")
    }

    @Test func unopenableLogfileIsATemporaryFailure() throws {
        let directory = try TemporaryDirectory()
        let rules = try directory.write("r.conf", Fixtures.exampleRules(logPath: directory.path("missing/dir/log"), secretsPath: directory.path("secrets")))
        let streams = StreamBuffers()
        let transport = RecordingTransport(status: 202)
        let status = Mail2SMS.run(arguments: [rules, "1"], context: .testing(
            message: try Fixtures.message("ise-guest-plain.eml"), transport: transport, streams: streams))
        #expect(status == .temporaryFailure)
        #expect(transport.requests.isEmpty)
        let line = try Self.exampleLine(startingWith: "logfile")
        #expect(streams.error == "\(rules):\(line):1: error: cannot open log file \(directory.path("missing/dir/log")): No such file or directory\n")
    }

    @Test func exitAfterSMSStillSendsAndKeepsTheRulesStatus() throws {
        let directory = try TemporaryDirectory()
        let rules = try directory.write("r.conf", """
            gateway k { url "http://h/?to=%number%&text=%data%" }
            sms to $1 text "first"
            EXITCODE = 300
            exit
            sms to $1 text "never"
            """)
        let transport = RecordingTransport(status: 200)
        let streams = StreamBuffers()
        let status = Mail2SMS.run(arguments: ["--state-dir", directory.url.path, rules, "4850123456789"],
                                  context: .testing(message: [], transport: transport, streams: streams))
        #expect(status.code == 44)
        #expect(transport.requests.map(\.url) == ["http://h/?to=%2B4850123456789&text=first"])
    }

    /// The lines patterns see, one output line each: an encoded word can decode to a CR LF inside one header
    /// line, shown as `\r\n`.
    @Test(arguments: [
        ("Subject: hi\nTo: a@b\n\nbody line\r\nlast", "Subject: hi\nTo: a@b\nbody line\nlast\n"),
        ("Subject: =?utf-8?q?a=0D=0Ab=1B?=\nTo: a@b\n\nbody\n", "Subject: a\\r\\nb\\x1B\nTo: a@b\nbody\n"),
    ])
    func canonicalPrintsTheLinesPatternsSee(message: String, expected: String) {
        let streams = StreamBuffers()
        let status = Mail2SMS.run(arguments: ["--canonical"], context: .testing(
            message: Array(message.utf8), transport: RecordingTransport(status: 200), streams: streams))
        #expect(status == .ok)
        #expect(streams.output == expected)
    }

    @Test func versionAndHelp() {
        let streams = StreamBuffers()
        let context = Context.testing(message: [], transport: RecordingTransport(status: 200), streams: streams)
        #expect(Mail2SMS.run(arguments: ["--version"], context: context) == .ok)
        #expect(Mail2SMS.run(arguments: ["--help"], context: context) == .ok)
        #expect(streams.output == "mail2sms \(Version.string)\n\(Options.help)\n")
    }
}
