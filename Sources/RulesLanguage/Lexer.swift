/// Splits a rules file into tokens by maildrop's lexical rules. It never throws: what it cannot read
/// becomes an `.invalid` token whose text says why, so the parser reports every mistake in one pass.
///
/// maildrop's lexer is contextual in one place, and so is this one: a `/` at the start of a token begins a
/// pattern where an operand is expected, a word after `=`, `to` and `cc` (`MAILDIR=/var/mail`), and is the
/// division operator after an operand. The previous token decides.
struct Lexer {
    /// Tokens read from one file. A rules file of 1,000 rules has about 18,000; each token and the syntax
    /// built from it take about 150 bytes, so a file of 16 MiB of `;` (its size limit) would take gigabytes.
    /// Past this many, lexing stops with an error.
    static let maximumTokens = 500_000

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []

    static func tokenize(_ source: [UInt8], file: String) -> [Token] {
        var lexer = Lexer(bytes: source, file: file)
        lexer.run()
        return lexer.tokens
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        // Rule files run about one token per 3 bytes: reserving up front spares the copies of growing a
        // large array (measured: a third of the page faults of compiling 1,000 rules).
        tokens.reserveCapacity(min(bytes.count / 3, Lexer.maximumTokens) + 16)
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func advance() {
        if bytes[index] == 0x0A {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func run() {
        var blank = true
        while let byte = peek() {
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
                advance()
                blank = true
                continue
            case 0x5C where peek(1) == 0x0A || (peek(1) == 0x0D && peek(2) == 0x0A):
                // `\` at the end of a line continues it.
                advance()
                if peek() == 0x0D { advance() }
                advance()
                blank = true
                continue
            case 0x23:  // '#' comment to the end of the line
                while let b = peek(), b != 0x0A { advance() }
                continue
            default:
                break
            }
            let start = location
            let startIndex = index
            func emit(_ kind: Token.Kind, _ text: String, _ segments: [StringSegment] = [], _ options: String = "",
                      keyword: Keyword? = nil) {
                tokens.append(Token(kind: kind, text: text, segments: segments, options: options, keyword: keyword,
                                    location: start, hasLeadingBlank: blank, range: startIndex..<index))
            }
            switch byte {
            case 0x0A:
                advance()
                emit(.separator, "\n")
            case 0x3B:
                advance()
                emit(.separator, ";")
            case 0x28: advance(); emit(.leftParen, "(")
            case 0x29: advance(); emit(.rightParen, ")")
            case 0x7B: advance(); emit(.leftBrace, "{")
            case 0x7D: advance(); emit(.rightBrace, "}")
            case 0x22:
                let (segments, error) = lexDoubleQuoted()
                if let error { emit(.invalid, error) } else { emit(.string, "\"", segments) }
            case 0x27:
                let (text, error) = lexSingleQuoted()
                if let error { emit(.invalid, error) } else { emit(.string, "'", [.literal(text)]) }
            case 0x60:
                // The whole `command` is one token: its inside is shell, not rules, and one mistake is one error.
                advance()
                while let b = peek(), b != 0x60, b != 0x0A { advance() }
                if peek() == 0x60 { advance() }
                emit(.invalid, "backquotes run a shell command, which mail2sms never does")
            case 0x2F where slashMeaning() == .pattern:
                let (segments, options, error) = lexPattern()
                if let error { emit(.invalid, error) } else { emit(.pattern, "/", segments, options) }
            case 0x2F where slashMeaning() == .word:
                let raw = lexWordBytes()
                let text = String(decoding: raw, as: UTF8.self)
                emit(.word, text, raw.contains(0x24) ? Lexer.substitutionSegments(raw) : [.literal(text)],
                     keyword: Keyword(text))
            case 0x2D where peek(1).map(Lexer.isWordByte) == true && peek(1) != 0x2D:
                let raw = lexWordBytes()
                let text = String(decoding: raw, as: UTF8.self)
                emit(.word, text, raw.contains(0x24) ? Lexer.substitutionSegments(raw) : [.literal(text)],
                     keyword: Keyword(text))
            case _ where Lexer.isWordByte(byte) && byte != 0x2F && byte != 0x2D:
                let raw = lexWordBytes()
                let text = String(decoding: raw, as: UTF8.self)
                emit(.word, text, raw.contains(0x24) ? Lexer.substitutionSegments(raw) : [.literal(text)],
                     keyword: Keyword(text))
            default:
                if let op = lexOperator() {
                    emit(.operator, op)
                } else {
                    let scalar = lexUnexpectedScalar()
                    emit(.invalid, "unexpected character '\(scalar)'")
                }
            }
            blank = false
            if tokens.count >= Lexer.maximumTokens {
                tokens.append(Token(kind: .invalid, text: "more than \(Lexer.maximumTokens) tokens; the rest of the file is not read",
                                    location: location, hasLeadingBlank: true, range: index..<index))
                index = bytes.count
            }
        }
        tokens.append(Token(kind: .endOfFile, text: "", location: location, hasLeadingBlank: true,
                            range: index..<index))
    }

    // MARK: - Words

    static func isWordByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x5F, 0x2D, 0x2E, 0x3A, 0x2F, 0x24, 0x40: return true  // _ - . : / $ @
        default: return false
        }
    }

