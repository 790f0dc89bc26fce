/// An RFC 5322 message as read from stdin: its raw bytes, its top-level header fields, and where its
/// body starts. Nothing is copied out of `bytes` but the header fields.
public struct Message: Sendable {
    public let bytes: [UInt8]
    public var header: [HeaderField]
    /// Index in `bytes` of the first body byte (`bytes.count` when there is no body).
    public var bodyOffset: Int

    /// The first field named `name` (case-insensitive, as RFC 5322 §1.2.2 has it).
    public func field(_ name: String) -> HeaderField? {
        let wanted = name.lowercased()
        return header.first { $0.name.lowercased() == wanted }
    }

    /// The message size in bytes (maildrop's `SIZE`).
    public var size: Int { bytes.count }

    /// The number of lines (maildrop's `LINES`); a last line without a newline counts.
    public var lineCount: Int {
        var count = 0
        for byte in bytes where byte == 0x0A { count += 1 }
        if let last = bytes.last, last != 0x0A { count += 1 }
        return count
    }

    /// The body bytes.
    public var body: ArraySlice<UInt8> { bytes[bodyOffset...] }
}
