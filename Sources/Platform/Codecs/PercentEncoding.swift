/// Percent-encoding of one URL query component (RFC 3986 §2.1, §2.3): every byte of the UTF-8 form except the
/// unreserved characters `A–Z a–z 0–9 - . _ ~` becomes `%XX`.
///
/// That includes `&`, `=`, `+` (which gateways like Kannel decode as a blank), `%` and `#`, so a value taken
/// from mail can never end its parameter, add another or truncate the URL.
package enum PercentEncoding {
    package static func encodeComponent(_ value: String) -> String {
        encodeComponent(bytes: value.utf8)
    }

    /// The same for bytes in another charset than UTF-8 (a template's `charset=`).
    package static func encodeComponent<Bytes: Sequence<UInt8>>(bytes: Bytes) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E:
                out.append(byte)
            default:
                out.append(0x25)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `value` stands for, each `%XX` decoded; a `%` without two hexadecimal digits is kept as is
    /// (RFC 2231's parameter values, and URLs signed as AWS decodes them).
    package static func decode(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = value.startIndex
        while i < value.endIndex {
            if value[i] == 0x25, i + 2 < value.endIndex,
                let high = ASCII.hexValue(value[i + 1]), let low = ASCII.hexValue(value[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(value[i])
                i += 1
            }
        }
        return out
    }
}
