import Platform

/// One entity of the MIME tree (RFC 2045 §2.4): a header and a body.
///
/// A multipart's body parts, or the message inside a `message/rfc822`, are its `children`; everything else is
/// a leaf.
///
/// Bodies are not copied: `body` is a range of the message's bytes, decoded only when a leaf is text.
struct MIMEPart: Sendable {
    package var header: [HeaderField]
    /// The body's bytes in `Message.bytes`, still transfer-encoded.
    package var body: Range<Int>
    /// The media type that decides how the part is read.
    ///
    /// Without `MIME-Version` (RFC 2045 §4) it is `text/plain` whatever `Content-Type` says, as in maildrop.
    var contentType: ContentType
    /// Set from `Content-Transfer-Encoding` even without `MIME-Version`, as maildrop does.
    var transferEncoding: TransferEncoding
    var children: [MIMEPart]

    /// The `charset` parameter, if the part has one.
    var charsetName: String? { contentType.parameters["charset"] }

    /// The first field named `name` (case-insensitive).
    func field(_ name: String) -> HeaderField? {
        let wanted = ASCII.lowercasedString(name)
        return header.first { $0.isNamed(wanted) }
    }
}
