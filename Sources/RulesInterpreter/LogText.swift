/// The escapes maildrop's `log` and `echo` interpret in their text: `\n \t \r \f \v`, `\ooo` octal (every
/// octal digit that follows, modulo 256, as maildrop reads it), `\c` at the end (no newline; the record is
/// one line anyway, so it is dropped), and a backslash before any other character stands for that character
/// (`\$` is `$`, `\\` is `\`).
///
/// A backslash at the very end stays.
enum LogText {
    static func interpretingEscapes(_ text: String) -> String {
        guard text.utf8.contains(0x5C) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x5C, i + 1 < bytes.count else {
                out.append(b)
                i += 1
                continue
            }
            let next = bytes[i + 1]
            i += 2
            switch next {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "c") where i == bytes.count: break
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt8(next - 0x30)
                while i < bytes.count, (0x30...0x37).contains(bytes[i]) {
                    value = value &* 8 &+ (bytes[i] - 0x30)
                    i += 1
                }
                out.append(value)
            default:
                out.append(next)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
