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
            var out = ""
            for line in text.headerLines + text.bodyLines { out += line + "\n" }
            context.streams.output(out)
            for limit in text.exceededLimits { context.streams.error("mail2sms: note: \(limit)\n") }
            return .ok
        }

        let source: [UInt8]
        do throws(FileDescriptor.Errno) {
            source = try FileDescriptor.readFile(options.rulesPath)
        } catch {
            throw .rulesUnreadable(path: options.rulesPath, error)
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
        var interpreter = Interpreter(program: program, text: text,
                                      variables: variables(options, message, context),
                                      environment: context.environment, messageBytes: message.bytes,
                                      dryRun: options.dryRun, stamp: context.line(for:))
        let outcome: RuleOutcome
        do throws(RuntimeFailure) {
            outcome = try interpreter.run()
        } catch {
            throw .runtime(error)
        }

        let messageID = message.field("Message-ID")?.value ?? ""
        let sender = SendSMS(gateways: program.gateways, transport: context.transport, clock: context.clock,
                             messageID: messageID)
        if options.dryRun {
            context.streams.output(DryRunReport.render(outcome, sender: sender, rulesPath: options.rulesPath))
            return .ok
        }
        // A limit reached while reading the message is worth a record: a rule may have missed text.
        for limit in text.exceededLimits {
            outcome.logFile?.append(context.line(for: LogRecord("limit", [("msgid", messageID.isEmpty ? "-" : messageID),
                                                                          ("note", limit.description)])))
        }
        let deliveries = sender.send(outcome.messages) { attempt in
            outcome.logFile?.append(context.line(for: attempt.logRecord(messageID: messageID)))
        }
        let status = ExitStatus(ruleExit: outcome.exitCode, outcomes: deliveries.map(\.outcome))
        if let line = FailureRenderer.render(failed: deliveries) { context.streams.error(line) }
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
