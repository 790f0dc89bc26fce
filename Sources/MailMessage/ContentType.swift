import Platform

/// A parsed `Content-Type` (RFC 2045 §5.1): the media type and subtype in lowercase, and the parameters,
/// names lowercased, values unquoted, RFC 2231 extended and continued values joined and percent-decoded.
struct ContentType: Equatable, Sendable {
    var type: String
    var subtype: String
    var parameters: [String: String]

    /// RFC 2045 §5.2: what a part without a valid `Content-Type` is.
    static let textPlain = ContentType(type: "text", subtype: "plain", parameters: [:])
    /// RFC 2046 §5.1.5: the default inside `multipart/digest`.
    static let messageRFC822 = ContentType(type: "message", subtype: "rfc822", parameters: [:])

    var isMultipart: Bool { type == "multipart" }
    var isEncapsulatedMessage: Bool { type == "message" && (subtype == "rfc822" || subtype == "global") }
    var isHTML: Bool { type == "text" && subtype == "html" }
    /// Whether maildrop searches this part's text.
    ///
    /// It searches `text/*`, and `message/*` other than an encapsulated message (whose own parts are
    /// searched instead), such as a `message/delivery-status` report.
    var isSearchedText: Bool { type == "text" || (type == "message" && !isEncapsulatedMessage) }

    /// The `Content-Type` value `value`, or nil when it has no `type/subtype` (RFC 2045 §5.2 then says
    /// `text/plain`; the caller supplies the default of its context).
    init?(_ value: [UInt8]) {
        var scanner = Scanner(ArraySlice(value))
        let type = scanner.token()
        guard !type.isEmpty, scanner.consume(0x2F) else { return nil }
        let subtype = scanner.token()
        guard !subtype.isEmpty else { return nil }
        self.type = ASCII.lowercasedString(type)
        self.subtype = ASCII.lowercasedString(subtype)
        parameters = ContentType.parameters(&scanner)
    }

    init(type: String, subtype: String, parameters: [String: String]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `*(";" attribute "=" value)`; a malformed parameter ends the list.
    ///
    /// RFC 2231 §3-4 sections (`name*0`, `name*1*`…) are joined in order, and a value in
    /// `charset'language'%XX` form decoded.
    private static func parameters(_ scanner: inout Scanner) -> [String: String] {
        var sections: [String: [(index: Int, extended: Bool, value: [UInt8])]] = [:]
        var order: [String] = []
        while scanner.consume(0x3B) {
            var name = ASCII.lowercasedString(scanner.token())
            guard !name.isEmpty, scanner.consume(0x3D) else { break }
            let value = scanner.value()
            var extended = false
            if name.hasSuffix("*") {
                extended = true
                name.removeLast()
            }
            var index = 0
            if let star = name.firstIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                index = number
                name = String(name[..<star])
            }
            if sections[name] == nil { order.append(name) }
            sections[name, default: []].append((index, extended, value))
        }
        var result: [String: String] = [:]
        for name in order {
            var bytes: [UInt8] = []
            for section in (sections[name] ?? []).sorted(by: { $0.index < $1.index }) {
                var value = ArraySlice(section.value)
                if section.extended {
                    if section.index == 0, let quote = value.firstIndex(of: 0x27),
                        let second = value[(quote + 1)...].firstIndex(of: 0x27)
                    {
                        value = value[(second + 1)...]
                    }
                    bytes += PercentEncoding.decode(value)
                } else {
                    bytes += value
                }
            }
            result[name] = String(decoding: bytes, as: UTF8.self)
        }
        return result
    }

    /// RFC 2045's lexical tokens over one field value, skipping blanks and RFC 5322 comments between them.
    private struct Scanner {
        let bytes: ArraySlice<UInt8>
        var index: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        /// Skips blanks and `(comments)`, nested ones included.
        mutating func skipBlanks() {
            var depth = 0
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == 0x28 {
                    depth += 1
                } else if byte == 0x29, depth > 0 {
                    depth -= 1
                } else if depth == 0, !ASCII.isWhitespace(byte) {
                    return
                } else if byte == 0x5C, depth > 0, index + 1 < bytes.endIndex {
                    index += 1
                }
                index += 1
            }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// RFC 2045 `token`: any CHAR but SPACE, CTLs and tspecials.
        mutating func token() -> ArraySlice<UInt8> {
            skipBlanks()
            let start = index
            while index < bytes.endIndex, ContentType.isTokenByte(bytes[index]) { index += 1 }
            return bytes[start..<index]
        }

        /// A token or a quoted-string (RFC 5322 §3.2.4), unquoted.
        mutating func value() -> [UInt8] {
            skipBlanks()
            guard index < bytes.endIndex, bytes[index] == 0x22 else { return Array(token()) }
            index += 1
            var out: [UInt8] = []
            while index < bytes.endIndex, bytes[index] != 0x22 {
                if bytes[index] == 0x5C, index + 1 < bytes.endIndex { index += 1 }
                out.append(bytes[index])
                index += 1
            }
            if index < bytes.endIndex { index += 1 }
            return out
        }
    }

    /// RFC 2045 §5.1 `token` characters; 8-bit bytes are let through, as broken mail uses them.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        if byte <= 0x20 || byte == 0x7F { return false }
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return false
        default: return true
        }
    }
}
