import Platform

/// Builds a `Message`: header blocks split into fields, and the MIME tree of multiparts and encapsulated
/// messages, in one forward pass per nesting level (so in time linear in the message size, the number of
/// levels being bounded by `MessageLimit.mimeDepth`).
///
/// Reads mail as maildrop (Courier's rfc2045 library) does, so that patterns see the same thing:
/// - LF or CRLF line ends; an mbox `From ` line at the very start is skipped.
/// - A header block ends at the first empty line. A continuation line (leading blank) is folded into the
///   field before it (RFC 5322 §2.2.3). A line without a colon is a header line of its own, and so is each
///   continuation after it: maildrop keeps reading the header after such a line.
/// - `Content-Type` counts only under `MIME-Version` (RFC 2045 §4), checked on the message and on each
///   encapsulated `message/rfc822`; body parts inherit it. `Content-Transfer-Encoding` always counts.
/// - A body part starts after a line beginning with `--boundary` and ends before the line break that
///   precedes the next one (RFC 2046 §5.1.1); `--boundary--` ends the multipart. Preamble and epilogue
///   belong to no part. A multipart whose closing delimiter is missing ends with the enclosing body.
package enum MessageParser {
    package static func parse(_ bytes: [UInt8]) -> Message {
        var builder = TreeBuilder(bytes: bytes)
        // The reader stops keeping bytes at the limit, so a message of exactly that size counts as cut too.
        if bytes.count >= MessageLimit.messageBytes { builder.reached(.messageTooLarge) }
        var start = 0
        if bytes.starts(with: Array("From ".utf8)) { start = lineEnd(bytes, from: 0).next }
        let root = builder.entity(
            start..<bytes.count, depth: 0, isMessage: true, underMIME: false,
            defaultType: .textPlain)
        return Message(bytes: bytes, root: root, exceededLimits: builder.exceeded)
    }

    /// The state of one parse: the bytes, how many parts so far, which limits were reached.
    private struct TreeBuilder {
        let bytes: [UInt8]
        var partCount = 0
        var exceeded: [MessageLimit] = []

        mutating func reached(_ limit: MessageLimit) {
            if !exceeded.contains(limit) { exceeded.append(limit) }
        }

        /// One entity in `range`: its header, then its children if it is a multipart or an encapsulated
        /// message.
        ///
        /// `isMessage` says whether `MIME-Version` is looked for here (a message) or inherited (`underMIME`,
        /// a body part). `lineBreakEnd` is the end of `range` plus the line break before the next delimiter,
        /// if any.
        mutating func entity(
            _ range: Range<Int>, lineBreakEnd: Int? = nil, depth: Int, isMessage: Bool,
            underMIME: Bool, defaultType: ContentType
        ) -> MIMEPart {
            let lineBreakEnd = lineBreakEnd ?? range.upperBound
            partCount += 1
            let (header, bodyStart, limits) = MessageParser.headerBlock(bytes, in: range)
            for limit in limits { reached(limit) }
            var part = MIMEPart(
                header: header, body: bodyStart..<range.upperBound, contentType: .textPlain,
                transferEncoding: TransferEncoding(nil), children: [])
            part.transferEncoding = TransferEncoding(part.field("Content-Transfer-Encoding")?.value)
            let isMIME = isMessage ? part.field("MIME-Version") != nil : underMIME
            guard isMIME else { return part }
            if let field = part.field("Content-Type") {
                part.contentType = ContentType(field.rawValue) ?? .textPlain
            } else {
                part.contentType = defaultType
            }

            let type = part.contentType
            guard type.isMultipart || type.isEncapsulatedMessage else { return part }
            guard depth < MessageLimit.mimeDepth else {
                reached(.nestedTooDeep)
                return part
            }
            if type.isEncapsulatedMessage {
                // The attached message keeps the line break before the next delimiter, as in maildrop, so
                // its last line is not cut short.
                let inner = part.body.lowerBound..<max(part.body.lowerBound, lineBreakEnd)
                part.children = [
                    entity(
                        inner, depth: depth + 1, isMessage: true, underMIME: false,
                        defaultType: .textPlain)
                ]
                return part
            }
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else { return part }
            let childType: ContentType = type.subtype == "digest" ? .messageRFC822 : .textPlain
            for (range, lineBreakEnd) in MessageParser.bodyParts(bytes, in: part.body, boundary: Array(boundary.utf8)) {
                guard partCount < MessageLimit.parts else {
                    reached(.tooManyParts)
                    break
                }
                part.children.append(
                    entity(
                        range, lineBreakEnd: lineBreakEnd, depth: depth + 1, isMessage: false,
                        underMIME: true, defaultType: childType))
            }
            return part
        }
    }

    /// The fields of the header block at the start of `range`, and where its body starts (after the empty
    /// line; the end of `range` if there is none).
    ///
    /// Fields past `MessageLimit.headerFields` fields or `MessageLimit.headerBytes` bytes are skipped up to
    /// the empty line.
    static func headerBlock(_ bytes: [UInt8], in range: Range<Int>)
        -> (fields: [HeaderField], bodyStart: Int, exceeded: [MessageLimit])
    {
        var fields: [HeaderField] = []
        var exceeded: [MessageLimit] = []
        var name: ArraySlice<UInt8> = []
        var value: [UInt8] = []
        var hasColon = true
        var open = false
        func finish() {
            guard open else { return }
            open = false
            guard exceeded.isEmpty else { return }
            guard fields.count < MessageLimit.headerFields else {
                exceeded.append(.tooManyHeaderFields)
                return
            }
            let nameText = String(decoding: name, as: UTF8.self)
            fields.append(HeaderField(name: nameText, rawValue: Array(ASCII.trimmed(value[...])), hasColon: hasColon))
        }

        var index = range.lowerBound
        while index < range.upperBound {
            let (end, next) = lineEnd(bytes, from: index, limit: range.upperBound)
            let line = bytes[index..<end]
            if line.isEmpty {
                finish()
                return (fields, next, exceeded)
            }
            if exceeded.isEmpty, next - range.lowerBound > MessageLimit.headerBytes {
                finish()
                exceeded.append(.headerTooLarge)
            }
            if exceeded.isEmpty {
                if open, hasColon, ASCII.isBlank(line[line.startIndex]) {
                    value.append(ASCII.space)
                    value.append(contentsOf: line)
                } else {
                    finish()
                    open = true
                    if let colon = line.firstIndex(of: 0x3A) {
                        name = line[..<colon]
                        value = Array(line[(colon + 1)...])
                        hasColon = true
                    } else {
                        name = line
                        value = []
                        hasColon = false
                    }
                }
            }
            index = next
        }
        finish()
        return (fields, range.upperBound, exceeded)
    }

    /// The body parts of a multipart body in `range`: the ranges between delimiter lines, each without the
    /// line break before the next delimiter (`lineBreakEnd` is where that line break ends).
    ///
    /// A line is a delimiter when it starts with `--boundary`, as in maildrop; with `--` right after, it
    /// closes the multipart.
    static func bodyParts(_ bytes: [UInt8], in range: Range<Int>, boundary: [UInt8])
        -> [(range: Range<Int>, lineBreakEnd: Int)]
    {
        // One pass over the body in a single buffer access: attachments make this the hot loop.
        bytes.withUnsafeBufferPointer { buffer in
            var parts: [(range: Range<Int>, lineBreakEnd: Int)] = []
            var partStart: Int? = nil
            let delimiterLength = boundary.count + 2
            var index = range.lowerBound
            while index < range.upperBound {
                var lf = index
                while lf < range.upperBound, buffer[lf] != ASCII.lf { lf += 1 }
                let next = lf < range.upperBound ? lf + 1 : lf
                if lf - index >= delimiterLength, buffer[index] == 0x2D, buffer[index + 1] == 0x2D,
                    UnsafeBufferPointer(rebasing: buffer[(index + 2)..<(index + delimiterLength)]).elementsEqual(
                        boundary)
                {
                    if let start = partStart {
                        var partEnd = index
                        if partEnd > start, buffer[partEnd - 1] == ASCII.lf { partEnd -= 1 }
                        if partEnd > start, buffer[partEnd - 1] == ASCII.cr { partEnd -= 1 }
                        parts.append((start..<partEnd, max(start, index)))
                    }
                    let rest = index + delimiterLength
                    if lf - rest >= 2, buffer[rest] == 0x2D, buffer[rest + 1] == 0x2D { return parts }
                    partStart = next
                }
                index = next
            }
            if let start = partStart { parts.append((start..<range.upperBound, range.upperBound)) }
            return parts
        }
    }

    /// The end of the line starting at `index` (before its LF, and before a CR preceding that LF) and the
    /// start of the next line, searching up to `limit`.
    static func lineEnd(_ bytes: [UInt8], from index: Int, limit: Int? = nil) -> (end: Int, next: Int) {
        let limit = limit ?? bytes.count
        return bytes.withUnsafeBufferPointer { buffer in
            var i = index
            while i < limit, buffer[i] != ASCII.lf { i += 1 }
            let next = i < limit ? i + 1 : i
            var end = i
            if end > index, buffer[end - 1] == ASCII.cr { end -= 1 }
            return (end, next)
        }
    }
}
