import Glibc
import MailMessage
import Platform
import RulesCompiler
import RulesLanguage

/// Runs a compiled program against one message: statements in order, maildrop's semantics.
///
/// Patterns search the canonical lines one at a time and set `MATCH`, `MATCH1`… on success, never clearing
/// them. `sms` records; nothing is sent here. With `dryRun`, nothing is written either: `logfile`, `log`
/// and deliveries are traced, with every condition and assignment, for `--dry-run`.
package struct Interpreter {
    /// Iterations one `while` may run.
    ///
    /// maildrop has no bound and relies on a watchdog; here a runaway loop ends the run with EX_TEMPFAIL long
    /// before Postfix's time limit would bounce the mail.
    static let maximumLoopIterations = 1_000_000
    /// How deeply `include` may nest: enough for any real layout, and an include loop ends here.
    ///
    /// 20 is maildrop's own limit, so a loop logs as much here as there.
    static let maximumIncludeDepth = 20
    /// Occurrences one `foreach (expr) =~ /re/` visits.
    static let maximumOccurrences = 100_000
    /// Bytes in one value (a string after substitution, the result of `escape`).
    ///
    /// maildrop has no bound, so `X="$X$X"` in a loop doubles until the process is killed; here it ends the
    /// run with EX_TEMPFAIL at a size that twice the message's searchable text (`MessageLimit.heldBytes`)
    /// still fits in.
    static let maximumValueBytes = 16 * 1024 * 1024
    /// Patterns with `$VAR` kept compiled after their first use.
    ///
    /// Past this many distinct texts (a loop building a new pattern each turn) a pattern is compiled for each
    /// use, so memory stays bounded.
    static let maximumCachedPatterns = 1_000
    /// Lines the `--dry-run` trace holds.
    ///
    /// A turn of a `while` traces its condition and each assignment, so a loop that runs until
    /// `maximumLoopIterations` would build millions of lines (670 MB in 20 seconds was seen) before the run
    /// even fails; an admin reads the first hundred. Past this, one line says the trace was cut and the rules
    /// run on untraced.
    static let maximumTraceLines = 10_000
    /// Bytes the `--dry-run` trace holds, for the same reason: ten thousand lines that each quote a value of
    /// up to `maximumValueBytes` would be far too many.
    static let maximumTraceBytes = 16 * 1024 * 1024

    /// The program being run: the main file, or the included file while `include` runs it.
    var program: Program
    let text: CanonicalText
    var variables: [String: String]
    let environment: (String) -> String?
    /// The run's clock: `time`, and the time of log records.
    let clock: Clock
    /// Turns mail2sms's own records (deliveries) into log lines with the run's time and PID.
    let stamp: (LogRecord) -> String
    let messageBytes: [UInt8]
    let dryRun: Bool
    var logFile: LogFile?
    var recorded: [RecordedSMS] = []
    var trace: [String] = []
    /// Bytes of `trace`, against `maximumTraceBytes`.
    var traceBytes = 0
    /// Set once the trace is full and the line saying so is its last.
    var traceCut = false
    /// Captures set while evaluating the condition being traced.
    var tracedCaptures: [(String, String)] = []
    var includeDepth = 0
    /// At delivery time, the user the run has: an included file must pass the main file's check
    /// (`RulesFilePermissions`) for it.
    ///
    /// Nil in dry runs and tests, which read any file.
    package var includeOwner: UInt32? = nil
    /// The variables maildrop sets from the running user's password entry (`HOME`, `LOGNAME`, `SHELL`) and
    /// its `PATH`: looked up only for a run whose rules mention one of them, at the first file that does
    /// (the lookup costs a read of nsswitch.conf and the password database on every mail otherwise).
    package var account: (() -> [String: String])? = nil
    /// Set once `account` was asked.
    var accountOffered = false
    /// Regexes of patterns with `$VAR`, by their final text; compiled on first use.
    var dynamicRegexes: [String: Regex?] = [:]
    /// Maildir deliveries made, so each gets a distinct file name.
    var deliveries = 0
    /// The header and body lines by first byte, built when a pattern with a literal prefix first needs them.
    var headerIndex: LineIndex?
    var bodyIndex: LineIndex?

    /// `variables` holds the predefined ones (FROM, SIZE, `1`, `2`…); `environment` is what `import` reads;
    /// `messageBytes` is what `to`/`cc` deliver.
    ///
    /// `clock` answers `time` and stamps log records; `stamp` (the run's, with its process ID) replaces that.
    package init(
        program: Program, text: CanonicalText, variables: [String: String], clock: Clock,
        environment: @escaping (String) -> String? = { _ in nil }, messageBytes: [UInt8] = [],
        dryRun: Bool = false, stamp: ((LogRecord) -> String)? = nil
    ) {
        self.clock = clock
        self.stamp = stamp ?? { $0.line(timestamp: clock.timestamp(), processID: getpid()) }
        self.program = program
        self.text = text
        self.variables = variables
        self.environment = environment
        self.messageBytes = messageBytes
        self.dryRun = dryRun
    }

    enum Flow { case next, exit }

    package mutating func run() throws(RuntimeFailure) -> RuleOutcome {
        var exitCode: Int32? = nil
        offerAccount(to: program)
        if try execute(program.statements) == .exit {
            exitCode = Int32(truncatingIfNeeded: atoi(variables["EXITCODE"] ?? "0")) & 0xFF
        } else if let target = variables["DEFAULT"], !target.isEmpty {
            // Falling off the end delivers to $DEFAULT, as maildrop does (mail2sms leaves DEFAULT empty).
            try deliver(
                to: target,
                at: program.statements.last?.location
                    ?? SourceLocation(file: program.file, line: 1, column: 1))
        }
        return RuleOutcome(messages: recorded, exitCode: exitCode, logFile: logFile, trace: trace, variables: variables)
    }

    // MARK: - Statements

    mutating func execute(_ statements: [Statement]) throws(RuntimeFailure) -> Flow {
        for statement in statements {
            if try execute(statement) == .exit { return .exit }
        }
        return .next
    }

    mutating func execute(_ statement: Statement) throws(RuntimeFailure) -> Flow {
        switch statement.kind {
        case .expression(let expression):
            _ = try evaluate(expression)
        case .conditional(let branches, let otherwise):
            for (i, branch) in branches.enumerated() where try holds(branch, keyword: i == 0 ? "if" : "elsif") {
                return try execute(branch.body)
            }
            if let otherwise { return try execute(otherwise) }
        case .loop(let branch):
            return try loop(branch, at: statement.location)
        case .foreach(let iterated, let body):
            for occurrence in try occurrences(iterated) {
                variables["MATCH"] = occurrence
                if try execute(body) == .exit { return .exit }
            }
        case .block(let body):
            return try execute(body)
        case .exception(let body):
            do throws(RuntimeFailure) {
                return try execute(body)
            } catch {
                log("mail2sms: exception at \(statement.location) trapped: \(error)")
            }
        case .log(let expression):
            log(LogText.interpretingEscapes(try evaluate(expression)))
        case .logfile(let expression):
            try openLogFile(try evaluate(expression), at: statement.location)
        case .include(let expression):
            return try include(try evaluate(expression), at: statement.location)
        case .importVariable(let name):
            variables[name] = environment(name)
        case .unset(let name):
            variables[name] = nil
        case .deliver(let expression, let copy):
            try deliver(to: try evaluate(expression), at: statement.location)
            if !copy { return .exit }
        case .exit:
            return .exit
        case .sms(let sms):
            try record(sms)
        }
        return .next
    }

    /// `while`: its body as long as the condition holds, at most `maximumLoopIterations` times.
    mutating func loop(_ branch: ConditionalBranch, at location: SourceLocation) throws(RuntimeFailure) -> Flow {
        var iterations = 0
        while try holds(branch, keyword: "while") {
            iterations += 1
            if iterations > Interpreter.maximumLoopIterations { throw .loopLimit(location) }
            if try execute(branch.body) == .exit { return .exit }
        }
        return .next
    }

    /// `logfile`: the log file from now on (traced, not opened, in a dry run).
    mutating func openLogFile(_ path: String, at location: SourceLocation) throws(RuntimeFailure) {
        if dryRun {
            traceLine("logfile \(path)")
            return
        }
        do throws(FileDescriptor.Errno) {
            logFile = try LogFile(path: path)
        } catch {
            throw .logfileUnopenable(path: path, error, location)
        }
    }

    /// `sms`: records one SMS with the rule variables its gateways' templates name (`%TICKET%`), as they
    /// are now.
    mutating func record(_ sms: SMSStatement) throws(RuntimeFailure) {
        let number = try evaluate(sms.number)
        let body = try evaluate(sms.text)
        var captured: [String: String] = [:]
        for name in sms.route.names {
            for variable in program.gateways[name]?.variableNames ?? [] {
                captured[variable] = variables[variable] ?? ""
            }
        }
        recorded.append(
            RecordedSMS(
                number: number, text: body, route: sms.route, location: sms.location,
                variables: captured))
    }

    /// Evaluates a condition, tracing it (with the captures it set) in a dry run.
    mutating func holds(_ branch: ConditionalBranch, keyword: String) throws(RuntimeFailure) -> Bool {
        tracedCaptures.removeAll()
        let result = Value.isTrue(try evaluate(branch.condition))
        if dryRun && !traceCut {
            var line = "line \(branch.condition.location.line): \(keyword) (\(branch.source)) is \(result)"
            for (name, value) in tracedCaptures { line += " \(name)=\(LogRecord.quoted(value))" }
            traceLine(line)
        }
        return result
    }

    /// Adds a line to the `--dry-run` trace (nothing outside a dry run).
    ///
    /// Once the trace holds `maximumTraceLines` lines or would pass `maximumTraceBytes`, one line says it was
    /// cut and nothing more is added; `line` is not even built then, since quoting a long value takes time.
    mutating func traceLine(_ line: @autoclosure () -> String) {
        guard dryRun, !traceCut else { return }
        let text = line()
        if trace.count < Interpreter.maximumTraceLines && traceBytes + text.utf8.count <= Interpreter.maximumTraceBytes
        {
            trace.append(text)
            traceBytes += text.utf8.count
        } else {
            trace.append(
                "trace cut: it reached \(Interpreter.maximumTraceLines) lines or \(Interpreter.maximumTraceBytes) bytes; the rules ran on untraced"
            )
            traceCut = true
        }
    }

    /// Appends a line to the current log file, if one is open (as maildrop's `log` does).
    mutating func log(_ line: String) {
        traceLine("log: \(line)")
        logFile?.append(line)
    }

    /// Reads, compiles and runs another rules file with this run's variables; its errors are fatal
    /// (EX_TEMPFAIL), as maildrop has it.
    ///
    /// `exit` in an included file ends the whole run.
    mutating func include(_ path: String, at location: SourceLocation) throws(RuntimeFailure) -> Flow {
        guard includeDepth < Interpreter.maximumIncludeDepth else {
            throw .includeFailed(path: path, .tooDeep, location)
        }
        let source: [UInt8]
        let ownership: FileDescriptor.Ownership
        do throws(FileDescriptor.Errno) {
            (source, ownership) = try FileDescriptor.readFileWithOwnership(path, limit: Program.maximumSourceBytes + 1)
        } catch {
            throw .includeFailed(path: path, .unreadable(error), location)
        }
        // An included file runs with the main file's power (its `sms` get every guest's password): whoever
        // may change it must be as trusted as for the main file.
        if let user = includeOwner, let problem = RulesFilePermissions.problem(ownership, runningAs: user) {
            throw .includeFailed(path: path, .unsafe(problem), location)
        }
        let (compiled, diagnostics) = Program.compile(source, file: path, includedBy: program, warnings: false)
        guard let included = compiled else {
            let first = diagnostics.first { $0.severity == .error }
            throw .includeFailed(path: path, .invalid(first), location)
        }
        offerAccount(to: included)
        let parent = program
        program = included
        includeDepth += 1
        defer {
            program = parent
            includeDepth -= 1
        }
        return try execute(included.statements)
    }

    /// Sets the account's variables before the first file that mentions one runs: none before it can have
    /// set or unset them.
    mutating func offerAccount(to program: Program) {
        guard !accountOffered, let account, program.mentionsAccountVariables else { return }
        accountOffered = true
        for (name, value) in account() where variables[name] == nil { variables[name] = value }
    }

    /// Delivers the message to a Maildir (`to`, `cc`, or `$DEFAULT` at the end).
    mutating func deliver(to target: String, at location: SourceLocation) throws(RuntimeFailure) {
        if dryRun {
            traceLine("line \(location.line): deliver to \(target) (not in a dry run)")
            return
        }
        deliveries += 1
        do throws(DeliverToMaildir.Failure) {
            try DeliverToMaildir.deliver(
                messageBytes, to: target, sequence: deliveries,
                hostname: variables["HOSTNAME"] ?? "localhost")
        } catch {
            throw .deliveryFailed(target: target, error, location)
        }
        logFile?.append(stamp(LogRecord("deliver", [("to", target)])))
    }
}
