/// A JSON value (RFC 8259), read strictly from a gateway's answer so that it can be classified without
/// Foundation: `value["messages"]?[0]?["status"]?.string == "0"`.
///
/// Objects keep their members in document order, duplicates included (RFC 8259 §4 leaves duplicate names to
/// the reader); a key lookup finds the first. Numbers are `Double`s: gateway status codes and counts are
/// small integers, and larger ones lose precision rather than fail. Two objects are equal when their members
/// are, in the same order.
package indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Bytes of a document: the HTTP client keeps no more of a response body, and a gateway's answer is a few
    /// hundred bytes.
    ///
    /// A longer document is not read at all.
    static let maximumBytes = HTTPClient.responseBodyLimit
    /// Arrays and objects nested in one another.
    ///
    /// Real answers nest three or four deep; the reader recurses once a level, so this also bounds its stack.
    /// A deeper document is not read.
    static let maximumDepth = 64

    /// Parses a whole document; leading and trailing whitespace are allowed, and so is a leading UTF-8 byte
    /// order mark (RFC 8259 §8.1 lets a reader ignore one).
    ///
    /// Nil on any syntax error, trailing bytes, invalid UTF-8, a number beyond `Double`'s range, or a
    /// document beyond `maximumBytes` or `maximumDepth`.
    ///
    /// A `\u` escape of an unpaired surrogate becomes U+FFFD: the grammar allows it (RFC 8259 §8.2), and a
    /// gateway that echoes a text cut in the middle of a pair must still be understood. Raw bytes that are
    /// not UTF-8 are another matter: such a document is not JSON text at all (§8.1).
    package init?(parsing bytes: [UInt8]) {
        // Strict UTF-8 (RFC 3629: no overlong forms, surrogates or values above U+10FFFF), checked once by
        // the stdlib; the reader then decodes runs of non-ASCII bytes inside strings without checking again.
        guard bytes.count <= JSONValue.maximumBytes, String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var reader = Reader(bytes)
        guard let value = reader.parseDocument() else { return nil }
        self = value
    }

    /// The value of the first member named `key`; nil if there is none or this is not an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The element at `index`; nil if it is out of range or this is not an array.
    package subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The text of a string; nil for any other value (a number is not converted).
    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value of a number; nil for any other value (a numeric string is not converted).
    package var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The value of `true` or `false`; nil for any other value.
    package var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of an array; nil for any other value.
    package var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object in document order; nil for any other value.
    var object: [(String, JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Written out because tuples are not `Equatable`: objects are equal member by member, in order.
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)): return left == right
        case (.string(let left), .string(let right)): return left == right
        case (.array(let left), .array(let right)): return left == right
        case (.object(let left), .object(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension JSONValue {
    /// The recursive-descent reader behind `JSONValue(parsing:)`, one `parseX` per production of RFC 8259
    /// §2–7.
    ///
    /// It never throws: a production that fails returns nil, and so does the whole document. Every loop
    /// consumes at least one byte per turn, and nesting is bounded by `JSONValue.maximumDepth`.
    fileprivate struct Reader {
        let bytes: [UInt8]
        var position = 0
        var depth = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        // MARK: Vocabulary

        /// The byte at the cursor, nil at the end.
        func peek() -> UInt8? {
            position < bytes.count ? bytes[position] : nil
        }

        /// Whether the byte at the cursor is `byte`.
        func at(_ byte: UInt8) -> Bool {
            peek() == byte
        }

        /// Consumes the byte at the cursor if it is `byte`.
        mutating func consume(if byte: UInt8) -> Bool {
            guard at(byte) else { return false }
            position += 1
            return true
        }

        /// Consumes `literal` if the input continues with it.
        mutating func consume(literal: String) -> Bool {
            let utf8 = literal.utf8
            guard bytes.count - position >= utf8.count,
                bytes[position..<position + utf8.count].elementsEqual(utf8)
            else { return false }
            position += utf8.count
            return true
        }

        // MARK: Productions

        /// `JSON-text = ws value ws`, after an optional byte order mark, and nothing after it.
        mutating func parseDocument() -> JSONValue? {
            _ = consume(literal: "\u{FEFF}")
            skipWhitespace()
            guard let value = parseValue() else { return nil }
            skipWhitespace()
            return position == bytes.count ? value : nil
        }

        /// Skips `ws`.
        ///
        ///     ws = *( %x20 / %x09 / %x0A / %x0D )
        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                position += 1
            }
        }

        /// Parses `value`.
        ///
        ///     value = false / null / true / object / array / number / string
        mutating func parseValue() -> JSONValue? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "{"): return parseObject()
            case UInt8(ascii: "["): return parseArray()
            case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return parseNumber().map(JSONValue.number)
            case UInt8(ascii: "t"): return consume(literal: "true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return consume(literal: "false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return consume(literal: "null") ? .null : nil
            default: return nil
            }
        }

        /// Parses `object`.
        ///
        ///     object = begin-object [ member *( value-separator member ) ] end-object
        ///     member = string name-separator value
        mutating func parseObject() -> JSONValue? {
            guard enterContainer(UInt8(ascii: "{")) else { return nil }
            defer { depth -= 1 }
            var members: [(String, JSONValue)] = []
            skipWhitespace()
            if consume(if: UInt8(ascii: "}")) { return .object(members) }
            repeat {
                skipWhitespace()
                guard at(UInt8(ascii: "\"")), let name = parseString() else { return nil }
                skipWhitespace()
                guard consume(if: UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard let value = parseValue() else { return nil }
                members.append((name, value))
                skipWhitespace()
            } while consume(if: UInt8(ascii: ","))
            return consume(if: UInt8(ascii: "}")) ? .object(members) : nil
        }

        /// Parses `array`.
        ///
        ///     array = begin-array [ value *( value-separator value ) ] end-array
        mutating func parseArray() -> JSONValue? {
            guard enterContainer(UInt8(ascii: "[")) else { return nil }
            defer { depth -= 1 }
            var elements: [JSONValue] = []
            skipWhitespace()
            if consume(if: UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                skipWhitespace()
                guard let value = parseValue() else { return nil }
                elements.append(value)
                skipWhitespace()
            } while consume(if: UInt8(ascii: ","))
            return consume(if: UInt8(ascii: "]")) ? .array(elements) : nil
        }

        /// Consumes the opening bracket of an array or object and counts a level of nesting; false beyond
        /// `JSONValue.maximumDepth`.
        ///
        /// The caller gives the level back when it returns.
        mutating func enterContainer(_ opening: UInt8) -> Bool {
            guard depth < JSONValue.maximumDepth, consume(if: opening) else { return false }
            depth += 1
            return true
        }

        /// `number = [ minus ] int [ frac ] [ exp ]`, `int = zero / ( digit1-9 *DIGIT )`, `frac =
        /// decimal-point 1*DIGIT`, `exp = e [ minus / plus ] 1*DIGIT`.
        ///
        /// So no leading zeros (`01`), no `+1`, `.5`, `1.`, `NaN` or `Infinity`; a number too large for a
        /// `Double` is refused rather than made infinite.
        mutating func parseNumber() -> Double? {
            let start = position
            _ = consume(if: UInt8(ascii: "-"))
            if !consume(if: UInt8(ascii: "0")) {
                guard let first = peek(), (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) else { return nil }
                skipDigits()
            }
            if consume(if: UInt8(ascii: ".")) {
                guard skipDigits() > 0 else { return nil }
            }
            if consume(if: UInt8(ascii: "e")) || consume(if: UInt8(ascii: "E")) {
                _ = consume(if: UInt8(ascii: "+")) || consume(if: UInt8(ascii: "-"))
                guard skipDigits() > 0 else { return nil }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard let value = Double(text), value.isFinite else { return nil }
            return value
        }

        /// Consumes `*DIGIT` and says how many.
        @discardableResult
        mutating func skipDigits() -> Int {
            let start = position
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                position += 1
            }
            return position - start
        }

        /// `string = quotation-mark *char quotation-mark`; `char = unescaped / escape ( " / \ / / / b / f / n
        /// / r / t / uXXXX )`, where `unescaped` is any UTF-8 scalar from U+0020 except `"` and `\`.
        ///
        /// Control characters must be escaped.
        mutating func parseString() -> String? {
            guard consume(if: UInt8(ascii: "\"")) else { return nil }
            var scalars = String.UnicodeScalarView()
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard let scalar = parseEscape() else { return nil }
                    scalars.append(scalar)
                case 0x00..<0x20:
                    return nil
                case 0x20..<0x80:
                    position += 1
                    scalars.append(Unicode.Scalar(byte))
                default:
                    // Whole scalars: the document is valid UTF-8, and a run of bytes from 0x80 ends at one's end.
                    let start = position
                    while let next = peek(), next >= 0x80 { position += 1 }
                    scalars.append(contentsOf: String(decoding: bytes[start..<position], as: UTF8.self).unicodeScalars)
                }
            }
            return nil
        }

        /// The escape after a backslash.
        ///
        /// `\uXXXX` of a high surrogate followed by `\uXXXX` of a low one is one scalar; a surrogate without
        /// its partner is U+FFFD, and the escape after it is read on its own.
        mutating func parseEscape() -> Unicode.Scalar? {
            guard let byte = peek() else { return nil }
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                guard let unit = parseHexQuad() else { return nil }
                switch unit {
                case 0xD800...0xDBFF:
                    let resume = position
                    if consume(literal: "\\u"), let low = parseHexQuad(), (0xDC00...0xDFFF).contains(low) {
                        let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        return Unicode.Scalar(value)
                    }
                    position = resume
                    return Unicode.Scalar(0xFFFD)
                case 0xDC00...0xDFFF:
                    return Unicode.Scalar(0xFFFD)
                default:
                    return Unicode.Scalar(unit)
                }
            default:
                return nil
            }
        }

        /// Four hexadecimal digits, either case.
        mutating func parseHexQuad() -> UInt16? {
            guard bytes.count - position >= 4 else { return nil }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt16(digit)
                position += 1
            }
            return value
        }
    }
}
