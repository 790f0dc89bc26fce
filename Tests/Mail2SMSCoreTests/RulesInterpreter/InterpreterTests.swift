import Glibc
import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// What the fixtures in Fixtures/rules cannot show: log files that fail or switch, dry runs, limits.
@Suite struct InterpreterTests {
    static func run(_ source: String, lines: CanonicalText = CanonicalText(headerLines: ["Subject: x"], bodyLines: ["body"]),
                    dryRun: Bool = false) throws -> RuleOutcome {
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "r.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        var interpreter = Interpreter(program: try #require(program), text: lines, variables: [:], clock: .system, dryRun: dryRun)
        return try interpreter.run()
    }

    @Test func logWithoutLogfileIsANoOp() throws {
        let outcome = try Self.run("log \"nowhere\"")
        #expect(outcome.logFile == nil)
        #expect(outcome.trace == [])
    }

    @Test func logfileCanSwitch() throws {
        let directory = try TemporaryDirectory()
        let outcome = try Self.run("""
            logfile "\(directory.path("a"))"
            log "one"
            logfile "\(directory.path("b"))"
            log "two"
            """)
        #expect(directory.lines("a") == ["one"])
        #expect(directory.lines("b") == ["two"])
        #expect(outcome.logFile?.path == directory.path("b"))
    }

    @Test func logfileAppends() throws {
        let directory = try TemporaryDirectory()
        try directory.write("log", "earlier\n")
        _ = try Self.run("logfile \"\(directory.path("log"))\"\nlog \"later\"")
        #expect(directory.lines("log") == ["earlier", "later"])
    }

