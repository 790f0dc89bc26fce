/// The lines that message patterns see: header fields first, one `Name: value` line each, then the body
/// lines (trailing CR removed; a last line without a newline is a line too). `:h` patterns search the
/// first list, `:b` the second, `:hb` both, one line at a time, as maildrop does.
///
/// The body is taken as plain text. MIME decoding (transfer encodings, charsets, multipart, HTML) slots in
/// here without changing what patterns or `--canonical` consume.
public struct CanonicalText: Sendable {
    public var headerLines: [String]
    public var bodyLines: [String]

    public init(headerLines: [String], bodyLines: [String]) {
        self.headerLines = headerLines
        self.bodyLines = bodyLines
    }

    public init(_ message: Message) {
        headerLines = message.header.map(\.canonicalLine)
        bodyLines = CanonicalText.lines(message.body)
    }

    static func lines(_ bytes: ArraySlice<UInt8>) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let next = end < bytes.endIndex ? end + 1 : end
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = next
        }
        return lines
    }
}
