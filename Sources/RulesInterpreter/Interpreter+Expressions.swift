import Glibc
import MailMessage
import Platform
import RulesCompiler
import RulesLanguage

extension Interpreter {
    /// The value of `expression`.
    ///
    /// Only `lookup` can fail here (its file unreadable or holding a bad pattern), which is fatal as in
    /// maildrop, unless an `exception` block traps it.
    mutating func evaluate(_ expression: Expression) throws(RuntimeFailure) -> String {
        switch expression.kind {
        case .text(let segments):
            guard let text = substitute(segments) else { throw .valueTooLong(expression.location) }
            return text
        case .pattern(let pattern):
            return matchMessage(pattern)
        case .match(let subject, let pattern):
            let value = try evaluate(subject)
            if let weights = pattern.options.weights { return matchWeighted(pattern, in: value, weights) }
            return Value.boolean(match(pattern, against: [value]))
        case .not(let operand):
            return Value.boolean(!Value.isTrue(try evaluate(operand)))
        case .negate(let operand):
            return Value.format(-Value.number(try evaluate(operand)))
        case .complement(let operand):
            // maildrop reads the operand with atol (`~"1e3"` is -2) and complements a C long.
            return String(~atol(try evaluate(operand)))
        case .and(let left, let right):
            let l = try evaluate(left)
            return Value.isTrue(l) ? try evaluate(right) : l
        case .or(let left, let right):
            let l = try evaluate(left)
            return Value.isTrue(l) ? l : try evaluate(right)
        case .assignment(let name, let value):
            let v = try evaluate(value)
            variables[name] = v
            traceLine("line \(expression.location.line): \(name)=\(LogRecord.quoted(v))")
            return v
        case .binary(let op, let left, let right):
            let l = try evaluate(left)
            return apply(op, l, try evaluate(right))
        case .call(let function, let arguments):
            var values: [String] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try call(function, values, at: expression.location)
        }
    }

    /// The text of `segments` with the values of their variables, or nil once it would grow past
    /// `maximumValueBytes` (checked before each piece is appended, so nothing larger is ever built).
    func substitute(_ segments: [StringSegment]) -> String? {
        if segments.count == 1, case .literal(let text) = segments[0] { return text }
        var result = ""
        for segment in segments {
            let piece: String
            switch segment {
            case .literal(let text): piece = text
            case .variable(let name): piece = variables[name] ?? ""
            }
            guard result.utf8.count + piece.utf8.count <= Interpreter.maximumValueBytes else { return nil }
            result += piece
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

    mutating func call(_ function: Function, _ arguments: [String], at location: SourceLocation) throws(RuntimeFailure)
        -> String
    {
        switch function {
        case .length:
            return String(arguments[0].utf8.count)
        case .substr:
            // maildrop reads the offsets with atol (`"1e1"` is 1); a start before 0 or past the end is empty.
            let bytes = Array(arguments[0].utf8)
            var start = atol(arguments[1])
            if start < 0 || start > bytes.count { start = bytes.count }
            var end = bytes.count
            if arguments.count > 2 {
                end = min(bytes.count, start + max(0, min(atol(arguments[2]), bytes.count)))
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
            guard out.count <= Interpreter.maximumValueBytes else { throw .valueTooLong(location) }
            return String(decoding: out, as: UTF8.self)
        case .getaddr:
            return AddressList(Array(arguments[0].utf8)[...]).addresses.map { $0 + "\n" }.joined()
        case .hasaddr:
            return Value.boolean(hasAddress(arguments[0]))
        case .lookup:
            return Value.boolean(
                try lookup(
                    arguments[0], file: arguments[1],
                    caseSensitive: arguments.count > 2 && arguments[2].contains("D"), at: location))
        case .time:
            return String(clock.now())
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

    /// maildrop's `lookup`: each line of `file` (ended by LF or CR; blank lines and `#` comments skipped,
    /// leading blanks removed) is a pattern matched against `value`.
    ///
    /// As in maildrop, a file that cannot be read, or a line that is not a valid pattern, is a fatal error: a
    /// list that cannot be consulted defers the mail rather than answering "not listed".
    mutating func lookup(
        _ value: String, file: String, caseSensitive: Bool,
        at location: SourceLocation
    ) throws(RuntimeFailure) -> Bool {
        let bytes: [UInt8]
        do throws(FileDescriptor.Errno) {
            bytes = try FileDescriptor.readFile(file, limit: Program.maximumSourceBytes + 1)
        } catch {
            throw .lookupFailed(file: file, .unreadable(error), location)
        }
        guard bytes.count <= Program.maximumSourceBytes else {
            throw .lookupFailed(file: file, .tooLarge, location)
        }
        for rawLine in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            let line = String(decoding: rawLine.drop { $0 == 0x20 || (0x09...0x0D).contains($0) }, as: UTF8.self)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let regex: Regex
            do throws(Regex.CompileError) {
                regex = try Regex(line, caseSensitive: caseSensitive, workspace: program.workspace)
            } catch {
                throw .lookupFailed(file: file, .invalidPattern(line, error.message), location)
            }
            if case .match = regex.firstMatch(in: value) { return true }
        }
        return false
    }
}
