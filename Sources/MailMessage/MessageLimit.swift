/// The bounds on how much of a message mail2sms parses and decodes, and the record that one was reached.
///
/// mail2sms runs once per message under Postfix's `command_time_limit`; hostile or broken mail must end in
/// a bounded, predictable amount of work, never a crash or a hang. Each limit is far above what real mail
/// needs. Reaching one is not an error: what lies beyond is not searched, and the limit is recorded in
/// `CanonicalText.exceededLimits` so the run can say so.
package enum MessageLimit: Equatable, Sendable, CustomStringConvertible {
    /// Bytes of a message kept for parsing and matching.
    ///
    /// Larger mail is still read to its end (so Postfix never blocks on the pipe), but only this much is
    /// parsed: Postfix's own `message_size_limit` defaults to 10,240,000 bytes, and a rule looks for a
    /// notification, not for the end of a video attachment.
    package static let messageBytes = 64 * 1024 * 1024
    /// Bytes in one header block (the top-level header or one part's header).
    ///
    /// Postfix's own `header_size_limit` is 102,400 bytes; fields past this are not parsed.
    static let headerBytes = 256 * 1024
    /// Fields in one header block.
    ///
    /// Real mail has well under a hundred (Postfix's `hopcount_limit` is 50 `Received:` lines); fields past
    /// this are not parsed.
    static let headerFields = 1_000
    /// Levels of multipart and `message/rfc822` nesting.
    ///
    /// Real mail rarely nests deeper than 5 (a forward of a forward of a signed alternative); parts nested
    /// deeper are not searched. The tree is parsed recursively, so this also bounds the stack.
    static let mimeDepth = 32
    /// MIME parts in the whole message; parts past this are not searched.
    package static let parts = 1_000
    /// Decoded text bytes kept per part for matching: a rule looks for a line of credentials, not for
    /// something on the second megabyte of a text attachment.
    static let decodedBytesPerPart = 1024 * 1024
    /// Canonical text bytes held for the whole message (headers and body lines together), so that many
    /// large text parts cannot make the process hold an unbounded amount of text.
    static let heldBytes = 8 * 1024 * 1024

    /// A message of `messageBytes` or more: what lies past that many bytes was not read into memory.
    case messageTooLarge
    /// A header block longer than `headerBytes`.
    case headerTooLarge
    /// A header block with more than `headerFields` fields.
    case tooManyHeaderFields
    /// Parts nested deeper than `mimeDepth`.
    case nestedTooDeep
    /// More than `parts` parts.
    case tooManyParts
    /// A text part that decodes to more than `decodedBytesPerPart`.
    case partTooLarge
    /// More than `heldBytes` of canonical text.
    case tooMuchText

    /// What was not searched, in the words of a log line.
    package var description: String {
        switch self {
        case .messageTooLarge:
            "the message has \(MessageLimit.messageBytes) bytes or more; the bytes past that are not searched"
        case .headerTooLarge:
            "a header is larger than \(MessageLimit.headerBytes) bytes; the fields past that are not searched"
        case .tooManyHeaderFields:
            "a header has more than \(MessageLimit.headerFields) fields; the fields past that are not searched"
        case .nestedTooDeep:
            "MIME parts are nested deeper than \(MessageLimit.mimeDepth) levels; the deeper parts are not searched"
        case .tooManyParts:
            "the message has more than \(MessageLimit.parts) MIME parts; the parts past that are not searched"
        case .partTooLarge:
            "a text part decodes to more than \(MessageLimit.decodedBytesPerPart) bytes; the rest is not searched"
        case .tooMuchText:
            "the message has more than \(MessageLimit.heldBytes) bytes of text; the rest is not searched"
        }
    }
}
