/// Splits a message into header fields and body, one line at a time, in time linear in the header size.
///
/// Accepts LF or CRLF line ends and skips an mbox `From ` line at the very start. The header ends at the
/// first empty line; a line that is neither a field (`Name:`) nor a continuation (leading blank) also ends
/// it, and belongs to the body, so malformed mail still has its text searched.
public enum MessageParser {
    public static func parse(_ bytes: [UInt8]) -> Message {
        var fields: [HeaderField] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        var inField = false
        func finishField() {
            if inField {
                fields.append(HeaderField(name: String(decoding: name, as: UTF8.self),
                                          value: String(decoding: trimmed(value), as: UTF8.self)))
            }
            inField = false
        }

        var index = 0
        if bytes.starts(with: Array("From ".utf8)) { index = nextLineStart(bytes, from: index) }
        var bodyOffset = bytes.count
        while index < bytes.count {
            let next = nextLineStart(bytes, from: index)
            var end = next
            if end > index, bytes[end - 1] == 0x0A { end -= 1 }
            if end > index, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[index..<end]
            if line.isEmpty {
                bodyOffset = next
                break
            }
            if line.first == 0x20 || line.first == 0x09 {
                if inField {
                    value.append(0x20)
                    value.append(contentsOf: line)
                }
            } else if let colon = line.firstIndex(of: 0x3A), colon > line.startIndex {
                finishField()
                name = Array(trimmed(line[line.startIndex..<colon]))
                value = Array(line[(colon + 1)...])
                inField = true
            } else {
                bodyOffset = index
                break
            }
            index = next
        }
        finishField()
        return Message(bytes: bytes, header: fields, bodyOffset: bodyOffset)
    }

    /// The index just past the next LF (or the end).
    static func nextLineStart(_ bytes: [UInt8], from index: Int) -> Int {
        var i = index
        while i < bytes.count {
            if bytes[i] == 0x0A { return i + 1 }
            i += 1
        }
        return i
    }

    static func trimmed<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }) else { return bytes[bytes.endIndex...] }
        let last = bytes.lastIndex(where: { !isBlank($0) })!
        return bytes[first...last]
    }
}