    /// C's isspace in the "C" locale.
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        default: return false
        }
    }

    /// Reads word bytes, including `${...}` references whole.
    private mutating func lexWordBytes() -> [UInt8] {
        var raw: [UInt8] = []
        while let b = peek() {
            if b == 0x24, peek(1) == 0x7B {
                while let c = peek(), c != 0x0A {
                    raw.append(c)
                    advance()
                    if c == 0x7D { break }
                }
                continue
            }
            guard Lexer.isWordByte(b) else { break }
            raw.append(b)
            advance()
        }
        return raw
    }

    /// Splits text into literals and `$NAME` / `${NAME}` references. A `$` not followed by a name stays
    /// literal (in a pattern it is the end-of-line anchor). With `backslashEscapes` (patterns), a backslash
    /// and the byte after it stay as they are, so `\$` is never a reference.
    static func substitutionSegments(_ raw: [UInt8], backslashEscapes: Bool = false) -> [StringSegment] {
        guard raw.contains(0x24) else { return raw.isEmpty ? [] : [.literal(String(decoding: raw, as: UTF8.self))] }
        var builder = SegmentBuilder()
        var i = 0
        while i < raw.count {
            if backslashEscapes, raw[i] == 0x5C, i + 1 < raw.count {
                builder.byte(raw[i])
                builder.byte(raw[i + 1])
                i += 2
                continue
            }
            if raw[i] == 0x24, i + 1 < raw.count {
                // maildrop's `${` ends at `}`; a blank before it leaves the text as it is.
                if raw[i + 1] == 0x7B,
                   let close = raw[(i + 2)...].firstIndex(where: {
                       $0 == 0x7D || Lexer.isBlank($0) || (backslashEscapes && $0 == 0x5C)
                   }),
                   raw[close] == 0x7D {
                    builder.variable(String(decoding: raw[(i + 2)..<close], as: UTF8.self))
                    i = close + 1
                    continue
                }
                var j = i + 1
                while j < raw.count, isNameByte(raw[j]) { j += 1 }
                if j > i + 1 {
                    builder.variable(String(decoding: raw[(i + 1)..<j], as: UTF8.self))
                    i = j
                    continue
                }
            }
            builder.byte(raw[i])
            i += 1
        }
        return builder.finish()
    }

    // MARK: - Strings

    /// `"…"`: `$VAR` substituted; only `\"` and `\\` unescape, every other backslash stays (so `"\$X"` is the
    /// three characters `\$X`). A newline before the closing quote is an error.
    private mutating func lexDoubleQuoted() -> ([StringSegment], String?) {
        advance()
        var builder = SegmentBuilder()
        while let b = peek() {
            switch b {
            case 0x22:
                advance()
                return (builder.finish(), nil)
            case 0x0A:
                return ([], "missing '\"' at the end of the string")
            case 0x5C:
                for byte in lexQuotedEscape(quote: 0x22) { builder.byte(byte) }
            case 0x24:
                var raw: [UInt8] = [0x24]
                advance()
                if peek() == 0x7B {
                    while let c = peek(), c != 0x0A, c != 0x22 {
                        raw.append(c)
                        advance()
                        if c == 0x7D { break }
                    }
                } else {
                    while let c = peek(), Lexer.isNameByte(c) {
                        raw.append(c)
                        advance()
                    }
                }
                for segment in Lexer.substitutionSegments(raw) { builder.append(segment) }
            default:
                builder.byte(b)
                advance()
            }
        }
        return ([], "missing '\"' at the end of the string")
    }

    /// `'…'`: no substitution; only `\'` and `\\` unescape.
    private mutating func lexSingleQuoted() -> (String, String?) {
        advance()
        var text: [UInt8] = []
        while let b = peek() {
            switch b {
            case 0x27:
                advance()
                return (String(decoding: text, as: UTF8.self), nil)
            case 0x0A:
                return ("", "missing \"'\" at the end of the string")
            case 0x5C:
                text += lexQuotedEscape(quote: 0x27)
            default:
                text.append(b)
                advance()
            }
        }
        return ("", "missing \"'\" at the end of the string")
    }

    /// A backslash inside quotes, at the backslash: only `\\` and the closing quote unescape, every other
    /// backslash stays; a backslash before a line break continues the text (nothing is kept).
    private mutating func lexQuotedEscape(quote: UInt8) -> [UInt8] {
        advance()
        if skipQuotedContinuation() { return [] }
        guard let next = peek() else { return [] }
        advance()
        return next == quote || next == 0x5C ? [next] : [0x5C, next]
    }

    /// After a backslash inside quotes: a line break there continues the text, and the backslash, the
    /// line break and the next line's leading blanks are all removed (maildropfilter(7), "Unquoted text").
    private mutating func skipQuotedContinuation() -> Bool {
        if peek() == 0x0D, peek(1) == 0x0A { advance() }
        guard peek() == 0x0A else { return false }
        advance()
        while let b = peek(), b == 0x20 || b == 0x09 { advance() }
        return true
    }

    // MARK: - Patterns

    private enum SlashMeaning { case pattern, word, divide }

    private func slashMeaning() -> SlashMeaning {
        // maildropfilter(7): a pattern must not begin with a blank; `/ x` is a division.
        if peek(1) == 0x20 || peek(1) == 0x09 { return .divide }
        guard let previous = tokens.last else { return .pattern }
        switch previous.kind {
        case .operator:
            return previous.text == "=" ? .word : .pattern
        case .word:
            guard let keyword = previous.keyword else { return .divide }
            if keyword.precedesPath { return .word }
            return keyword.precedesOperand ? .pattern : .divide
        case .string, .pattern, .rightParen:
            return .divide
        default:
            return .pattern
        }
    }

    /// `/re/:opts`: the pattern ends at the first unescaped `/`; escapes are kept for PCRE2; `$VAR` is
    /// substituted (not after a backslash). Options are letters, then the weights (`PatternOptions`).
    private mutating func lexPattern() -> ([StringSegment], String, String?) {
        advance()
        var raw: [UInt8] = []
        var closed = false
        while let b = peek(), b != 0x0A {
            if b == 0x2F {
                advance()
                closed = true
                break
            }
            if b == 0x5C, let next = peek(1), next != 0x0A {
                raw.append(b)
                raw.append(next)
                advance()
                advance()
                continue
            }
            raw.append(b)
            advance()
        }
        guard closed else { return ([], "", "missing '/' at the end of the pattern") }
        var options: [UInt8] = []
        if peek() == 0x3A {
            // As maildrop's lexer: letters, digits and `- + . ,` (`:hb`, `:b,2,0.5`, `:2`).
            advance()
            while let b = peek(), (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                    || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x2C {
                options.append(b)
                advance()
            }
        }
        return (Lexer.substitutionSegments(raw, backslashEscapes: true), String(decoding: options, as: UTF8.self), nil)
    }

    // MARK: - Operators

    /// The operator starting with `first` and `second` (the longest match wins).
    private static func operatorText(_ first: UInt8, _ second: UInt8?) -> (text: String, length: Int)? {
        switch (first, second) {
        case (0x3D, 0x7E): return ("=~", 2)
        case (0x3D, 0x3D): return ("==", 2)
        case (0x21, 0x3D): return ("!=", 2)
        case (0x3C, 0x3D): return ("<=", 2)
        case (0x3E, 0x3D): return (">=", 2)
        case (0x7C, 0x7C): return ("||", 2)
        case (0x26, 0x26): return ("&&", 2)
        case (0x3D, _): return ("=", 1)
        case (0x21, _): return ("!", 1)
        case (0x3C, _): return ("<", 1)
        case (0x3E, _): return (">", 1)
        case (0x7C, _): return ("|", 1)
        case (0x26, _): return ("&", 1)
        case (0x2B, _): return ("+", 1)
        case (0x2D, _): return ("-", 1)
        case (0x2A, _): return ("*", 1)
        case (0x2F, _): return ("/", 1)
        case (0x7E, _): return ("~", 1)
        case (0x2C, _): return (",", 1)
        default: return nil
        }
    }

    private mutating func lexOperator() -> String? {
        guard let first = peek(), let op = Lexer.operatorText(first, peek(1)) else { return nil }
        for _ in 0..<op.length { advance() }
        return op.text
    }

    /// Consumes one whole UTF-8 scalar (or one invalid byte) and returns it for the message.
    private mutating func lexUnexpectedScalar() -> String {
        let start = index
        advance()
        while let b = peek(), b & 0xC0 == 0x80, index - start < 4 { advance() }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}

/// Accumulates segments, merging adjacent literal bytes.
struct SegmentBuilder {
    private var segments: [StringSegment] = []
    private var pending: [UInt8] = []

    mutating func byte(_ b: UInt8) { pending.append(b) }

    mutating func variable(_ name: String) {
        flushPending()
        segments.append(.variable(name))
    }

    mutating func append(_ segment: StringSegment) {
        switch segment {
        case .literal(let text): pending.append(contentsOf: text.utf8)
        case .variable(let name): variable(name)
        }
    }

    private mutating func flushPending() {
        if !pending.isEmpty {
            segments.append(.literal(String(decoding: pending, as: UTF8.self)))
            pending.removeAll()
        }
    }

    mutating func finish() -> [StringSegment] {
        flushPending()
        return segments
    }
}
