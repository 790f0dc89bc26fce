import Platform

/// One header field, unfolded: the name as written, and the value with each line break of a folded field
/// replaced by one blank (the continuation keeps its own leading blanks, as maildrop does) and trimmed.
///
/// The value is kept as bytes, because RFC 5322 headers may carry raw 8-bit text and RFC 2047 encoded
/// words whose meaning depends on the field (`HeaderRendering` turns it into the text patterns see).
package struct HeaderField: Equatable, Sendable {
    /// The name exactly as written before the colon, blanks included (`Subject :` keeps `Subject `), as
    /// maildrop shows it.
    package var name: String
    /// The unfolded, trimmed value, byte for byte.
    package var rawValue: [UInt8]
    /// False for a line in a header block that has no colon: maildrop keeps it as a header line of its own.
    var hasColon: Bool

    package init(name: String, rawValue: [UInt8], hasColon: Bool = true) {
        self.name = name
        self.rawValue = rawValue
        self.hasColon = hasColon
    }

    package init(name: String, value: String) {
        self.init(name: name, rawValue: Array(value.utf8))
    }

    /// The raw value as text (invalid UTF-8 replaced by U+FFFD), undecoded: what `Message-ID` or
    /// `Return-Path` are read as.
    package var value: String { String(decoding: rawValue, as: UTF8.self) }

    /// Whether this field is named `wanted` (given in ASCII lowercase), ignoring case and the blanks a
    /// sender may put before the colon (RFC 5322 §1.2.2: field names are case-insensitive).
    func isNamed(_ wanted: String) -> Bool {
        var expected = wanted.utf8.makeIterator()
        for byte in name.utf8 where !ASCII.isBlank(byte) {
            guard expected.next() == ASCII.lowercased(byte) else { return false }
        }
        return expected.next() == nil
    }
}
