import Platform

/// A `Content-Transfer-Encoding` (RFC 2045 §6) and its decoder.
///
/// Decoding never fails: mail with broken encoding still has its text searched, as in maildrop, whose
/// decoders (Courier's rfc2045 library) these follow byte for byte where it matters to a pattern. Each
/// decoder is one pass over the input and stops once it has produced `limit` bytes.
enum TransferEncoding: Equatable, Sendable {
    /// 7bit, 8bit, binary, and anything unknown (RFC 2045 §6.4: an unknown encoding is treated as opaque
    /// data; for text, reading it unchanged is what maildrop does).
    case identity
    case quotedPrintable
    case base64

    /// The encoding a `Content-Transfer-Encoding` value names (case-insensitive, RFC 2045 §6.1).
    init(_ value: String?) {
        guard let value else {
            self = .identity
            return
        }
        switch ASCII.lowercasedString(ASCII.trimmed(ArraySlice(value.utf8))) {
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        default: self = .identity
        }
    }

    /// The decoded bytes of `input`, at most `limit` of them; `truncated` says whether there were more.
    func decode(_ input: ArraySlice<UInt8>, limit: Int) -> (bytes: [UInt8], truncated: Bool) {
        switch self {
        case .identity:
            return (Array(input.prefix(limit)), input.count > limit)
        case .quotedPrintable:
            return TransferEncoding.decodeQuotedPrintable(input, limit: limit)
        case .base64:
            return TransferEncoding.decodeBase64(input, limit: limit)
        }
    }

    /// RFC 2045 §6.7, read as maildrop reads it: `=XX` (either case) is a byte; `=` at the end of a line, or
    /// followed by a blank, is a soft line break that also drops the rest of that line; an `=` not followed
    /// by a hex digit is dropped, as is an `=X` not followed by a second one.
    ///
    /// Trailing blanks stay.
    static func decodeQuotedPrintable(_ input: ArraySlice<UInt8>, limit: Int) -> (bytes: [UInt8], truncated: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(min(input.count, limit))
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            if out.count >= limit { return (out, true) }
            let byte = input[i]
            if byte != 0x3D {
                out.append(byte)
                i += 1
                continue
            }
            i += 1
            guard i < end else { break }
            if ASCII.isWhitespace(input[i]) {
                // A soft line break: skip to just past the end of this line.
                while i < end, input[i] != ASCII.lf { i += 1 }
                if i < end { i += 1 }
                continue
            }
            guard let high = ASCII.hexValue(input[i]) else { continue }
            i += 1
            guard i < end, let low = ASCII.hexValue(input[i]) else { continue }
            i += 1
            out.append(high << 4 | low)
        }
        return (out, false)
    }

    /// RFC 2045 §6.8, leniently: characters outside the base64 alphabet (line breaks, garbage) are
    /// skipped, `=` ends a quantum, and a final partial quantum yields the bytes it completes.
    static func decodeBase64(_ input: ArraySlice<UInt8>, limit: Int) -> (bytes: [UInt8], truncated: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(min(input.count / 4 * 3 + 3, limit))
        var accumulator: UInt32 = 0
        var count = 0
        for byte in input {
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            if value == 0xFE {
                // Padding: flush what the quantum holds and start over.
                flush(&accumulator, &count, into: &out)
                continue
            }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                if out.count + 3 > limit { return (out, true) }
                out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                out.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        flush(&accumulator, &count, into: &out)
        if out.count > limit {
            out.removeSubrange(limit...)
            return (out, true)
        }
        return (out, false)
    }

    /// The whole bytes held by a partial quantum of `count` sextets.
    private static func flush(_ accumulator: inout UInt32, _ count: inout Int, into out: inout [UInt8]) {
        if count >= 2 {
            let bits = accumulator << UInt32(6 * (4 - count))
            out.append(UInt8(truncatingIfNeeded: bits >> 16))
            if count == 3 { out.append(UInt8(truncatingIfNeeded: bits >> 8)) }
        }
        accumulator = 0
        count = 0
    }

    /// Sextet values by byte: 0…63, 0xFE for `=`, 0xFF for anything skipped.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(i)
        }
        table[0x3D] = 0xFE
        return table
    }()
}
