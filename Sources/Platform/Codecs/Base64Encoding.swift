/// Base64 (RFC 4648 §4): the standard alphabet, `=` padding, no line breaks, for a template's `b64`.
///
/// The decoder mail needs lives in `TransferEncoding`; this is its small inverse. No line breaks, since
/// the result goes into one URL parameter or JSON string, not a MIME body (RFC 2045 §6.8's 76 columns).
package enum Base64Encoding {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` in base64: each 3 bytes become 4 characters, and a final 1 or 2 bytes are padded with `=`.
    package static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            out.append(alphabet[Int(group >> 18 & 0x3F)])
            out.append(alphabet[Int(group >> 12 & 0x3F)])
            out.append(second == nil ? 0x3D : alphabet[Int(group >> 6 & 0x3F)])
            out.append(third == nil ? 0x3D : alphabet[Int(group & 0x3F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
