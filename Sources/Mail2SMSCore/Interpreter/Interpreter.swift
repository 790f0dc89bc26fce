import Glibc

/// Runs a compiled program against one message: statements in order, maildrop's semantics.
///
/// Patterns search the canonical lines one at a time and set `MATCH`, `MATCH1`… on success, never clearing
/// them. `sms` records; nothing is sent here.
public struct Interpreter {
    private let program: Program
    private let text: CanonicalText
    private var variables: [String: String]
    private var logFile: LogFile?
    private var recorded: [RecordedSMS] = []
    /// With `--dry-run` nothing is written: `logfile` and `log` are traced instead.
    private let dryRun: Bool
    private var trace: [String] = []
    /// Regexes of patterns with `$VAR`, by their final text; compiled on first use.
    private var dynamicRegexes: [String: Regex?] = [:]

    /// `variables` holds the predefined ones (FROM, SIZE, `1`, `2`…).
    public init(program: Program, text: CanonicalText, variables: [String: String], dryRun: Bool = false) {
        self.dryRun = dryRun
        self.program = program
        self.text = text
        self.variables = variables
    }

    private enum Flow { case next, exit }

    public mutating func run() throws(RuntimeFailure) -> RuleOutcome {
        var exitCode: Int32? = nil
        if try execute(program.statements) == .exit {
            exitCode = Int32(truncatingIfNeeded: atoi(variables["EXITCODE"] ?? "0")) & 0xFF
        }
        return RuleOutcome(messages: recorded, exitCode: exitCode, logFile: logFile, trace: trace)
    }

    // MARK: - Statements

    private mutating func execute(_ statements: [Statement]) throws(RuntimeFailure) -> Flow {
        for statement in statements {
            if try execute(statement) == .exit { return .exit }
        }
        return .next
    }

    private mutating func execute(_ statement: Statement) throws(RuntimeFailure) -> Flow {
        switch statement.kind {
        case .expression(let expression):
            _ = evaluate(expression)
        case .conditional(let branches, let otherwise):
            for branch in branches where Value.isTrue(evaluate(branch.condition)) {
                return try execute(branch.body)
            }
            if let otherwise { return try execute(otherwise) }
        case .block(let body):
            return try execute(body)
        case .log(let expression):
            log(LogText.interpretingEscapes(evaluate(expression)))
        case .logfile(let expression):
            let path = evaluate(expression)
            if dryRun {
                trace.append("logfile \(path)")
                return .next
            }
            do throws(FileDescriptor.Errno) {
                logFile = try LogFile(path: path)
            } catch {
                throw .logfileUnopenable(path: path, error, statement.location)
            }
        case .exit:
            return .exit
        case .sms(let sms):
            let number = evaluate(sms.number)
            let body = evaluate(sms.text)
            recorded.append(RecordedSMS(number: number, text: body, gateway: sms.gateway, location: sms.location))
        }
        return .next
    }

    /// Appends a line to the current log file, if one is open (as maildrop's `log` does).
    private mutating func log(_ line: String) {
        if dryRun { trace.append("log: \(line)") }
        logFile?.append(line)
    }

    // MARK: - Expressions

    private mutating func evaluate(_ expression: Expression) -> String {
        switch expression.kind {
        case .text(let segments):
            return substitute(segments)
        case .pattern(let pattern):
            return Value.boolean(matchMessage(pattern))
        case .match(let subject, let pattern):
            let value = evaluate(subject)
            return Value.boolean(match(pattern, against: [value]))
        case .not(let operand):
            return Value.boolean(!Value.isTrue(evaluate(operand)))
        case .negate(let operand):
            return Value.format(-Value.number(evaluate(operand)))
        case .and(let left, let right):
            let l = evaluate(left)
            return Value.isTrue(l) ? evaluate(right) : l
        case .or(let left, let right):
            let l = evaluate(left)
            return Value.isTrue(l) ? l : evaluate(right)
        case .assignment(let name, let value):
            let v = evaluate(value)
            variables[name] = v
            return v
        case .binary(let op, let left, let right):
            return apply(op, evaluate(left), evaluate(right))
        case .call(let function, let arguments):
            return call(function, arguments.map { evaluate($0) })
        }
    }

    private func substitute(_ segments: [StringSegment]) -> String {
        if segments.count == 1, case .literal(let text) = segments[0] { return text }
        var result = ""
        for segment in segments {
            switch segment {
            case .literal(let text): result += text
            case .variable(let name): result += variables[name] ?? ""
            }
        }
        return result
    }

