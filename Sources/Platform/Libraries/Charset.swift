import Glibc

/// A MIME character set, converting text in it to UTF-8: the only code in mail2sms that calls iconv(3).
///
/// Text parts and RFC 2047 encoded words name their charset (RFC 2045 §5.1, RFC 2046 §4.1.2); patterns
/// run on UTF-8 (PCRE2 in UTF mode), so everything is converted as maildrop's `rfc2045_decodemsgtoutf8`
/// does. Bytes that are invalid in the charset are dropped rather than replaced, so that a stray byte
/// cannot split a word a pattern looks for. A charset iconv does not know has no `Charset`: the caller
/// decides (a text part in it is skipped, an encoded word in it stays as written).
package struct Charset {
    /// How the bytes are converted.
    private enum Conversion {
        /// UTF-8 and its subsets: checked in Swift, no iconv round trip.
        case utf8
        /// Everything else, by the name iconv knows it under.
        case iconv(String)
    }

    private let conversion: Conversion

    /// The charset a text part without a `charset` parameter, or in a message without `MIME-Version`, is read
    /// in.
    ///
    /// RFC 2046 §4.1.2 says US-ASCII; maildrop reads UTF-8, which is the same for ASCII and keeps the 8-bit
    /// text that unlabelled mail in practice carries.
    package static let `default` = Charset(conversion: .utf8)

    private init(conversion: Conversion) { self.conversion = conversion }

    /// The charset called `name` (case-insensitive, RFC 2231 `*language` suffix ignored), or nil when
    /// iconv does not know it.
    package init?(_ name: String) {
        var lowered = ""
        for scalar in name.unicodeScalars {
            if scalar == "*" { break }
            if scalar == "\"" || scalar == " " || scalar == "\t" { continue }
            lowered.unicodeScalars.append(
                scalar.isASCII ? Unicode.Scalar(ASCII.lowercased(UInt8(scalar.value))) : scalar)
        }
        if Charset.utf8Names.contains(lowered) {
            conversion = .utf8
            return
        }
        let iconvName = Charset.aliases[lowered] ?? lowered
        // An empty name or one with non-ASCII letters is no charset at all.
        guard !iconvName.isEmpty, iconvName.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        let handle = iconv_open("UTF-8", iconvName)
        guard handle != Charset.invalidHandle else { return nil }
        iconv_close(handle)
        conversion = .iconv(iconvName)
    }

    /// Names read as UTF-8.
    ///
    /// US-ASCII is among them on purpose: mail labelled US-ASCII that carries 8-bit bytes almost always
    /// carries UTF-8 (maildrop drops those bytes instead).
    private static let utf8Names: Set<String> = [
        "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968",
        "ansi-x3.4-1968", "iso646-us", "us", "unicode-1-1-utf-8",
    ]

    /// Names common in mail that glibc's iconv spells differently.
    private static let aliases: [String: String] = [
        "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "iso-8859-8-i": "ISO-8859-8",
        "x-sjis": "SHIFT_JIS", "x-euc-jp": "EUC-JP", "windows-874": "CP874", "unicode-1-1-utf-7": "UTF-7",
        "x-mac-roman": "MACINTOSH",
    ]

    /// iconv_open's `(iconv_t) -1`.
    private static var invalidHandle: iconv_t? { iconv_t(bitPattern: -1) }

    /// `bytes` as UTF-8 text, with invalid bytes (and NUL, which would end a C string in maildrop) dropped.
    package func decode(_ bytes: [UInt8]) -> String {
        switch conversion {
        case .utf8:
            return Charset.utf8Validated(bytes)
        case .iconv(let name):
            return Charset.utf8Validated(Charset.convert(bytes, from: name))
        }
    }

    /// Runs iconv over `input`, skipping each byte it rejects (EILSEQ) and an incomplete sequence at the end
    /// (EINVAL).
    ///
    /// Linear: every call either consumes input or grows the output buffer.
    private static func convert(_ input: [UInt8], from name: String) -> [UInt8] {
        let handle = iconv_open("UTF-8", name)
        guard handle != invalidHandle else { return [] }
        defer { iconv_close(handle) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = 0
        var input = input
        input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
            var inLeft = inBuffer.count
            while inLeft > 0 {
                let (status, code, left) = output.withUnsafeMutableBufferPointer { outBuffer -> (Int, Int32, Int) in
                    var outPointer =
                        outBuffer.baseAddress.map { UnsafeMutableRawPointer($0 + produced) }?
                        .assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                    var outLeft = outBuffer.count - produced
                    let status = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    let code = errno
                    produced = outBuffer.count - outLeft
                    return (status, code, outLeft)
                }
                if status != -1 { break }
                switch code {
                case E2BIG:
                    output.append(contentsOf: repeatElement(0, count: max(output.count, 64) - left))
                case EILSEQ:
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                default:
                    inLeft = 0  // EINVAL: an incomplete sequence at the end
                }
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// `text` converted to the charset called `charsetName`, for a gateway that takes its parameters in a
    /// legacy charset (Kannel's `charset=ISO-8859-2`, a template's `;charset=`); nil when iconv does not
    /// know the charset.
    ///
    /// Each character (Unicode scalar) the charset cannot represent becomes that charset's `?` rather than
    /// being dropped: the reader sees that something is missing, and a password or code keeps its length
    /// instead of silently losing a letter. The US-ASCII names, which `decode` reads as UTF-8, mean strict
    /// ASCII here.
    package static func encode(_ text: String, to charsetName: String) -> [UInt8]? {
        guard let charset = Charset(charsetName) else { return nil }
        switch charset.conversion {
        case .iconv(let name):
            return convert(text, to: name)
        case .utf8 where namesUTF8(charsetName):
            return Array(text.utf8)
        case .utf8:
            return text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : 0x3F }
        }
    }

    /// Whether `name` is one of UTF-8's own names rather than one of the ASCII names `Charset` also reads
    /// as UTF-8: compared without case, `-`, `_` and an RFC 2231 `*language` suffix.
    private static func namesUTF8(_ name: String) -> Bool {
        var letters: [UInt8] = []
        for byte in name.utf8 {
            if byte == 0x2A { break }
            if ASCII.isLetter(byte) || ASCII.isDigit(byte) { letters.append(ASCII.lowercased(byte)) }
        }
        let squeezed = String(decoding: letters, as: UTF8.self)
        return squeezed == "utf8" || squeezed == "unicode11utf8"
    }

    /// Runs iconv from UTF-8 to `name` over `text`.
    ///
    /// A character the charset lacks (EILSEQ) is skipped and `?` converted in its place through the same
    /// handle, so a stateful charset (ISO-2022-JP) stays in step; the final call without input writes the
    /// shift back to the initial state. Linear: every call either consumes input or grows the output buffer.
    private static func convert(_ text: String, to name: String) -> [UInt8] {
        let handle = iconv_open(name, "UTF-8")
        guard handle != invalidHandle else { return [] }
        defer { iconv_close(handle) }
        var output = [UInt8](repeating: 0, count: text.utf8.count * 2 + 16)
        var produced = 0

        /// Converts `input[start...]` onto the end of `output` (with `flush`, no input: the shift back to the
        /// initial state).
        ///
        /// Returns where iconv stopped: `input.count`, or the start of a character the charset cannot
        /// represent. `input` is borrowed, not copied, so skipping many characters stays linear.
        func run(_ input: inout [UInt8], from start: Int = 0, flush: Bool = false) -> Int {
            var inLeft = input.count - start
            input.withUnsafeMutableBufferPointer { inBuffer in
                var inPointer = inBuffer.baseAddress.map {
                    UnsafeMutableRawPointer($0 + start).assumingMemoryBound(to: CChar.self)
                }
                while true {
                    let (status, code, outLeft) = output.withUnsafeMutableBufferPointer {
                        outBuffer -> (Int, Int32, Int) in
                        var outPointer =
                            outBuffer.baseAddress.map { UnsafeMutableRawPointer($0 + produced) }?
                            .assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                        var outLeft = outBuffer.count - produced
                        let status =
                            flush
                            ? iconv(handle, nil, nil, &outPointer, &outLeft)
                            : iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                        let code = errno
                        produced = outBuffer.count - outLeft
                        return (status, code, outLeft)
                    }
                    guard status == -1, code == E2BIG else { break }
                    output.append(contentsOf: repeatElement(0, count: max(output.count, 64) - outLeft))
                }
            }
            // Only EILSEQ leaves input: EINVAL (a truncated sequence) cannot happen on a String's UTF-8.
            return input.count - inLeft
        }

        var input = Array(text.utf8)
        var question: [UInt8] = [0x3F]
        var none: [UInt8] = []
        var position = 0
        while position < input.count {
            position = run(&input, from: position)
            guard position < input.count else { break }
            position += utf8Length(of: input[position])
            _ = run(&question)  // a charset without `?` just skips the character
        }
        _ = run(&none, flush: true)
        output.removeSubrange(produced...)
        return output
    }

    /// The length of the UTF-8 sequence `lead` starts (valid UTF-8 assumed).
    private static func utf8Length(of lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    /// The valid UTF-8 in `bytes` (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF),
    /// dropping every byte that does not start a valid sequence, and NUL.
    ///
    /// Concrete types, not a generic: a generic of this module is not specialized in the modules that call
    /// it, and runs through witness tables there.
    package static func validUTF8(_ bytes: [UInt8]) -> String { utf8Validated(bytes) }

    package static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String { utf8Validated(bytes) }

    /// The length of the UTF-8 sequence `lead` starts, and the range its second byte must lie in (RFC 3629
    /// §4: this is what rules out overlong forms, surrogates and code points past U+10FFFF); length 0 for a
    /// byte that starts none.
    private static func sequenceShape(_ lead: UInt8) -> (length: Int, low: UInt8, high: UInt8) {
        switch lead {
        case 0xC2...0xDF: (2, 0x80, 0xBF)
        case 0xE0: (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
        case 0xED: (3, 0x80, 0x9F)
        case 0xF0: (4, 0x90, 0xBF)
        case 0xF1...0xF3: (4, 0x80, 0xBF)
        case 0xF4: (4, 0x80, 0x8F)
        default: (0, 0x80, 0xBF)
        }
    }

    static func utf8Validated<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        // Most text is valid and has no NUL: the stdlib's validation is then the whole work.
        let whole = bytes.withContiguousStorageIfAvailable { buffer -> String? in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return "" }
            guard memchr(base, 0, buffer.count) == nil else { return nil }
            return String(validating: buffer, as: UTF8.self)
        }
        if let whole, let whole { return whole }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead != 0 { out.append(lead) }
                bytes.formIndex(after: &index)
                continue
            }
            let (length, low, high) = Charset.sequenceShape(lead)
            var end = bytes.index(after: index)
            var valid = length > 0
            var count = 1
            while valid, count < length {
                guard end != bytes.endIndex else {
                    valid = false
                    break
                }
                let byte = bytes[end]
                let (min, max): (UInt8, UInt8) = count == 1 ? (low, high) : (0x80, 0xBF)
                if byte < min || byte > max {
                    valid = false
                    break
                }
                bytes.formIndex(after: &end)
                count += 1
            }
            if valid {
                out.append(contentsOf: bytes[index..<end])
                index = end
            } else {
                bytes.formIndex(after: &index)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
