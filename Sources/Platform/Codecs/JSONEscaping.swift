/// Text escaped for the inside of a JSON string (RFC 8259 §7), so that a value from mail can neither end
/// the string nor break the document.
///
/// `"` and `\` get a backslash; the control characters U+0000–U+001F, which JSON forbids raw, become the
/// short escapes `\b \f \n \r \t` or `\u00XX`. U+2028 and U+2029 are escaped too: JSON allows them, but
/// JavaScript before ES2019 ends a line at them, and a gateway may still evaluate its JSON that way.
/// Everything else, non-ASCII included, stays as UTF-8 (RFC 8259 §8.1).
package enum JSONEscaping {
    /// `text` ready to stand between the quotes of a JSON string; unchanged when nothing needs escaping.
    package static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            switch scalar {
            case "\"": out.append(contentsOf: #"\""#.unicodeScalars)
            case "\\": out.append(contentsOf: #"\\"#.unicodeScalars)
            case "\u{08}": out.append(contentsOf: #"\b"#.unicodeScalars)
            case "\u{0C}": out.append(contentsOf: #"\f"#.unicodeScalars)
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            default:
                out.append(contentsOf: #"\u"#.unicodeScalars)
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(hex[Int((scalar.value >> UInt32(shift)) & 0xF)])
                }
            }
        }
        return String(out)
    }

    /// Whether `scalar` cannot stand raw in a JSON string (or, for U+2028/U+2029, should not).
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar == "\"" || scalar == "\\" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
