import Platform
import RulesLanguage
import SMSGateway

/// A rules file ready to run: parsed, its gateways checked, its constant patterns compiled, every `sms` bound
/// to a declared gateway.
///
/// Compiling never looks at a message, so `--check` and delivery find the same mistakes.
package struct Program {
    /// Bytes of a rules file (the main one, an included one, a `lookup` list).
    ///
    /// Real files are a few kilobytes; the bound keeps a wrong path (a log, a mailbox) from being read whole
    /// at every message.
    package static let maximumSourceBytes = 16 * 1024 * 1024

    package let file: String
    package let statements: [Statement]
    package let gateways: [String: Gateway]
    /// The `guard` block, if the file has one.
    package let abuseGuard: AbuseGuard?
    /// What the file's `syslog` says, if it has one.
    package private(set) var syslog: SyslogSetting? = nil
    /// The file's `journal` block, if it has one: the journal in PostgreSQL rather than in the state directory.
    package private(set) var journal: JournalDatabase? = nil
    /// Compiled regexes of the patterns without `$VAR`, by pattern index.
    package let regexes: CompiledPatterns
    /// The matching scratch all of this program's regexes share, those compiled at run time too.
    package let workspace: Regex.Workspace
    /// Whether the statements read, assign, import or unset one of `accountVariables` (not those of files it
    /// includes): only then does a run look up the user's password entry.
    package let mentionsAccountVariables: Bool

    /// The variables maildrop sets from the running user's password entry, and its `PATH`.
    package static let accountVariables: Set<String> = ["HOME", "LOGNAME", "SHELL", "PATH"]

    /// Compiles `source`; the diagnostics list every error (and warning) found.
    ///
    /// The program is `nil` when there is at least one error.
    ///
    /// A file run by `include` is compiled with its `parent`: it uses the parent's gateways and may not
    /// declare its own (the gateways of a run are known before the message is read).
    ///
    /// `warnings`: also look for the doubts `--check` reports (skipped when delivering: nobody reads them).
    package static func compile(
        _ source: [UInt8], file: String, includedBy parent: Program? = nil,
        warnings: Bool = true
    ) -> (Program?, [Diagnostic]) {
        guard source.count <= maximumSourceBytes else {
            return (
                nil,
                [
                    Diagnostic(
                        "rules file is larger than \(maximumSourceBytes) bytes",
                        at: SourceLocation(file: file, line: 1, column: 1))
                ]
            )
        }
        let (ruleFile, parseDiagnostics) = Parser.parse(source, file: file)
        var diagnostics = parseDiagnostics
        if let parent {
            for declaration in ruleFile.gateways {
                diagnostics.append(
                    Diagnostic(
                        "declare gateways in the main rules file \(parent.file), not in an included one",
                        at: declaration.location))
            }
            for declaration in ruleFile.guards {
                diagnostics.append(
                    Diagnostic(
                        "declare 'guard' in the main rules file \(parent.file), not in an included one",
                        at: declaration.location))
            }
            for declaration in ruleFile.syslogs {
                diagnostics.append(
                    Diagnostic(
                        "declare 'syslog' in the main rules file \(parent.file), not in an included one",
                        at: declaration.location))
            }
            for declaration in ruleFile.journals {
                diagnostics.append(
                    Diagnostic(
                        "declare 'journal' in the main rules file \(parent.file), not in an included one",
                        at: declaration.location))
            }
            return finish(
                ruleFile.statements, file: file, gateways: parent.gateways, abuseGuard: parent.abuseGuard,
                diagnostics: diagnostics,
                included: true, warnings: warnings)
        }
        let gateways = checkGateways(ruleFile.gateways, into: &diagnostics)
        let abuseGuard = checkGuard(ruleFile.guards, into: &diagnostics)
        let syslog = checkSyslog(ruleFile.syslogs, into: &diagnostics)
        let journal = JournalDatabase.check(ruleFile.journals, into: &diagnostics)
        var (program, all) = finish(
            ruleFile.statements, file: file, gateways: gateways, abuseGuard: abuseGuard,
            diagnostics: diagnostics, declared: Set(ruleFile.gateways.map(\.name)), warnings: warnings)
        program?.syslog = syslog
        program?.journal = journal
        return (program, all)
    }

    /// What the file's `syslog` says, checked; a file has at most one.
    private static func checkSyslog(_ declarations: [SyslogDeclaration], into diagnostics: inout [Diagnostic])
        -> SyslogSetting?
    {
        guard let first = declarations.first else { return nil }
        for declaration in declarations.dropFirst() {
            diagnostics.append(
                Diagnostic(
                    "only one 'syslog' is allowed; the first is at line \(first.location.line)",
                    at: declaration.location))
        }
        guard let setting = SyslogSetting(first.value) else {
            diagnostics.append(
                Diagnostic(
                    "unknown syslog facility '\(first.value.prefix(40))': expected 'yes' (mail), 'no' or one of \(SyslogFacility.names)",
                    at: first.valueLocation))
            return nil
        }
        return setting
    }

    /// `--check`'s warnings about the rules file's mode: readable by every user while it holds a gateway's
    /// password or API key (keep those in `password-file`, `api-key-file`).
    package func exposureWarnings(fileMode mode: UInt32) -> [Diagnostic] {
        guard mode & 0o004 != 0 else { return [] }
        return gateways.values.filter(\.holdsSecrets).sorted { $0.location.line < $1.location.line }.map {
            Diagnostic(
                "this file is readable by every user (mode \(String(mode & 0o7777, radix: 8))) and holds the password or API key of gateway '\($0.name)': move it to 'password-file' or 'api-key-file', or chmod o-r",
                at: $0.location, severity: .warning)
        }
    }

    /// The gateways declared, each checked; a name declared twice is a mistake (by declaration, not by
    /// checked gateway: a duplicate of a gateway with mistakes is a mistake too).
    private static func checkGateways(_ declarations: [GatewayDeclaration], into diagnostics: inout [Diagnostic])
        -> [String: Gateway]
    {
        var gateways: [String: Gateway] = [:]
        var firstDeclarations: [String: GatewayDeclaration] = [:]
        for declaration in declarations {
            if let existing = firstDeclarations[declaration.name] {
                diagnostics.append(
                    Diagnostic(
                        "gateway '\(declaration.name)' is already declared at line \(existing.location.line)",
                        at: declaration.location))
                continue
            }
            firstDeclarations[declaration.name] = declaration
            do throws(DiagnosticList) {
                gateways[declaration.name] = try Gateway(declaration)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        return gateways
    }

    /// The guard, checked; a file has at most one.
    private static func checkGuard(_ declarations: [GuardDeclaration], into diagnostics: inout [Diagnostic])
        -> AbuseGuard?
    {
        var abuseGuard: AbuseGuard? = nil
        for (i, declaration) in declarations.enumerated() {
            if i > 0 {
                diagnostics.append(
                    Diagnostic(
                        "only one 'guard' block is allowed; the first is at line \(declarations[0].location.line)",
                        at: declaration.location))
                continue
            }
            do throws(DiagnosticList) {
                abuseGuard = try AbuseGuard(declaration)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        return abuseGuard
    }

    /// Binds `sms` statements to gateways and compiles the constant patterns.
    private static func finish(
        _ statements: [Statement], file: String, gateways: [String: Gateway],
        abuseGuard: AbuseGuard?,
        diagnostics: [Diagnostic], declared: Set<String>? = nil,
        included: Bool = false, warnings: Bool
    ) -> (Program?, [Diagnostic]) {
        var diagnostics = diagnostics
        let declared = declared ?? Set(gateways.keys)
        var regexes = CompiledPatterns()
        let workspace = Regex.Workspace()
        var statements = statements
        var binder = Binder(declared: declared, defaultGateway: declared.count == 1 ? declared.first : nil)
        binder.bind(&statements)
        diagnostics += binder.diagnostics
        for pattern in binder.patterns {
            guard let source = pattern.constantSource else { continue }
            do throws(Regex.CompileError) {
                regexes[pattern.index] = try Regex(
                    source, caseSensitive: pattern.options.caseSensitive,
                    workspace: workspace)
            } catch {
                // The pattern text starts one column after its opening '/'.
                diagnostics.append(
                    Diagnostic(
                        "invalid pattern: \(error.message)",
                        at: pattern.location.advanced(by: 1 + error.offset)))
            }
        }
        if warnings && !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics += Lint.warnings(statements, gateways: gateways, regexes: regexes, included: included)
            if !included && !(abuseGuard?.restrictsSenders ?? false),
                let first = Lint.firstSMS(statements)
            {
                diagnostics.append(
                    Diagnostic(
                        "anyone who can mail the sms transport can send SMS: add a 'guard' with 'allow-client' and 'allow-sender'",
                        at: first, severity: .warning))
            } else if !included, let abuseGuard, abuseGuard.trustsOnlyTheEnvelope, Lint.firstSMS(statements) != nil {
                diagnostics.append(
                    Diagnostic(
                        "only 'allow-sender' restricts who can send SMS, and the envelope sender is not authentication: any SMTP client may claim it; add 'allow-client' with the addresses of the hosts that send these mails",
                        at: abuseGuard.location, severity: .warning))
            }
        }
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        diagnostics = limitErrors(diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (
            Program(
                file: file, statements: statements, gateways: gateways, abuseGuard: abuseGuard,
                regexes: regexes, workspace: workspace, mentionsAccountVariables: binder.mentionsAccountVariables),
            diagnostics
        )
    }

    /// The first `Parser.maximumErrors` errors (with the warnings among them), then one saying where
    /// checking stopped: a file of pattern errors is cut here, the parser's own errors where it stopped.
    static func limitErrors(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var errors = 0
        for (index, diagnostic) in diagnostics.enumerated() where diagnostic.severity == .error {
            errors += 1
            guard errors > Parser.maximumErrors else { continue }
            let last = diagnostics[index - 1].location.line
            return Array(diagnostics[..<index])
                + [Diagnostic("too many errors; stopped checking after line \(last)", at: diagnostic.location)]
        }
        return diagnostics
    }

    /// Walks the statements once: binds each `sms` to its gateway, collects the patterns, and notes whether
    /// an account variable is named.
    private struct Binder {
        let declared: Set<String>
        let defaultGateway: String?
        var diagnostics: [Diagnostic] = []
        var patterns: [Pattern] = []
        var mentionsAccountVariables = false

        mutating func note(_ name: String) {
            if !mentionsAccountVariables && Program.accountVariables.contains(name) { mentionsAccountVariables = true }
        }

        mutating func note(_ segments: [StringSegment]) {
            for case .variable(let name) in segments { note(name) }
        }

        mutating func bind(_ statements: inout [Statement]) {
            for i in statements.indices { bind(&statements[i]) }
        }

        mutating func bind(_ statement: inout Statement) {
            switch statement.kind {
            case .expression(let e), .log(let e), .logfile(let e), .include(let e), .deliver(let e, _):
                collect(e)
            case .conditional(var branches, var otherwise):
                for i in branches.indices {
                    collect(branches[i].condition)
                    bind(&branches[i].body)
                }
                if var body = otherwise {
                    bind(&body)
                    otherwise = body
                }
                statement.kind = .conditional(branches: branches, otherwise: otherwise)
            case .loop(var branch):
                collect(branch.condition)
                bind(&branch.body)
                statement.kind = .loop(branch)
            case .foreach(let iterated, var body):
                collect(iterated)
                bind(&body)
                statement.kind = .foreach(iterated, body: body)
            case .block(var body):
                bind(&body)
                statement.kind = .block(body)
            case .exception(var body):
                bind(&body)
                statement.kind = .exception(body)
            case .importVariable(let name), .unset(let name):
                note(name)
            case .exit:
                break
            case .sms(var sms):
                collect(sms.number)
                collect(sms.text)
                if sms.route.names.isEmpty {
                    if let defaultGateway {
                        sms.route = GatewayRoute(names: [defaultGateway])
                    } else {
                        diagnostics.append(
                            Diagnostic(
                                declared.isEmpty
                                    ? "'sms' needs a gateway: declare one with 'gateway NAME { url \"…\" }'"
                                    : "'sms' needs 'via NAME' when several gateways are declared",
                                at: sms.location))
                    }
                } else {
                    for name in sms.route.names where !declared.contains(name) {
                        diagnostics.append(
                            Diagnostic(
                                "unknown gateway '\(name)' in 'sms … via'",
                                at: sms.route.location ?? sms.location))
                    }
                }
                statement.kind = .sms(sms)
            }
        }

        mutating func collect(_ expression: Expression) {
            switch expression.kind {
            case .text(let segments): note(segments)
            case .pattern(let p):
                note(p.segments)
                patterns.append(p)
            case .match(let e, let p):
                collect(e)
                note(p.segments)
                patterns.append(p)
            case .assignment(let name, let e):
                note(name)
                collect(e)
            case .not(let e), .negate(let e), .complement(let e): collect(e)
            case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
                collect(a)
                collect(b)
            case .call(_, let arguments):
                for argument in arguments { collect(argument) }
            }
        }
    }
}
