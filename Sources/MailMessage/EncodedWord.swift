import Platform

/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in a header value, decoded to UTF-8.
///
/// Decoded as maildrop does, which is more lenient than RFC 2047 §5 and matches what mail clients do: a
/// word is decoded wherever it appears (inside a word, a comment or a quoted string too), blanks between
/// two adjacent words are dropped (§6.2) and their bytes joined before conversion, so a character split
/// across two words survives. A word in a charset iconv does not know, or with an encoding other than B
/// or Q, stays as written (maildrop puts an error text in its place).
enum EncodedWord {
    /// RFC 2047 §2 limits a word to 75 characters; lookahead stops well past that so that a value full
    /// of `=?` cannot make decoding quadratic.
    static let maxWordLength = 256

    /// `value` with its encoded words decoded; bytes outside them that are not UTF-8 (raw 8-bit headers,
    /// RFC 6532 aside) are dropped, as maildrop drops them.
    static func decode(_ value: ArraySlice<UInt8>) -> String {
        var out = ""
        var literalStart = value.startIndex
        /// The decoded bytes of the run of adjacent words being read, and their charset.
        var pending: (charset: Charset, name: String, bytes: [UInt8])? = nil
        var foundWord = false
        var index = value.startIndex

        func flushPending() {
            if let run = pending { out += run.charset.decode(run.bytes) }
            pending = nil
        }
        func appendLiteral(_ bytes: ArraySlice<UInt8>) {
            guard !bytes.isEmpty else { return }
            flushPending()
            out += Charset.validUTF8(bytes)
        }

        while index < value.endIndex {
            guard value[index] == 0x3D, index + 1 < value.endIndex, value[index + 1] == 0x3F,
                let word = parseWord(value, at: index)
            else {
                index += 1
                continue
            }
            foundWord = true
            let literal = value[literalStart..<index]
            let onlyBlanks = literal.allSatisfy(ASCII.isWhitespace)
            if !(onlyBlanks && pending != nil) { appendLiteral(literal) }
            if let run = pending, run.name != word.charsetName { flushPending() }
            if pending == nil { pending = (word.charset, word.charsetName, []) }
            pending?.bytes += word.bytes
            index = word.end
            literalStart = index
        }
        guard foundWord else {
            return Charset.validUTF8(value)
        }
        appendLiteral(value[literalStart...])
        flushPending()
        return out
    }

    /// The word starting at `start` (at `=?`): `=?charset?encoding?text?=`, where charset and text hold no
    /// blanks or `?`.
    ///
    /// Nil when there is none, or its charset or encoding is unknown.
    private static func parseWord(_ value: ArraySlice<UInt8>, at start: Int)
        -> (charset: Charset, charsetName: String, bytes: [UInt8], end: Int)?
    {
        let limit = min(value.endIndex, start + maxWordLength)
        var i = start + 2
        let charsetStart = i
        while i < limit, value[i] != 0x3F, !ASCII.isWhitespace(value[i]) { i += 1 }
        guard i > charsetStart, i + 2 < limit, value[i] == 0x3F, value[i + 2] == 0x3F else { return nil }
        let charsetName = ASCII.lowercasedString(value[charsetStart..<i])
        let encoding = ASCII.lowercased(value[i + 1])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }
        i += 3
        let textStart = i
        while i + 1 < limit, !(value[i] == 0x3F && value[i + 1] == 0x3D) {
            if ASCII.isWhitespace(value[i]) { return nil }
            i += 1
        }
        guard i + 1 < limit, let charset = Charset(charsetName) else { return nil }
        let text = value[textStart..<i]
        let bytes =
            encoding == 0x62
            ? TransferEncoding.decodeBase64(text, limit: text.count).bytes
            : decodeQ(text)
        return (charset, charsetName, bytes, i + 2)
    }

    /// RFC 2047 §4.2: `_` is a space, `=XX` a byte; a malformed `=` escape is dropped with the two
    /// characters after it, as maildrop does.
    private static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            if byte == 0x5F {
                out.append(ASCII.space)
                i += 1
            } else if byte == 0x3D {
                if i + 2 < text.endIndex, let high = ASCII.hexValue(text[i + 1]), let low = ASCII.hexValue(text[i + 2])
                {
                    out.append(high << 4 | low)
                }
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }
}
