import Platform
import MailMessage
import RulesLanguage
import RulesCompiler
import RulesInterpreter
import Delivery

/// One run of mail2sms: command line → rules → message → SMS → exit status. The executable is this call
/// and nothing else.
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
            context.streams.output(Options.usage + "\n")
            return .ok
        }
        if options.version {
            context.streams.output("mail2sms \(Version.string)\n")
            return .ok
        }
        if options.canonical {
            let text = CanonicalText(MessageParser.parse(try readMessage(context)))
            context.streams.output(CanonicalListing.render(text))
            for limit in text.exceededLimits { context.streams.error("mail2sms: note: \(limit)\n") }
            return .ok
        }

        let delivering = !options.check && !options.dryRun
        let started = context.clock.milliseconds()
        if !options.check { context.armDeadline(options.deadlineSeconds) }
        let source: [UInt8]
        let ownership: FileDescriptor.Ownership
        do throws(FileDescriptor.Errno) {
            (source, ownership) = try FileDescriptor.readFileWithOwnership(options.rulesPath,
                                                                          limit: Program.maximumSourceBytes + 1)
        } catch {
            throw .rulesUnreadable(path: options.rulesPath, error)
        }
        if delivering, let problem = RulesFilePermissions.problem(ownership, runningAs: context.userID) {
            throw .rulesUnsafe(path: options.rulesPath, problem)
        }
        let (compiled, diagnostics) = Program.compile(source, file: options.rulesPath, warnings: options.check)
        if options.check {
            let renderer = DiagnosticRenderer(source: source)
            context.streams.error(diagnostics.map(renderer.render).joined())
            return compiled == nil ? .dataError : .ok
        }
        guard let program = compiled else { throw .rulesInvalid(diagnostics) }

        let message = MessageParser.parse(try readMessage(context))
        let text = CanonicalText(message)
        let initial = variables(options, message, context)
        var interpreter = Interpreter(program: program, text: text,
                                      variables: initial,
                                      environment: context.environment, messageBytes: message.bytes,
                                      dryRun: options.dryRun, stamp: context.line(for:))
        if delivering { interpreter.includeOwner = context.userID }
        let outcome: RuleOutcome
        do throws(RuntimeFailure) {
            outcome = try interpreter.run()
        } catch {
            throw .runtime(error)
        }
        defer { context.keepUntilExit(RunMemory(program: program, message: message, text: text, interpreter: interpreter)) }

        let messageID = message.field("Message-ID")?.value ?? ""
        // The journal's idea of "this mail": its Message-ID, or (rarely) a digest of all of it, only worked
        // out when there is something to send.
        let messageKey = !messageID.isEmpty || outcome.messages.isEmpty ? messageID : "sha256:" + SHA256.hex(message.bytes)
        let stateDirectory = outcome.variables["STATEDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? options.stateDirectory
        var deadlineSeconds = options.deadlineSeconds
        if let text = outcome.variables["DEADLINE"], let seconds = Int(text), seconds > 0, seconds < deadlineSeconds {
            // The rules asked for less time: what is left of it, from now.
            deadlineSeconds = seconds
            if !options.check { context.armDeadline(max(1, seconds - (context.clock.milliseconds() - started) / 1000)) }
        }
        let clock = context.clock
        var sender = SendSMS(gateways: program.gateways, transport: context.transport, clock: clock,
                             messageID: messageID,
                             openJournal: { () throws(JournalFailure) -> Journal in
                                 try SQLiteJournal(directory: stateDirectory)
                             },
                             messageKey: messageKey, deadline: started + deadlineSeconds * 1000)
        sender.abuseGuard = program.abuseGuard
        // The sender as the mail came, not as the rules may have changed FROM.
        sender.envelopeSender = initial["FROM"] ?? ""
        sender.client = options.client
        if options.dryRun {
            context.streams.output(DryRunReport.render(outcome, sender: sender, rulesPath: options.rulesPath))
            return .ok
        }
        // A limit reached while reading the message is worth a record: a rule may have missed text.
        for limit in text.exceededLimits {
            outcome.logFile?.append(context.line(for: LogRecord("limit", [("msgid", messageID.isEmpty ? "-" : messageID),
                                                                          ("note", limit.description)])))
        }
        if !outcome.messages.isEmpty {
            context.catchTermination()
            sender.owner = RunOwner.current(processID: context.processID)
            sender.stopRequested = context.stopRequested
        }
        let deliveries = sender.send(outcome.messages) { attempt in
            outcome.logFile?.append(context.line(for: attempt.logRecord(messageID: messageID)))
        }
        let stoppedBy = outcome.messages.isEmpty ? nil : context.stopRequested()
        let status = ExitStatus(ruleExit: outcome.exitCode, outcomes: deliveries.map(\.outcome), stopped: stoppedBy != nil)
        if let line = FailureRenderer.render(failed: deliveries) ?? stoppedBy.map(FailureRenderer.render(stoppedBy:)) {
            context.streams.error(line)
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
