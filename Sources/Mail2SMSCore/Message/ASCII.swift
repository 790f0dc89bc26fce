/// Byte classes of the ASCII-based syntaxes in mail (RFC 5322, RFC 2045, RFC 2047, HTML), shared by the
/// message parsers so that each states its grammar rather than its character tests.
enum ASCII {
    static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20

    /// Space or tab: RFC 5322's WSP.
    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// WSP, CR or LF.
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == cr || byte == lf }

    static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The value of a hexadecimal digit of either case, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The bytes lowercased, as a String: for names and tokens that RFC 2045 makes case-insensitive.
    static func lowercasedString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.map(lowercased), as: UTF8.self)
    }

    /// `bytes` without leading and trailing blanks, CR and LF.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }
}
