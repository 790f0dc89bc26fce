import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// `mail2sms [-f SENDER] [-r RECIPIENT] [-n|--dry-run] [--check] [--canonical] [RULES [ARG …]]`.
@Suite struct OptionsTests {
    /// One command line and the options it should give (unset fields keep their defaults).
    struct Parsed: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var sender: String? = nil
        var recipient: String? = nil
        var dryRun = false
        var check = false
        var canonical = false
        var help = false
        var version = false
        var rules = Options.defaultRulesPath
        var ruleArguments: [String] = []

        var options: Options {
            var options = Options()
            options.sender = sender
            options.recipient = recipient
            options.dryRun = dryRun
            options.check = check
            options.canonical = canonical
            options.help = help
            options.version = version
            options.rulesPath = rules
            options.arguments = ruleArguments
            return options
        }

        var testDescription: String { arguments.isEmpty ? "(none)" : arguments.joined(separator: " ") }
    }

    static let valid: [Parsed] = [
        Parsed(arguments: []),
        Parsed(arguments: ["r.conf"], rules: "r.conf"),
        Parsed(arguments: ["-f", "x@y"], sender: "x@y"),
        Parsed(arguments: ["-fx@y"], sender: "x@y"),
        Parsed(arguments: ["-f", "-weird"], sender: "-weird"),
        Parsed(arguments: ["-f", ""], sender: ""),
        Parsed(arguments: ["-r", "sms@h"], recipient: "sms@h"),
        Parsed(arguments: ["-rsms@h"], recipient: "sms@h"),
        Parsed(arguments: ["-n", "r.conf"], dryRun: true, rules: "r.conf"),
        Parsed(arguments: ["--dry-run", "r.conf"], dryRun: true, rules: "r.conf"),
        Parsed(arguments: ["--check", "r.conf"], check: true, rules: "r.conf"),
        Parsed(arguments: ["--canonical"], canonical: true),
        Parsed(arguments: ["-h"], help: true),
        Parsed(arguments: ["--help"], help: true),
        Parsed(arguments: ["--version"], version: true),
        Parsed(arguments: ["-f", "s@h", "/etc/mail2sms/mailfilter.conf", "4850123456789"], sender: "s@h",
               rules: "/etc/mail2sms/mailfilter.conf", ruleArguments: ["4850123456789"]),
        // After RULES everything is an argument for the rules, even what looks like an option.
        Parsed(arguments: ["r.conf", "-n", "--check", "-x"], rules: "r.conf", ruleArguments: ["-n", "--check", "-x"]),
        Parsed(arguments: ["r.conf", "a", "", "b c"], rules: "r.conf", ruleArguments: ["a", "", "b c"]),
        Parsed(arguments: ["--", "-rules.conf", "-a"], rules: "-rules.conf", ruleArguments: ["-a"]),
        Parsed(arguments: ["-n", "--", "r.conf"], dryRun: true, rules: "r.conf"),
        Parsed(arguments: ["--"]),
        Parsed(arguments: ["-"], rules: "-"),
        Parsed(arguments: ["-n", "-n", "r.conf"], dryRun: true, rules: "r.conf"),
    ]

    @Test(arguments: valid)
    func parses(parsed: Parsed) throws {
        #expect(try Options.parse(parsed.arguments) == parsed.options)
    }

    static let usageErrors: [(arguments: [String], message: String)] = [
        (["-x"], "unknown option '-x'"),
        (["--verbose", "r.conf"], "unknown option '--verbose'"),
        (["-nv"], "unknown option '-nv'"),
        (["--dry-run=yes"], "unknown option '--dry-run=yes'"),
        (["-f"], "option '-f' needs a value"),
        (["-r"], "option '-r' needs a value"),
        (["-n", "-f"], "option '-f' needs a value"),
        (["-n", "--check", "r.conf"], "use only one of --dry-run, --check and --canonical"),
        (["--check", "--canonical"], "use only one of --dry-run, --check and --canonical"),
        (["--dry-run", "--canonical"], "use only one of --dry-run, --check and --canonical"),
        (["--user", "nobody", "r.conf"], "'--user' goes with --check: the user the deployment is checked for"),
        (["--check", "--user"], "option '--user' needs a value"),
        (["-" + String(repeating: "x", count: 100)], "unknown option '-" + String(repeating: "x", count: 39) + "'"),
        (["--syslog", "kern"], "'--syslog' is 'yes', 'no' or a facility: \(SyslogFacility.names)"),
        (["--syslog"], "option '--syslog' needs a value"),
        (["--queue-id", "4F9D; rm"], "'--queue-id' is a Postfix queue ID: letters and digits, at most 64"),
        (["--queue-id", ""], "'--queue-id' is a Postfix queue ID: letters and digits, at most 64"),
        (["--queue-id", String(repeating: "A", count: 65)], "'--queue-id' is a Postfix queue ID: letters and digits, at most 64"),
    ]

    /// `--syslog FACILITY` and `--queue-id ${queue_id}`, as the README's pipe(8) line passes it (short and long
    /// queue IDs).
    @Test(arguments: [
        (["--syslog", "yes"], SyslogSetting.on(.mail), nil),
        (["--syslog", "no", "--queue-id", "4F9D12A3B7"], .off, "4F9D12A3B7"),
        (["--queue-id", "4dBHWq2ZFhz1xRq", "--syslog", "local4"], .on(.local4), "4dBHWq2ZFhz1xRq"),
    ] as [([String], SyslogSetting?, String?)])
    func syslogAndQueueID(arguments: [String], syslog: SyslogSetting?, queueID: String?) throws {
        let options = try Options.parse(arguments + ["r.conf"])
        #expect(options.syslog == syslog)
        #expect(options.queueID == queueID)
        #expect(options.rulesPath == "r.conf")
    }

    @Test(arguments: usageErrors)
    func usageError(arguments: [String], message: String) {
        #expect(throws: Failure.usage(message)) { try Options.parse(arguments) }
    }

    @Test func usageErrorsExit64WithTheUsageLine() {
        let streams = StreamBuffers()
        let context = Context.testing(message: [], transport: RecordingTransport(status: 200), streams: streams)
        let status = Mail2SMS.run(arguments: ["--bogus"], context: context)
        #expect(status == .usage)
        #expect(streams.error == "mail2sms: unknown option '--bogus'\n\(Options.usage)\n")
        #expect(streams.output == "")
    }
}

