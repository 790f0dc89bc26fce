/// An RFC 5322 message as read from stdin: its raw bytes and its MIME tree (RFC 2045/2046).
///
/// Nothing is copied out of `bytes` but the header fields; bodies are decoded only for `CanonicalText`.
package struct Message: Sendable {
    package let bytes: [UInt8]
    /// The top-level entity: the message's own header and body, and the parts below it.
    var root: MIMEPart
    /// The limits that parsing reached (see `MessageLimit`), in the order first reached, each once.
    package var exceededLimits: [MessageLimit]

    /// The top-level header fields.
    package var header: [HeaderField] { root.header }

    /// Index in `bytes` of the first body byte (`bytes.count` when there is no body).
    var bodyOffset: Int { root.body.lowerBound }

    /// The first top-level field named `name` (case-insensitive, as RFC 5322 §1.2.2 has it).
    package func field(_ name: String) -> HeaderField? { root.field(name) }

    /// The message size in bytes (maildrop's `SIZE`).
    package var size: Int { bytes.count }

    /// The number of lines (maildrop's `LINES`); a last line without a newline counts.
    package var lineCount: Int {
        // In one buffer access: an iterator over 64 MB took seconds in a debug build.
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer where byte == 0x0A { count += 1 }
        }
        if let last = bytes.last, last != 0x0A { count += 1 }
        return count
    }

    /// The body bytes of the top-level entity, undecoded.
    package var body: ArraySlice<UInt8> { bytes[root.body] }
}
