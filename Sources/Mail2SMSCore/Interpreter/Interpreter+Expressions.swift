import Glibc

extension Interpreter {
    mutating func evaluate(_ expression: Expression) -> String {
        switch expression.kind {
        case .text(let segments):
            return substitute(segments)
        case .pattern(let pattern):
            return matchMessage(pattern)
        case .match(let subject, let pattern):
            let value = evaluate(subject)
            return Value.boolean(match(pattern, against: [value]))
        case .not(let operand):
            return Value.boolean(!Value.isTrue(evaluate(operand)))
        case .negate(let operand):
            return Value.format(-Value.number(evaluate(operand)))
        case .complement(let operand):
            return String(~Int32(truncatingIfNeeded: Value.integer(evaluate(operand))))
        case .and(let left, let right):
            let l = evaluate(left)
            return Value.isTrue(l) ? evaluate(right) : l
        case .or(let left, let right):
            let l = evaluate(left)
            return Value.isTrue(l) ? l : evaluate(right)
        case .assignment(let name, let value):
            let v = evaluate(value)
            variables[name] = v
            if dryRun { trace.append("line \(expression.location.line): \(name)=\(LogRecord.quoted(v))") }
            return v
        case .binary(let op, let left, let right):
            return apply(op, evaluate(left), evaluate(right))
        case .call(let function, let arguments):
            return call(function, arguments.map { evaluate($0) })
        }
    }

    func substitute(_ segments: [StringSegment]) -> String {
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

    func apply(_ op: BinaryOperator, _ a: String, _ b: String) -> String {
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

    /// maildrop's special characters for `escape` (maildropfilter(7)).
    static let escapedCharacters = Set("|!$()[]\\+*?.&;`'-~<>^{}\"".utf8)

    mutating func call(_ function: Function, _ arguments: [String]) -> String {
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
                if Interpreter.escapedCharacters.contains(byte) { out.append(0x5C) }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        case .getaddr:
            return AddressList(Array(arguments[0].utf8)[...]).addresses.map { $0 + "\n" }.joined()
        case .hasaddr:
            return Value.boolean(hasAddress(arguments[0]))
        case .lookup:
            return Value.boolean(lookup(arguments[0], file: arguments[1],
                                        caseSensitive: arguments.count > 2 && arguments[2].contains("D")))
        case .time:
            return String(Int(Glibc.time(nil)))
        }
    }

    /// Whether `address` is one of the addresses of a To, Cc, Resent-To or Resent-Cc header line,
    /// compared case-insensitively (maildropfilter(7), `hasaddr`).
    func hasAddress(_ address: String) -> Bool {
        let wanted = address.lowercased()
        let fields = ["to:", "cc:", "resent-to:", "resent-cc:"]
        for line in text.headerLines {
            let lower = line.lowercased()
            guard let field = fields.first(where: { lower.hasPrefix($0) }) else { continue }
            let value = Array(line.utf8.dropFirst(field.utf8.count))
            if AddressList(value[...]).addresses.contains(where: { $0.lowercased() == wanted }) { return true }
        }
        return false
    }

    /// maildrop's `lookup`: each line of `file` (blank lines and `#` comments skipped, leading blanks
    /// removed) is a pattern matched against `value`. An unreadable file is no match, and logged.
    mutating func lookup(_ value: String, file: String, caseSensitive: Bool) -> Bool {
        let bytes: [UInt8]
        do throws(FileDescriptor.Errno) {
            bytes = try FileDescriptor.readFile(file)
        } catch {
            log("mail2sms: lookup cannot read \(file): \(error)")
            return false
        }
        for rawLine in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let regex = try? Regex(String(line), caseSensitive: caseSensitive) else { continue }
            if case .match = regex.firstMatch(in: value) { return true }
        }
        return false
    }
}
