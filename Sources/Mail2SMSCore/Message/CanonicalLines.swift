/// Builds the canonical lines of a message by walking its MIME tree in order, as maildrop's
/// `rfc2045_decodemsgtoutf8` does: each entity's header fields, then, for a leaf that is text, its body
/// decoded (transfer encoding, then charset to UTF-8, then HTML to text) and split into lines.
///
/// Only `text/*` and `message/*` leaves are read (`ContentType.isSearchedText`); attachments of other
/// types, preambles and epilogues never are. A text part in a charset iconv does not know is skipped
/// (maildrop stops reading the message's bodies there). Each part's last line is a line of its own.
struct CanonicalLines {
    private let bytes: [UInt8]
    private(set) var headerLines: [String] = []
    private(set) var bodyLines: [String] = []
    private(set) var exceeded: [MessageLimit]
    private var heldBytes = 0

    init(_ message: Message) {
        bytes = message.bytes
        exceeded = message.exceededLimits
        add(message.root)
    }

    private mutating func add(_ part: MIMEPart) {
        for field in part.header { hold(field.canonicalLine, in: \.headerLines) }
        guard part.children.isEmpty else {
            for child in part.children { add(child) }
            return
        }
        guard part.contentType.isSearchedText, let text = decodedText(part) else { return }
        let lines = part.contentType.isHTML ? HTMLText.lines(text) : CanonicalLines.lines(text)
        for line in lines { hold(line, in: \.bodyLines) }
    }

    /// The body of a text leaf as UTF-8, or nil when its charset is unknown.
    private mutating func decodedText(_ part: MIMEPart) -> String? {
        var charset = Charset.default
        if let name = part.charsetName {
            guard let known = Charset(name) else { return nil }
            charset = known
        }
        let (decoded, truncated) = part.transferEncoding.decode(bytes[part.body],
                                                                limit: MessageLimit.decodedBytesPerPart)
        if truncated { reached(.partTooLarge) }
        return charset.decode(decoded)
    }

    /// Keeps `line` unless `MessageLimit.heldBytes` are held already.
    private mutating func hold(_ line: String, in list: WritableKeyPath<CanonicalLines, [String]>) {
        heldBytes += line.utf8.count + 1
        guard heldBytes <= MessageLimit.heldBytes else {
            reached(.tooMuchText)
            return
        }
        self[keyPath: list].append(line)
    }

    private mutating func reached(_ limit: MessageLimit) {
        if !exceeded.contains(limit) { exceeded.append(limit) }
    }

    /// `text` split at LF, a CR before the LF removed; a last line without LF is a line too.
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let newline = utf8[start...].firstIndex(of: ASCII.lf) ?? utf8.endIndex
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == ASCII.cr { end = utf8.index(before: end) }
            lines.append(String(text[start..<end]))
            start = newline < utf8.endIndex ? utf8.index(after: newline) : newline
        }
        return lines
    }
}