/// `journal` as the first operand: its command, its options after it, never a rules file.
@Suite struct JournalCommandOptionsTests {
    @Test(arguments: [
        (["journal", "list"], JournalCommand.list(limit: JournalCommand.defaultListLimit)),
        (["--state-dir", "/s", "journal", "list", "--limit", "5"], .list(limit: 5)),
        (["journal", "rate", "0048 501 234 567"], .rate(number: "+48501234567")),
        (["journal", "forget", "--log", "/l", "<m@h>"], .forget(messageID: "<m@h>", log: "/l")),
        (["journal", "forget", "<m@h>"], .forget(messageID: "<m@h>", log: nil)),
        (["journal", "forget-rate", "+48501234567", "--log", "/l"], .forgetRate(number: "+48501234567", log: "/l")),
    ])
    func parses(arguments: [String], command: JournalCommand) throws {
        #expect(try Options.parse(arguments).journal == command)
    }

    @Test func aRulesFileNamedJournalIsGivenAsAPath() throws {
        let options = try Options.parse(["./journal", "list"])
        #expect(options.journal == nil && options.rulesPath == "./journal" && options.arguments == ["list"])
    }

    @Test(arguments: [
        (["journal"], "'journal' needs one of list, rate, forget, forget-rate"),
        (["journal", "purge"], "unknown journal command 'purge'"),
        (["journal", "list", "--limit", "10001"], "'--limit' is a number of lines from 1 to 10000"),
        (["journal", "list", "--limit"], "option '--limit' needs a value"),
        (["journal", "rate", "+48 5O1"], "the number is not a phone number (write it as +, country code and number)"),
        (["journal", "forget", "a", "b"], "'journal forget' takes one operand"),
        (["journal", "rate", "--log", "/l", "+48501234567"], "'journal rate' takes no '--log'"),
        (["-n", "journal", "list"], "'journal' takes none of --dry-run, --check and --canonical"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect(throws: Failure.usage(message)) { try Options.parse(arguments) }
    }
}
