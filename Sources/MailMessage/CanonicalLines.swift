import Glibc
import Platform

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
        for field in part.header {
            let line = field.canonicalLine
            if admit(line) { headerLines.append(line) }
        }
        guard part.children.isEmpty else {
            for child in part.children { add(child) }
            return
        }
        guard part.contentType.isSearchedText, let text = decodedText(part) else { return }
        let lines = part.contentType.isHTML ? HTMLText.lines(text) : CanonicalLines.lines(text)
        for line in lines where admit(line) { bodyLines.append(line) }
    }

    /// The body of a text leaf as UTF-8, or nil when its charset is unknown.
    private mutating func decodedText(_ part: MIMEPart) -> String? {
        var charset = Charset.default
        if let name = part.charsetName {
            guard let known = Charset(name) else { return nil }
            charset = known
        }
        let (decoded, truncated) = part.transferEncoding.decode(
            bytes[part.body],
            limit: MessageLimit.decodedBytesPerPart)
        if truncated { reached(.partTooLarge) }
        return charset.decode(decoded)
    }

    /// Whether `line` may be kept: not once `MessageLimit.heldBytes` are held already.
    private mutating func admit(_ line: String) -> Bool {
        heldBytes += line.utf8.count + 1
        guard heldBytes <= MessageLimit.heldBytes else {
            reached(.tooMuchText)
            return false
        }
        return true
    }

    private mutating func reached(_ limit: MessageLimit) {
        if !exceeded.contains(limit) { exceeded.append(limit) }
    }

    /// `text` split at LF, a CR before the LF removed; a last line without LF is a line too.
    static func lines(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return [] }
            var lines: [String] = []
            var start = 0
            while start < utf8.count {
                let newline =
                    memchr(base + start, Int32(ASCII.lf), utf8.count - start)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? utf8.count
                var end = newline
                if end > start, utf8[end - 1] == ASCII.cr { end -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self))
                start = newline + 1
            }
            return lines
        }
    }
}
