import Foundation
import TestSupport
import Testing

/// Rules files built to exhaust the compiler or the interpreter, through the binary in delivery mode: each
/// ends within its bound, with 75 when the rules cannot be run as written (Postfix keeps the mail while the
/// admin fixes them) and 0 when a limit only makes a pattern fail, never by a signal. Bounds as in
/// `HostileMailTests` (the debug build, a loaded machine).
@Suite(.serialized) struct HostileRulesTests {
    static func run(_ rules: String, message: String = "Subject: hostile rules\n\nUsername: jw7\n",
                    in folder: TemporaryFolder, options: [String] = [], seconds: Double = 3, megabytes: Double = 64,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> (MeasuredProcess, String) {
        let log = folder.path("mail2sms.log")
        let path = try folder.write("rules.conf", "logfile \"\(log)\"\n" + rules)
        let mail = try MessageFile(folder, "mail.eml")
        try mail.write(message)
        try mail.close()
        let run = try MeasuredProcess.run(options + [path], stdinPath: mail.path, killAfter: seconds * 4)
        #expect(run.signal == nil, "\(run.summary)", sourceLocation: sourceLocation)
        #expect(run.seconds < seconds, "\(run.summary)", sourceLocation: sourceLocation)
        #expect(run.peakMegabytes < megabytes, "\(run.summary)", sourceLocation: sourceLocation)
        return (run, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func tenThousandNestedIfs() throws {
        let folder = try TemporaryFolder()
        let rules = String(repeating: "if (/^Username:/:b)\n{\n", count: 10_000) + "X=1\n" + String(repeating: "}\n", count: 10_000)
        let (run, _) = try Self.run(rules, in: folder)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("nest deeper than 100 levels"))
    }

    @Test func tenThousandNestedParentheses() throws {
        let folder = try TemporaryFolder()
        let (run, _) = try Self.run("X=" + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "\n",
                                    in: folder)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("nest deeper than 100 levels"))
    }

    /// A 1 MB string is a string: assigned, measured, and sent as an SMS cut to its three parts.
    @Test func aOneMegabyteString() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let text = String(repeating: "a", count: 1_000_000)
        let (run, log) = try Self.run("""
            gateway fake { url "http://127.0.0.1:\(gateway.port)/send?to=%number%&text=%data%" }
            S="\(text)"
            L=length($S)
            log "length=$L"
            sms to "+48 501 234 567" text "$S" via fake

            """, in: folder)
        #expect(run.status == 0, "\(run.summary)")
        #expect(log.contains("length=1000000"))
        #expect(try gateway.requests().flatMap { $0.values("text") }.map(\.count) == [3 * 153])
    }

