import Platform

/// The text of an HTML part as a reader sees it, one line per block: what patterns search in a `text/html`
/// part instead of its markup.
///
/// maildrop searches HTML with its tags, so `/^Username:\s*(\S+)/` never matches the
/// `<tr><td>Username:</td><td><b>jw7</b></td></tr>` that Cisco ISE 3.x sends. Here, as a browser would
/// show it (HTML Living Standard, "Rendering"): tags are removed; `script` and `style` are dropped with
/// their content, and so are comments; block elements (`p`, `div`, `br`, `li`, `tr`, `h1`…) end lines;
/// the cells of a table row share a line, separated by a blank; runs of white space (and `&nbsp;`) are one
/// blank, except inside `pre`; character references (`&amp;`, `&#233;`, `&#xE9;`) are decoded.
///
/// One forward pass: a tag, comment or raw-text element that is never closed swallows the rest of the
/// part, as in a browser, rather than being searched for again from every `<`.
struct HTMLText {
    private let input: [UInt8]
    private var index = 0
    private var lines: [String] = []
    private var line: [UInt8] = []
    private var pendingBlank = false
    private var preDepth = 0

    /// The lines of `html`'s text, none of them empty.
    static func lines(_ html: String) -> [String] {
        var renderer = HTMLText(input: Array(html.utf8))
        renderer.run()
        return renderer.lines
    }

    private init(input: [UInt8]) { self.input = input }

    private mutating func run() {
        while index < input.count {
            let byte = input[index]
            if byte == 0x3C {
                tag()
            } else if byte == 0x26 {
                characterReference()
            } else if byte == 0xC2, index + 1 < input.count, input[index + 1] == 0xA0 {
                text(ASCII.space)  // U+00A0 no-break space: a blank to patterns
                index += 2
            } else {
                text(byte)
                index += 1
            }
        }
        endLine()
    }

    // MARK: - Text

    private mutating func text(_ byte: UInt8) {
        if preDepth > 0 {
            if byte == ASCII.lf { endLine() } else if byte != ASCII.cr { line.append(byte) }
            return
        }
        if ASCII.isWhitespace(byte) || byte == 0x0C {
            pendingBlank = true
            return
        }
        if pendingBlank, !line.isEmpty { line.append(ASCII.space) }
        pendingBlank = false
        line.append(byte)
    }

    private mutating func endLine() {
        if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
        line = []
        pendingBlank = false
    }

    // MARK: - Markup

    /// At `<`: a comment, a declaration, an end tag or a start tag; anything else is a literal `<`.
    private mutating func tag() {
        let next = index + 1 < input.count ? input[index + 1] : 0
        if next == 0x21 {  // <!-- comment --> or <!DOCTYPE …>
            if starts(with: "<!--", at: index) {
                index = find("-->", from: index + 4).map { $0 + 3 } ?? input.count
            } else {
                index = skipTag(from: index + 2)
            }
            return
        }
        if next == 0x3F {  // <?xml …?>
            index = skipTag(from: index + 2)
            return
        }
        let closing = next == 0x2F
        var i = index + (closing ? 2 : 1)
        let nameStart = i
        while i < input.count, ASCII.isLetter(input[i]) || ASCII.isDigit(input[i]) { i += 1 }
        guard i > nameStart, ASCII.isLetter(input[nameStart]) else {
            text(0x3C)
            index += 1
            return
        }
        let name = ASCII.lowercasedString(input[nameStart..<i])
        index = skipTag(from: i)
        element(name, closing: closing)
    }

    /// What a tag does to the text around it.
    private mutating func element(_ name: String, closing: Bool) {
        if !closing, HTMLText.rawTextElements.contains(name) {
            // Skip to the matching end tag, ASCII case-insensitively.
            index = find("</" + name, from: index, caseInsensitive: true).map { skipTag(from: $0 + 2) } ?? input.count
            return
        }
        if name == "td" || name == "th" {
            pendingBlank = true
        } else if HTMLText.blockElements.contains(name) {
            endLine()
            if name == "pre" { preDepth = max(0, preDepth + (closing ? -1 : 1)) }
        }
    }

    /// Just past the `>` ending a tag whose attributes start at `start`; quoted attribute values may hold `>`.
    private func skipTag(from start: Int) -> Int {
        var i = start
        var quote: UInt8? = nil
        while i < input.count {
            let byte = input[i]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                return i + 1
            }
            i += 1
        }
        return input.count
    }

    /// At `&`: `&name;`, `&#nnn;` or `&#xhh;` becomes its character; anything else is a literal `&`.
    private mutating func characterReference() {
        var i = index + 1
        let limit = min(input.count, index + HTMLText.maxReferenceLength)
        var scalar: Unicode.Scalar? = nil
        if i < limit, input[i] == 0x23 {
            i += 1
            let hex = i < limit && (input[i] | 0x20) == 0x78
            if hex { i += 1 }
            var value: UInt32 = 0
            let digitsStart = i
            while i < limit,
                let digit = hex
                    ? ASCII.hexValue(input[i]).map(UInt32.init)
                    : (ASCII.isDigit(input[i]) ? UInt32(input[i] - 0x30) : nil)
            {
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                i += 1
            }
            if i > digitsStart {
                scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                if value == 0 { scalar = "\u{FFFD}" }
                if i < input.count, input[i] == 0x3B { i += 1 }
            }
        } else {
            let nameStart = i
            while i < limit, ASCII.isLetter(input[i]) || ASCII.isDigit(input[i]) { i += 1 }
            let name = String(decoding: input[nameStart..<i], as: UTF8.self)
            if i < input.count, input[i] == 0x3B, let found = HTMLEntity.named[name] {
                scalar = found
                i += 1
            } else if let found = HTMLEntity.legacy[name] {
                scalar = found  // &amp without `;`, as browsers accept
            }
        }
        guard let scalar else {
            text(0x26)
            index += 1
            return
        }
        index = i
        if scalar == "\u{A0}" {
            text(ASCII.space)
        } else {
            for byte in String(Character(scalar)).utf8 { text(byte) }
        }
    }

    // MARK: - Searching

    private func starts(with literal: String, at position: Int) -> Bool {
        let bytes = Array(literal.utf8)
        return position + bytes.count <= input.count && input[position..<(position + bytes.count)].elementsEqual(bytes)
    }

    /// The first position at or after `start` where `literal` occurs.
    private func find(_ literal: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
        let bytes = Array(literal.utf8)
        guard let first = bytes.first, input.count >= bytes.count else { return nil }
        var i = start
        while i + bytes.count <= input.count {
            if ASCII.lowercased(input[i]) == first || input[i] == first {
                var matched = true
                for k in 1..<bytes.count {
                    let byte = caseInsensitive ? ASCII.lowercased(input[i + k]) : input[i + k]
                    if byte != bytes[k] {
                        matched = false
                        break
                    }
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }

    /// Longer than any entity name; bounds the lookahead after `&`.
    static let maxReferenceLength = 40

    /// Elements whose content is not text to a reader.
    static let rawTextElements: Set<String> = ["script", "style"]

    /// Elements that start and end a line (HTML's block-level and line-breaking elements).
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p",
        "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul",
    ]
}
