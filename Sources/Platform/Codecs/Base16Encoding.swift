/// Bytes as lowercase hexadecimal (RFC 4648 §8, in the lowercase AWS Signature Version 4 requires of its
/// hashes and signatures).
package enum Base16Encoding {
    package static func lowercase(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