    @Test func aRulesFileOverSixteenMegabytes() throws {
        let folder = try TemporaryFolder()
        let (run, _) = try Self.run("# " + String(repeating: "x", count: 17 * 1024 * 1024) + "\n", in: folder, megabytes: 160)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("rules file is larger than 16777216 bytes"))
    }

    /// A file of nothing but statement separators, 16 MiB of them: the lexer stops at 500,000 tokens
    /// (`Lexer.maximumTokens`) instead of holding 16 million.
    @Test func sixteenMegabytesOfSeparators() throws {
        let folder = try TemporaryFolder()
        let (run, _) = try Self.run(String(repeating: ";", count: 16 * 1024 * 1024 - 100), in: folder, megabytes: 160)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("more than 500000 tokens"))
    }

    /// `--check` on a megabyte of errors, one every few bytes on one line or on 250,000 lines: the window of
    /// the line quoted under each is bounded, and so is their number (`Parser.maximumErrors`, 100).
    @Test(arguments: [("X=) ", " "), ("X=)\n", "\n")])
    func aMegabyteOfErrors(statement: String, separator: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("rules.conf", String(repeating: statement, count: 250_000) + "\n")
        let mail = try MessageFile(folder, "mail.eml")
        try mail.close()
        let run = try MeasuredProcess.run(["--check", path], stdinPath: mail.path, killAfter: 20)
        #expect(run.status == 65, "\(run.summary)")
        #expect(run.seconds < 3, "\(run.summary)")
        #expect(run.peakMegabytes < 160, "\(run.summary)")
        let errors = run.stderr.components(separatedBy: ": error: ").count - 1
        #expect(errors <= 100 + 1, "at most 100 errors and the one saying where checking stopped")
        #expect(run.stderr.utf8.count < (100 + 1) * 300, "\(run.stderr.utf8.count) bytes on stderr")
        if separator == "\n" {
            #expect(errors == 101)
            #expect(run.stderr.contains(":101:3: error: too many errors; stopped checking after line 100"))
        }
    }

    @Test func anIncludeLoop() throws {
        let folder = try TemporaryFolder()
        let loop = try folder.write("loop.inc", "include \"\(folder.path("loop.inc"))\"\n")
        let (run, _) = try Self.run("include \"\(loop)\"\n", in: folder)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("includes nest deeper than 20 levels"))
    }

    /// `(a+)+$` backtracks exponentially on a long run of `a` not at the end of the line; PCRE2's match
    /// limit stops it: no match, logged, and the rules go on.
    @Test func catastrophicBacktrackingOnAOneMegabyteLine() throws {
        let folder = try TemporaryFolder()
        let message = "Subject: x\n\n" + String(repeating: "a", count: 1_000_000) + "!\nUsername: jw7\n"
        let (run, log) = try Self.run("""
            if (/(a+)+$/:b)
                log "matched"
            if (/^Username:\\s*(\\S+)/:b)
                log "username=$MATCH1"

            """, message: message, in: folder, seconds: 1)
        #expect(run.status == 0, "\(run.summary)")
        #expect(log.contains("gave up (match limit exceeded); counted as no match"), "\(log)")
        #expect(!log.contains("matched"))
        #expect(log.contains("username=jw7"))
    }

    /// maildrop would double the value until the kernel kills it; here the run stops at the value limit.
    @Test func aValueThatDoublesInALoop() throws {
        let folder = try TemporaryFolder()
        let (run, _) = try Self.run("""
            X="ab"
            while (1)
                X="$X$X"

            """, in: folder, megabytes: 160)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("a value grew past 16777216 bytes"))
    }

    @Test func aLoopThatNeverEnds() throws {
        let folder = try TemporaryFolder()
        let (run, _) = try Self.run("while (1)\n    X=1\n", in: folder, seconds: 10)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.stderr.contains("'while' ran more than 1000000 times"))
    }

    /// A dry run traces each turn of a loop (two lines here): the trace stops at 10000 lines with a line
    /// saying so, instead of growing to hundreds of megabytes, and the loop limit still ends the loop.
    @Test func aLoopThatNeverEndsInADryRun() throws {
        let folder = try TemporaryFolder()
        let (trapped, _) = try Self.run("exception {\n while (1)\n  X=\"a\"\n}\n", in: folder,
                                        options: ["--dry-run"], seconds: 10)
        #expect(trapped.status == 0, "\(trapped.summary)")
        let lines = trapped.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 10_010, "\(lines.count) lines")
        #expect(lines.contains("trace cut: it reached 10000 lines or 16777216 bytes; the rules ran on untraced"))
        #expect(trapped.stdout.hasSuffix("no sms\nexit status if the gateways accept: 0\n"))

        let (untrapped, _) = try Self.run("while (1)\n    X=\"a\"\n", in: folder, options: ["--dry-run"], seconds: 10)
        #expect(untrapped.status == 75, "\(untrapped.summary)")
        #expect(untrapped.stderr.contains("'while' ran more than 1000000 times"))
    }

    /// The deadline holds when mail2sms is started with SIGALRM blocked (a mask is inherited across exec):
    /// it unblocks the signal when it arms the alarm.
    @Test func theDeadlineHoldsWhenTheAlarmSignalIsBlocked() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("rules.conf", "while (1)\n{\n    exception {\n        while (1)\n            X=1\n    }\n}\n")
        let mail = try MessageFile(folder, "mail.eml")
        try mail.write("Subject: x\n\nbody\n")
        try mail.close()
        let run = try MeasuredProcess.run(["--deadline", "2", path], stdinPath: mail.path, killAfter: 32,
                                          blockedSignals: [SIGALRM])
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.seconds < 8, "\(run.summary)")
        #expect(run.stderr.contains("the run's deadline was reached"), "\(run.summary)")
    }

    /// A dry run has the run's deadline too: rules that would run for hours (each turn of the outer loop
    /// runs an inner one to its limit, trapped) end at it with 75.
    @Test func aDryRunEndsAtTheDeadline() throws {
        let folder = try TemporaryFolder()
        let (run, _) = try Self.run("""
            while (1)
            {
                exception {
                    while (1)
                        X=1
                }
            }

            """, in: folder, options: ["--dry-run", "--deadline", "2"], seconds: 8)
        #expect(run.status == 75, "\(run.summary)")
        #expect(run.seconds >= 2, "\(run.summary)")
        #expect(run.stderr.contains("the run's deadline was reached"), "\(run.summary)")
    }
}
