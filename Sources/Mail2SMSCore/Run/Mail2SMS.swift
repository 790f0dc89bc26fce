import Delivery
import MailMessage
import Platform
import RulesCompiler
import RulesInterpreter
import RulesLanguage

/// One run of mail2sms: command line → rules → message → SMS → exit status.
///
/// The executable is this call and nothing else.
///
/// The steps, one function each: load the rules (read, and at delivery refuse a file others can change);
/// compile them (`--check` stops here); run them on the message; make the send plan (typed values the
/// rules may have changed: state directory, deadline); then report (`--dry-run`) or deliver.
public enum Mail2SMS {
    public static func run(arguments: [String], context: Context) -> ExitStatus {
        var checking = false
        do throws(Failure) {
            let options = try Options.parse(arguments)
            checking = options.check
            return try run(options, context)
        } catch {
            context.streams.error(FailureRenderer.render(error))
            return ExitStatus(error, checking: checking)
        }
    }

    private static func run(_ options: Options, _ context: Context) throws(Failure) -> ExitStatus {
        if options.help {
            context.streams.output(Options.help + "\n")
            return .ok
        }
        if options.version {
            context.streams.output("mail2sms \(Version.string)\n")
            return .ok
        }
        if let command = options.journal {
            let location = options.journalLocation(declared: nil, stateDirectory: options.stateDirectory)
            return try JournalRun.run(command, location: location, context)
        }
        if options.canonical { return try listCanonicalLines(context) }
        let started = context.clock.milliseconds()
        if !options.check { context.armDeadline(options.deadlineSeconds) }
        let (source, ownership) = try loadRules(options, context)
        let (compiled, diagnostics) = Program.compile(source, file: options.rulesPath, warnings: options.check)
        if options.check { return try check(compiled, diagnostics, source: source, ownership.mode, options, context) }
        guard let program = compiled else { throw .rulesInvalid(diagnostics) }
        let run = try runRules(program, options, context)
        defer { context.keepUntilExit(run.memory) }
        let plan = SendPlan(run, options: options, program: program, started: started)
        if plan.deadlineSeconds < options.deadlineSeconds {
            // The rules asked for less time: what is left of it, from now.
            context.armDeadline(max(1, plan.deadlineSeconds - (context.clock.milliseconds() - started) / 1000))
        }
        let sender = plan.sender(program, context)
        if options.dryRun {
            // The journal read as the delivery would find it, never created or written.
            let journal =
                run.outcome.messages.isEmpty
                ? nil
                : Result { () throws(JournalFailure) -> any JournalPeeking in
                    try plan.journal.peeking(userID: context.userID, millisecondsLeft: sender.millisecondsLeft())
                }
            context.streams.output(
                DryRunReport.render(run.outcome, sender: sender, journal: journal, rulesPath: options.rulesPath))
            return .ok
        }
        return deliver(run, with: sender, plan, context)
    }

    /// `--check`: the rules' errors and doubts, and with `--user` the deployment's faults for that user.
    private static func check(
        _ compiled: Program?, _ diagnostics: [Diagnostic], source: [UInt8], _ mode: UInt32, _ options: Options,
        _ context: Context
    ) throws(Failure) -> ExitStatus {
        let user = try options.user.map { name throws(Failure) in
            guard let user = UserCredentials(named: name) else {
                throw .usage("'--user \(name.prefix(40))': no such user in the password database")
            }
            return user
        }
        var diagnostics = diagnostics
        var findings: [DeploymentFinding] = []
        if let compiled {
            if let user {
                let database = options.journalLocation(
                    declared: compiled.journal, stateDirectory: options.stateDirectory
                )
                .database
                findings = DeploymentCheck.run(
                    compiled, rulesPath: options.rulesPath, stateDirectory: options.stateDirectory, database: database,
                    user: user)
            } else {
                diagnostics += compiled.exposureWarnings(fileMode: mode)
            }
            diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        }
        let renderer = DiagnosticRenderer(source: source)
        context.streams.error(diagnostics.map(renderer.render).joined())
        context.streams.error(findings.map { "\($0)\n" }.joined())
        return compiled == nil || !findings.isEmpty ? .dataError : .ok
    }

    /// `--canonical`: the lines patterns see, and the limits reached while reading the message.
    private static func listCanonicalLines(_ context: Context) throws(Failure) -> ExitStatus {
        let text = CanonicalText(MessageParser.parse(try readMessage(context)))
        context.streams.output(CanonicalListing.render(text))
        for limit in text.exceededLimits { context.streams.error("mail2sms: note: \(limit)\n") }
        return .ok
    }

