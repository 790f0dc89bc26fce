/// Byte classes of the ASCII-based syntaxes in mail (RFC 5322, RFC 2045, RFC 2047, HTML), shared by the
/// message parsers so that each states its grammar rather than its character tests.
package enum ASCII {
    package static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20

    /// Space or tab: RFC 5322's WSP.
    package static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// WSP, CR or LF.
    package static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == cr || byte == lf }

    package static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

    package static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The value of a hexadecimal digit of either case, or nil.
    package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The bytes lowercased, as a String: for names and tokens that RFC 2045 makes case-insensitive.
    ///
    /// Concrete types, not a generic: a generic of this module is not specialized in the modules that call
    /// it, and runs through witness tables there.
    package static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(lowercased), as: UTF8.self)
    }

    /// `text`'s ASCII letters lowercased.
    package static func lowercasedString(_ text: String) -> String {
        String(decoding: text.utf8.map(lowercased), as: UTF8.self)
    }

    /// `bytes` without leading and trailing blanks, CR and LF.
    package static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }
}
