import RulesLanguage
import SMSGateway

/// The doubts `--check` reports as warnings: legal rules that are probably not what the admin meant.
///
/// Warnings never stop a delivery.
struct Lint {
    /// Variables that exist without an assignment in the rules: predefined ones, maildrop's specials.
    static let predefined: Set<String> = Set([
        "FROM", "SENDER", "RECIPIENT", "SIZE", "LINES", "HOSTNAME", "DEFAULT", "EXITCODE", "MATCH",
        "STATEDIR", "DEADLINE", "CLIENT",
    ]).union(Program.accountVariables)

    private var assigned: Set<String> = []
    private var firstRead: [String: SourceLocation] = [:]
    private var usedGateways: Set<String> = []
    private(set) var warnings: [Diagnostic] = []
    private let regexes: CompiledPatterns

    /// Where the first `sms` statement is, at any depth.
    static func firstSMS(_ statements: [Statement]) -> SourceLocation? {
        for statement in statements {
            switch statement.kind {
            case .sms: return statement.location
            case .conditional(let branches, let otherwise):
                for branch in branches { if let found = firstSMS(branch.body) { return found } }
                if let otherwise, let found = firstSMS(otherwise) { return found }
            case .loop(let branch): if let found = firstSMS(branch.body) { return found }
            case .foreach(_, let body), .block(let body), .exception(let body):
                if let found = firstSMS(body) { return found }
            default: continue
            }
        }
        return nil
    }

    /// Warnings for `statements`: variables read but never assigned, gateways never used, `foreach`
    /// patterns that match the empty string.
    static func warnings(
        _ statements: [Statement], gateways: [String: Gateway], regexes: CompiledPatterns,
        included: Bool
    ) -> [Diagnostic] {
        var lint = Lint(regexes: regexes)
        lint.visit(statements)
        // In source order, then by name: a dictionary's order changes from run to run.
        for (name, location) in lint.firstRead.sorted(by: {
            ($0.value.line, $0.value.column, $0.key) < ($1.value.line, $1.value.column, $1.key)
        })
        where !lint.assigned.contains(name) && !predefined.contains(name) && !isMatchGroup(name)
            && !name.allSatisfy(\.isNumber)
        {
            lint.warnings.append(
                Diagnostic(
                    "variable '\(name)' is read but never assigned in this file; it is empty",
                    at: location, severity: .warning))
        }
        if !included {
            for gateway in gateways.values.sorted(by: { $0.location.line < $1.location.line })
            where !lint.usedGateways.contains(gateway.name) {
                lint.warnings.append(
                    Diagnostic(
                        "gateway '\(gateway.name)' is never used by an 'sms'",
                        at: gateway.location, severity: .warning))
            }
        }
        return lint.warnings
    }

    private init(regexes: CompiledPatterns) {
        self.regexes = regexes
    }

    private static func isMatchGroup(_ name: String) -> Bool {
        name.hasPrefix("MATCH") && name.dropFirst(5).allSatisfy(\.isNumber)
    }

    private mutating func visit(_ statements: [Statement]) {
        for statement in statements { visit(statement) }
    }

    private mutating func visit(_ statement: Statement) {
        switch statement.kind {
        case .deliver(let e, let copy):
            visit(e)
            checkTarget(e, copy: copy, at: statement.location)
        case .expression(let e), .log(let e), .logfile(let e), .include(let e):
            visit(e)
        case .conditional(let branches, let otherwise):
            for branch in branches {
                visit(branch.condition)
                visit(branch.body)
            }
            if let otherwise { visit(otherwise) }
        case .loop(let branch):
            visit(branch.condition)
            visit(branch.body)
        case .foreach(let iterated, let body):
            visit(iterated)
            let pattern: Pattern? =
                switch iterated.kind {
                case .pattern(let p), .match(_, let p): p
                default: nil
                }
            if let pattern, let regex = regexes[pattern.index], case .match = regex.firstMatch(in: "") {
                warnings.append(
                    Diagnostic(
                        "this pattern matches the empty string; 'foreach' steps over empty matches (maildrop would loop forever)",
                        at: pattern.location, severity: .warning))
            }
            visit(body)
        case .block(let body), .exception(let body):
            visit(body)
        case .importVariable(let name):
            assigned.insert(name)
            if Program.accountVariables.contains(name) || name == "USER" {
                warnings.append(
                    Diagnostic(
                        "'import \(name)' takes \(name) from the environment, which Postfix's pipe(8) leaves "
                            + "without it: \(name) becomes empty"
                            + (name == "USER"
                                ? "; LOGNAME holds the user's name" : "; it is set already, as maildrop sets it"),
                        at: statement.location, severity: .warning))
            }
        case .unset, .exit:
            break
        case .sms(let sms):
            visit(sms.number)
            visit(sms.text)
            usedGateways.formUnion(sms.route.names)
        }
    }

    private mutating func visit(_ expression: Expression) {
        switch expression.kind {
        case .text(let segments):
            read(segments, at: expression.location)
        case .pattern(let p):
            visit(p)
        case .match(let e, let p):
            visit(e)
            visit(p)
        case .not(let e), .negate(let e), .complement(let e):
            visit(e)
        case .assignment(let name, let e):
            visit(e)
            assigned.insert(name)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            visit(a)
            visit(b)
        case .call(_, let arguments):
            for argument in arguments { visit(argument) }
        }
    }

    /// A `to` or `cc` whose constant target is not a Maildir: maildrop would append to an mbox there;
    /// mail2sms fails the delivery, and Postfix retries the mail for ever.
    private mutating func checkTarget(_ target: Expression, copy: Bool, at location: SourceLocation) {
        guard case .text(let segments) = target.kind else { return }
        var path = ""
        for segment in segments {
            guard case .literal(let text) = segment else { return }
            path += text
        }
        guard DeliveryTarget.isMailbox(path) else { return }
        let keyword = copy ? "cc" : "to"
        warnings.append(
            Diagnostic(
                "'\(keyword) \(path)' is not a Maildir (no tmp/ and new/ there now), so maildrop would append to "
                    + "it as an mbox file; mail2sms delivers to Maildirs only, and this delivery would fail with "
                    + "exit 75 (Postfix retries it): write '\(path)/' for a Maildir or '/dev/null' to discard",
                at: location, severity: .warning))
    }

    private mutating func visit(_ pattern: Pattern) {
        read(pattern.segments, at: pattern.location)
        if let regex = regexes[pattern.index] {
            for group in regex.namedGroups { assigned.insert(group.name) }
        }
    }

    private mutating func read(_ segments: [StringSegment], at location: SourceLocation) {
        for case .variable(let name) in segments where firstRead[name] == nil {
            firstRead[name] = location
        }
    }
}