    @Test func unopenableLogfileStopsTheRules() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing/log")
        #expect(throws: RuntimeFailure.logfileUnopenable(path: path, FileDescriptor.Errno(2),
                                                         SourceLocation(file: "r.conf", line: 2, column: 1))) {
            _ = try Self.run("X=1\nlogfile \"\(path)\"\nlog \"x\"")
        }
    }

    @Test func dryRunTracesInsteadOfWriting() throws {
        let directory = try TemporaryDirectory()
        let outcome = try Self.run("logfile \"\(directory.path("log"))\"\nlog \"a\\tb\"", dryRun: true)
        #expect(outcome.trace == ["logfile \(directory.path("log"))", "log: a\tb"])
        #expect(outcome.logFile == nil)
        #expect(directory.lines("log") == [])
    }

    @Test func firstMatchingLineWins() throws {
        let directory = try TemporaryDirectory()
        _ = try Self.run("""
            logfile "\(directory.path("log"))"
            if (/^x(\\d)/:b) log "$MATCH1"
            """, lines: CanonicalText(headerLines: [], bodyLines: ["y0", "x1", "x2"]))
        #expect(directory.lines("log") == ["1"])
    }

    /// Patterns with a literal prefix search only the lines the index offers: the first match must still
    /// be the first line in order, including a line that starts with a non-ASCII character (caseless `k`
    /// matches the Kelvin sign in UTF mode) and lines of either case.
    @Test func indexedSearchKeepsLineOrder() throws {
        let directory = try TemporaryDirectory()
        _ = try Self.run("""
            logfile "\(directory.path("log"))"
            if (/^key:(.)/:b) log "$MATCH1"
            if (/^KEY:(.)/:b) log "$MATCH1"
            if (/^Key:(.)/:bD) log "$MATCH1"
            if (/^Other:(.)/:b) log "$MATCH1"
            """, lines: CanonicalText(headerLines: [], bodyLines: ["", "x", "\u{212A}ey:1", "KEY:2", "Key:3", "other:4"]))
        #expect(directory.lines("log") == ["1", "1", "3", "4"])
    }

    /// Catastrophic backtracking on hostile mail ends at PCRE2's match limit: no match, a log line.
    @Test(.hangLimit)
    func regexLimitIsNoMatch() throws {
        let directory = try TemporaryDirectory()
        let hostile = String(repeating: "a", count: 40) + "!"
        _ = try Self.run("""
            logfile "\(directory.path("log"))"
            if (/^(a+)+$/:b) log "matched"
            else log "no match"
            """, lines: CanonicalText(headerLines: [], bodyLines: [hostile]))
        let lines = directory.lines("log")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("mail2sms: pattern at r.conf:2:5 gave up (") == true)
        #expect(lines.last == "no match")
    }

    /// As in maildrop, a lookup list that cannot be read (or holds a bad pattern) stops the rules, so the
    /// mail is deferred; `exception` traps it.
    @Test func unreadableLookupFileStopsTheRules() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.txt")
        #expect(throws: RuntimeFailure.lookupFailed(file: path, .unreadable(FileDescriptor.Errno(ENOENT)),
                                                    SourceLocation(file: "r.conf", line: 1, column: 10))) {
            _ = try Self.run("if (1 && lookup(\"x\", \"\(path)\")) X=1")
        }
        try directory.write("list", "ok\n(unclosed\n")
        #expect(throws: RuntimeFailure.self) {
            _ = try Self.run("X = lookup(\"no\", \"\(directory.path("list"))\")")
        }
        let outcome = try Self.run("exception { X = lookup(\"x\", \"\(path)\") }\nsms to 1 text 2\ngateway k { url 'http://h/' }")
        #expect(outcome.messages.count == 1)
    }

    /// Weighted patterns score without setting MATCH; on a string every occurrence scores.
    @Test func weightedPatternsOnlyScore() throws {
        let directory = try TemporaryDirectory()
        _ = try Self.run("""
            logfile "\(directory.path("log"))"
            A = (/^(x)/:b,2,0.5)
            B = ("x1 x2 x3" =~ /x/:,1,10)
            log "$A $B [$MATCH] [$MATCH1]"
            """, lines: CanonicalText(headerLines: [], bodyLines: ["x1", "y", "x2"]))
        #expect(directory.lines("log") == ["3 111 [] []"])
    }

    /// A value that doubles in a loop stops at `maximumValueBytes`, as a string or through `escape`;
    /// `exception` traps it like any runtime failure.
    @Test func valuesStopGrowingAtTheLimit() throws {
        #expect(throws: RuntimeFailure.valueTooLong(SourceLocation(file: "r.conf", line: 3, column: 7))) {
            _ = try Self.run("X=\"ab\"\nwhile (1)\n    X=\"$X$X\"")
        }
        #expect(throws: RuntimeFailure.valueTooLong(SourceLocation(file: "r.conf", line: 3, column: 7))) {
            _ = try Self.run("X=\"..\"\nwhile (1)\n    X=escape($X)")
        }
        let outcome = try Self.run("X=\"ab\"\nexception {\n while (1)\n  X=\"$X$X\"\n}\nL=length($X)")
        // "ab" doubled to exactly the limit (2^24 bytes) is the last value that fit.
        #expect(outcome.variables["L"] == String(Interpreter.maximumValueBytes))
    }

    static let traceCut = "trace cut: it reached \(Interpreter.maximumTraceLines) lines or \(Interpreter.maximumTraceBytes) bytes; the rules ran on untraced"

    /// A dry run keeps `maximumTraceLines` lines of trace, then one saying it was cut: a loop that runs to
    /// the loop limit no longer builds millions of lines (two per turn) before the run even fails.
    @Test(.hangLimit)
    func dryRunTraceIsCutAfterItsLines() throws {
        let outcome = try Self.run("exception {\n while (1)\n  X=\"a\"\n}\nY=1", dryRun: true)
        #expect(outcome.trace.count == Interpreter.maximumTraceLines + 1)
        #expect(outcome.trace.prefix(2) == ["line 2: while (1) is true", "line 3: X=a"])
        #expect(outcome.trace.last == Self.traceCut)
        // The rules ran on after the cut, untraced.
        #expect(outcome.variables["Y"] == "1")

        // Untrapped, the loop limit ends the run as before, with the trace as short.
        let (program, _) = Program.compile(Array("while (1)\n X=\"a\"".utf8), file: "r.conf")
        var interpreter = Interpreter(program: try #require(program), text: CanonicalText(headerLines: [], bodyLines: []),
                                      variables: [:], clock: .system, dryRun: true)
        #expect(throws: RuntimeFailure.loopLimit(SourceLocation(file: "r.conf", line: 1, column: 1))) {
            _ = try interpreter.run()
        }
        #expect(interpreter.trace.count == Interpreter.maximumTraceLines + 1)
        #expect(interpreter.trace.last == Self.traceCut)
    }

    /// Long lines fill the trace first: it holds at most `maximumTraceBytes`.
    @Test func dryRunTraceIsCutAfterItsBytes() throws {
        let megabyte = String(repeating: "m", count: 1 << 20)
        let outcome = try Self.run("X=\"\(megabyte)\"\nN=0\nwhile ($N < 40)\n{\n Y=\"$X\"\n N=$N+1\n}\nZ=$N", dryRun: true)
        #expect(outcome.trace.last == Self.traceCut)
        #expect(outcome.trace.dropLast().reduce(0) { $0 + $1.utf8.count } <= Interpreter.maximumTraceBytes)
        #expect(outcome.trace.filter { $0.utf8.count > 1 << 20 }.count == 15)
        #expect(!outcome.trace.contains("line 6: N=40"))
        #expect(outcome.variables["Z"] == "40")
    }

    /// Past `maximumCachedPatterns` distinct texts, patterns with variables still work, compiled per use.
    @Test func patternsPastTheCacheLimitStillMatch() throws {
        let count = Interpreter.maximumCachedPatterns + 50
        let outcome = try Self.run("N=0\nM=0\nwhile ($N < \(count))\n{\n if (/^n$N$/:b) M=$M+1\n N=$N+1\n}",
                                   lines: CanonicalText(headerLines: [], bodyLines: (0..<count).map { "n\($0)" }))
        #expect(outcome.variables["M"] == String(count))
    }

    @Test func variablesArePredefinedByTheCaller() throws {
        let (program, _) = Program.compile(Array("sms to $1 text \"$FROM\"\ngateway k { url 'http://h/' }".utf8), file: "r.conf")
        var interpreter = Interpreter(program: try #require(program), text: CanonicalText(headerLines: [], bodyLines: []),
                                      variables: ["1": "123", "FROM": "a@b"], clock: .system)
        #expect(try interpreter.run().messages.map(\.text) == ["a@b"])
    }
}
