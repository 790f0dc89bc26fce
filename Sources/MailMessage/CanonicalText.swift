/// The lines that message patterns see: header lines first — the message's fields, then each MIME part's
/// fields in order, including those of an attached message — one `Name: value` line each, then the body lines
/// of the text parts, decoded to UTF-8.
///
/// `:h` patterns search the first list, `:b` the second, `:hb` both, one line at a time, as maildrop does
/// (see `CanonicalLines` for how they are made, and mailfilter(5) for where they differ from maildrop's).
package struct CanonicalText: Sendable {
    package var headerLines: [String]
    package var bodyLines: [String]
    /// The limits reached while parsing and decoding; what lies past them was not searched.
    package var exceededLimits: [MessageLimit]

    package init(headerLines: [String], bodyLines: [String], exceededLimits: [MessageLimit] = []) {
        self.headerLines = headerLines
        self.bodyLines = bodyLines
        self.exceededLimits = exceededLimits
    }

    package init(_ message: Message) {
        let lines = CanonicalLines(message)
        headerLines = lines.headerLines
        bodyLines = lines.bodyLines
        exceededLimits = lines.exceeded
    }
}