    private func apply(_ op: BinaryOperator, _ a: String, _ b: String) -> String {
        switch op {
        case .add: return Value.format(Value.number(a) + Value.number(b))
        case .subtract: return Value.format(Value.number(a) - Value.number(b))
        case .multiply: return Value.format(Value.number(a) * Value.number(b))
        case .divide: return Value.format(Value.number(a) / Value.number(b))
        case .bitOr: return String(Value.integer(a) | Value.integer(b))
        case .bitAnd: return String(Value.integer(a) & Value.integer(b))
        case .less: return Value.boolean(Value.number(a) < Value.number(b))
        case .lessOrEqual: return Value.boolean(Value.number(a) <= Value.number(b))
        case .greater: return Value.boolean(Value.number(a) > Value.number(b))
        case .greaterOrEqual: return Value.boolean(Value.number(a) >= Value.number(b))
        case .equal: return Value.boolean(Value.number(a) == Value.number(b))
        case .notEqual: return Value.boolean(Value.number(a) != Value.number(b))
        case .stringLess: return Value.boolean(Value.compareBytes(a, b) < 0)
        case .stringLessOrEqual: return Value.boolean(Value.compareBytes(a, b) <= 0)
        case .stringGreater: return Value.boolean(Value.compareBytes(a, b) > 0)
        case .stringGreaterOrEqual: return Value.boolean(Value.compareBytes(a, b) >= 0)
        case .stringEqual: return Value.boolean(Value.compareBytes(a, b) == 0)
        case .stringNotEqual: return Value.boolean(Value.compareBytes(a, b) != 0)
        }
    }

    private func call(_ function: Function, _ arguments: [String]) -> String {
        switch function {
        case .length:
            return String(arguments[0].utf8.count)
        case .substr:
            let bytes = Array(arguments[0].utf8)
            let start = min(max(0, Int(clamping: Value.integer(arguments[1]))), bytes.count)
            var end = bytes.count
            if arguments.count > 2 {
                end = min(bytes.count, start + max(0, Int(clamping: Value.integer(arguments[2]))))
            }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        case .tolower:
            return String(decoding: arguments[0].utf8.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        case .toupper:
            return String(decoding: arguments[0].utf8.map { (0x61...0x7A).contains($0) ? $0 - 32 : $0 }, as: UTF8.self)
        case .escape:
            var out: [UInt8] = []
            for byte in arguments[0].utf8 {
                if byte < 0x80, !Lexer.isNameByte(byte) { out.append(0x5C) }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: - Patterns

    /// Searches the lines the pattern's options select, one at a time; the first matching line wins.
    private mutating func matchMessage(_ pattern: Pattern) -> Bool {
        if pattern.options.headers && match(pattern, against: text.headerLines) { return true }
        if pattern.options.body && match(pattern, against: text.bodyLines) { return true }
        return false
    }

    private mutating func match(_ pattern: Pattern, against lines: [String]) -> Bool {
        guard let regex = regex(for: pattern) else { return false }
        for line in lines {
            switch regex.firstMatch(in: line) {
            case .match(let match):
                setMatchVariables(match, regex)
                return true
            case .noMatch:
                continue
            case .failed(let reason):
                // A limit hit on hostile input: no match, and no further lines (each could cost as much).
                log("mail2sms: pattern at \(pattern.location) gave up (\(reason)); counted as no match")
                return false
            }
        }
        return false
    }

    /// The pattern's regex: compiled with the program, or now, after substituting its `$VAR`s. A pattern
    /// that does not compile after substitution is false, as in maildrop, and logged.
    private mutating func regex(for pattern: Pattern) -> Regex? {
        if let compiled = program.regexes[pattern.index] { return compiled }
        let source = substitute(pattern.segments)
        let key = (pattern.options.caseSensitive ? "D" : "i") + source
        if let cached = dynamicRegexes[key] { return cached }
        var regex: Regex? = nil
        do throws(Regex.CompileError) {
            regex = try Regex(source, caseSensitive: pattern.options.caseSensitive)
        } catch {
            log("mail2sms: pattern at \(pattern.location) is invalid after substitution: \(error.message)")
        }
        dynamicRegexes[key] = regex
        return regex
    }

    /// `MATCH` is the matched text, `MATCHn` the groups (a group that took no part is empty), and a named
    /// group `(?<NAME>…)` also sets `NAME`. Earlier values of higher-numbered groups stay.
    private mutating func setMatchVariables(_ match: Regex.Match, _ regex: Regex) {
        variables["MATCH"] = match.groups[0] ?? ""
        for i in 1..<max(1, match.groups.count) {
            variables["MATCH\(i)"] = match.groups[i] ?? ""
        }
        for (name, number) in regex.namedGroups where number < match.groups.count {
            variables[name] = match.groups[number] ?? ""
        }
    }
}
