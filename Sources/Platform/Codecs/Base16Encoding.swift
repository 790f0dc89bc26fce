/// Bytes as hexadecimal, two digits each (RFC 4648 §8): lowercase as AWS Signature Version 4 requires of its
/// hashes and signatures, uppercase as the `hex` template modifier writes.
package enum Base16Encoding {
    package static func lowercase(_ bytes: [UInt8]) -> String { encode(bytes, digits: "0123456789abcdef") }

    package static func uppercase(_ bytes: [UInt8]) -> String { encode(bytes, digits: "0123456789ABCDEF") }

    private static func encode(_ bytes: [UInt8], digits: StaticString) -> String {
        let digits = UnsafeBufferPointer(start: digits.utf8Start, count: 16)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
