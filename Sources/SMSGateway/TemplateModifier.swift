import Platform

/// One `;modifier` of a placeholder (IceWarp's SMS service syntax), applied left to right.
///
/// Three kinds: transforms change the value (`hex`, `b64`, `len`, `unicode`, `charset=`, `interprefix=`);
/// conditions (`isunicode`, `isascii`, `isbinary`) test the SMS text, wherever they stand, and empty the
/// whole placeholder when one fails; `value=` adds the admin's text, unescaped, after the value.
enum TemplateModifier: Equatable, Sendable {
    /// `hex`: the value's bytes (UTF-8, or the charset's after `charset=`) as uppercase hexadecimal.
    case hex
    /// `b64`: the value's bytes in base64 (RFC 4648, padded).
    case base64
    /// `len`: the value's length in decimal: Unicode scalars of text, or bytes after `charset=`.
    case length
    /// `unicode`: the text as UTF-16BE, in uppercase hexadecimal (Kannel `charset=UTF-16BE`, Jasmin
    /// `hex-content`, Clickatell `unicode=1`).
    case unicode
    /// `isunicode`: the text needs UCS-2.
    case isUnicode
    /// `isascii`: the text fits the GSM 03.38 alphabet (IceWarp's name for it).
    case isASCII
    /// `isbinary`: the SMS is binary; never true, mail2sms sends text only.
    case isBinary
    /// `value=TEXT`: `TEXT` added after the value as written.
    case value(String)
    /// `charset=NAME`: the text converted from UTF-8 to `NAME` by iconv; what follows works on bytes.
    case charset(String)
    /// `interprefix=DIGITS`: a leading `+` replaced by `DIGITS` (`00`, `011`, or nothing at all).
    case interprefix(String)

    /// The value a modifier works on: text, or bytes in another charset after `charset=`.
    enum Operand: Equatable {
        case text(String)
        case bytes([UInt8])

        /// The bytes `hex`, `b64` and `len` see: the UTF-8 of text.
        var bytes: [UInt8] {
            switch self {
            case .text(let text): Array(text.utf8)
            case .bytes(let bytes): bytes
            }
        }
    }

    /// Every modifier as the error for an unknown one lists them.
    static let spellings = [
        "hex", "b64", "len", "unicode", "isunicode", "isascii", "isbinary", "value=", "charset=",
        "interprefix=",
    ]

    /// The modifier for `word` (the text before any `=`) and its argument, or nil if there is no such
    /// modifier.
    ///
    /// Whether the argument is required or allowed is the parser's to check.
    init?(word: String, argument: String) {
        switch word {
        case "hex": self = .hex
        case "b64": self = .base64
        case "len": self = .length
        case "unicode": self = .unicode
        case "isunicode": self = .isUnicode
        case "isascii": self = .isASCII
        case "isbinary": self = .isBinary
        case "value": self = .value(argument)
        case "charset": self = .charset(argument)
        case "interprefix": self = .interprefix(argument)
        default: return nil
        }
    }

    /// The name before `=`, as written.
    var word: String {
        switch self {
        case .hex: "hex"
        case .base64: "b64"
        case .length: "len"
        case .unicode: "unicode"
        case .isUnicode: "isunicode"
        case .isASCII: "isascii"
        case .isBinary: "isbinary"
        case .value: "value"
        case .charset: "charset"
        case .interprefix: "interprefix"
        }
    }

    /// Whether the modifier takes `=` and an argument.
    var takesArgument: Bool {
        switch self {
        case .value, .charset, .interprefix: true
        default: false
        }
    }

    /// Whether the modifier tests the SMS text rather than changing the value.
    var isCondition: Bool {
        switch self {
        case .isUnicode, .isASCII, .isBinary: true
        default: false
        }
    }

    /// Whether the modifier needs text: after `charset=` there are only bytes, which cannot be read as
    /// UTF-16, converted again or searched for a `+`.
    var needsText: Bool {
        switch self {
        case .unicode, .charset, .interprefix: true
        default: false
        }
    }

    /// Whether a condition holds for this SMS; true for a modifier that is no condition.
    func holds(for values: TemplateValues) -> Bool {
        switch self {
        case .isUnicode: values.needsUnicode
        case .isASCII: !values.needsUnicode
        case .isBinary: false
        default: true
        }
    }

    /// `operand` changed by this modifier; conditions and `value=` leave it as it is.
    func apply(to operand: Operand) -> Operand {
        switch (self, operand) {
        case (.hex, _):
            return .text(TemplateModifier.hexadecimal(operand.bytes))
        case (.base64, _):
            return .text(Base64Encoding.encode(operand.bytes))
        case (.length, .text(let text)):
            return .text(String(text.unicodeScalars.count))
        case (.length, .bytes(let bytes)):
            return .text(String(bytes.count))
        case (.unicode, .text(let text)):
            var units: [UInt8] = []
            units.reserveCapacity(text.utf16.count * 2)
            for unit in text.utf16 { units += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            return .text(TemplateModifier.hexadecimal(units))
        case (.charset(let name), .text(let text)):
            // The name was checked when the template was compiled; should iconv forget it, UTF-8 is the
            // best guess left.
            return .bytes(Charset.encode(text, to: name) ?? Array(text.utf8))
        case (.interprefix(let digits), .text(let text)) where text.hasPrefix("+"):
            return .text(digits + text.dropFirst())
        default:
            return operand
        }
    }

    /// `bytes` as uppercase hexadecimal, two digits each.
    private static func hexadecimal(_ bytes: [UInt8]) -> String { Base16Encoding.uppercase(bytes) }
}