    /// The rules file's bytes.
    ///
    /// At delivery time a file others could change is refused: its gateway credentials and numbers would be
    /// theirs to choose.
    private static func loadRules(_ options: Options, _ context: Context) throws(Failure)
        -> ([UInt8], FileDescriptor.Ownership)
    {
        let source: [UInt8]
        let ownership: FileDescriptor.Ownership
        do throws(FileDescriptor.Errno) {
            (source, ownership) = try FileDescriptor.readFileWithOwnership(
                options.rulesPath,
                limit: Program.maximumSourceBytes + 1)
        } catch {
            throw .rulesUnreadable(path: options.rulesPath, error)
        }
        if options.delivering, let problem = RulesFilePermissions.problem(ownership, runningAs: context.userID) {
            throw .rulesUnsafe(path: options.rulesPath, problem)
        }
        return (source, ownership)
    }

    /// The message read and the rules run on it.
    private static func runRules(_ program: Program, _ options: Options, _ context: Context) throws(Failure) -> RulesRun
    {
        let message = MessageParser.parse(try readMessage(context))
        let text = CanonicalText(message)
        let initial = variables(options, message, context)
        var interpreter = Interpreter(
            program: program, text: text, variables: initial, clock: context.clock,
            environment: context.environment, messageBytes: message.bytes,
            dryRun: options.dryRun, stamp: context.line(for:))
        if options.delivering { interpreter.includeOwner = context.userID }
        interpreter.account = context.account
        do throws(RuntimeFailure) {
            let outcome = try interpreter.run()
            return RulesRun(
                message: message, text: text, initialVariables: initial, outcome: outcome,
                memory: RunMemory(program: program, message: message, text: text, interpreter: interpreter))
        } catch {
            throw .runtime(error)
        }
    }

    /// Sends the recorded SMS, logging each attempt, and decides the exit status.
    private static func deliver(
        _ run: RulesRun, with sender: SendSMS, _ plan: SendPlan,
        _ context: Context
    ) -> ExitStatus {
        var sender = sender
        let log = RunLog(file: run.outcome.logFile, setting: plan.syslog, queueID: plan.queueID, context: context)
        let messageID = plan.messageID.isEmpty ? "-" : plan.messageID
        // A limit reached while reading the message is worth a record: a rule may have missed text.
        for limit in run.text.exceededLimits {
            log.writeToFile(LogRecord("limit", [("msgid", messageID), ("note", limit.description)]))
        }
        let messages = run.outcome.messages
        if !messages.isEmpty {
            context.catchTermination()
            sender.owner = RunOwner.current(processID: context.processID)
            sender.stopRequested = context.stopRequested
        }
        let deliveries = sender.send(messages) { attempt in
            log.write(attempt.logRecord(messageID: plan.messageID), severity: attempt.outcome.syslogSeverity)
        }
        if let failure = sender.recordRefusals(deliveries) {
            log.writeToFile(
                LogRecord("journal", [("msgid", messageID), ("error", "refusals not recorded: \(failure)")]))
        }
        let stoppedBy = messages.isEmpty ? nil : context.stopRequested()
        let status = ExitStatus(
            ruleExit: run.outcome.exitCode, outcomes: deliveries.map(\.outcome),
            stopped: stoppedBy != nil)
        if let line = FailureRenderer.render(failed: deliveries) ?? stoppedBy.map(FailureRenderer.render(stoppedBy:)) {
            context.streams.error(line)
        }
        if plan.reportsNothingSent, let nothing = NoSMS(deliveries.map(\.outcome)) {
            log.write(nothing.logRecord(messageID: plan.messageID), severity: nothing.severity)
            // pipe(8) shows a run's output in its status=sent (…) too: the one place a dropped mail shows.
            if status == .ok { context.streams.output(FailureRenderer.render(nothingSent: nothing)) }
        }
        return status
    }

    private static func readMessage(_ context: Context) throws(Failure) -> [UInt8] {
        do throws(FileDescriptor.Errno) {
            return try context.readMessage()
        } catch {
            throw .messageUnreadable(error)
        }
    }

    /// The variables a run starts with, as maildrop predefines them, plus `$1…$n`.
    static func variables(_ options: Options, _ message: Message, _ context: Context) -> [String: String] {
        var variables: [String: String] = [
            "SIZE": String(message.size),
            "LINES": String(message.lineCount),
            "HOSTNAME": context.hostname,
        ]
        // maildrop(1): -f, else Return-Path (`<>` is an empty sender), else MAILER-DAEMON.
        let returnPath = message.field("Return-Path")?.value.trimmingAngleBrackets
        variables["FROM"] = options.sender ?? returnPath ?? "MAILER-DAEMON"
        variables["SENDER"] = options.sender ?? ""
        variables["STATEDIR"] = options.stateDirectory
        variables["CLIENT"] = options.client ?? ""
        variables["DEADLINE"] = String(options.deadlineSeconds)
        variables["RECIPIENT"] = options.recipient ?? ""
        for (i, argument) in options.arguments.enumerated() { variables[String(i + 1)] = argument }
        return variables
    }
}

extension String {
    /// `<a@b>` → `a@b`.
    var trimmingAngleBrackets: String {
        hasPrefix("<") && hasSuffix(">") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
