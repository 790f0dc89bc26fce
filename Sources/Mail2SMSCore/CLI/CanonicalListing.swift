import MailMessage

/// What `--canonical` prints: each canonical line as exactly one output line.
///
/// Decoding can put a CR or LF inside a line (an encoded word `=?utf-8?q?a=0D=0Ab?=` in a header), and
/// printed raw it would look like two lines, or hide what a pattern sees; so CR is shown as `\r`, LF as `\n`,
/// and the other C0 controls but TAB as `\xNN` (ESC among them, which a terminal would obey). A backslash is
/// printed as itself: the listing is for reading, not for parsing back.
enum CanonicalListing {
    /// The header lines, then the body lines, each escaped and ended by a newline.
    static func render(_ text: CanonicalText) -> String {
        var out = ""
        for line in text.headerLines + text.bodyLines { out += escaping(line) + "\n" }
        return out
    }

    /// `line` with its C0 controls but TAB made visible.
    static func escaping(_ line: String) -> String {
        guard line.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 }) else { return line }
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x0D: out += "\\r"
            case 0x0A: out += "\\n"
            case 0x09: out.unicodeScalars.append(scalar)
            case 0x00..<0x20: out += "\\x" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
