import Platform

/// Splits a rules file into tokens by maildrop's lexical rules.
///
/// It never throws: what it cannot read becomes an `.invalid` token whose text says why, so the parser
/// reports every mistake in one pass.
///
/// maildrop's lexer is contextual in one place, and so is this one: a `/` at the start of a token begins a
/// pattern where an operand is expected, a word after `=`, `to` and `cc` (`MAILDIR=/var/mail`), and is the
/// division operator after an operand. The previous token decides.
struct Lexer {
    /// Tokens read from one file.
    ///
    /// A rules file of 1,000 rules has about 18,000; each token and the syntax built from it take about 150
    /// bytes, so a file of 16 MiB of `;` (its size limit) would take gigabytes. Past this many, lexing stops
    /// with an error.
    static let maximumTokens = 500_000

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// Where the token being read starts, and whether blanks preceded it.
    private var start = (line: 1, column: 1, index: 0, hasLeadingBlank: true)

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

    /// Moves to `end`, past bytes that hold no line break: the fast way through a run of bytes already
    /// looked at, which `advance` would check again one by one.
    private mutating func skip(to end: Int) {
        column += end - index
        index = end
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
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
            if skipTrivia(byte, blank: &blank) { continue }
            start = (line, column, index, blank)
            lexToken(byte)
            blank = false
            if tokens.count >= Lexer.maximumTokens {
                tokens.append(
                    Token(
                        kind: .invalid,
                        text: "more than \(Lexer.maximumTokens) tokens; the rest of the file is not read",
                        location: location, hasLeadingBlank: true, range: index..<index))
                index = bytes.count
            }
        }
        tokens.append(
            Token(
                kind: .endOfFile, text: "", location: location, hasLeadingBlank: true,
                range: index..<index))
    }

    /// Appends the token read since `start`.
    ///
    /// The arguments are `consuming`: moved into the token, where borrowed ones would be copied (a retain and
    /// a release each, on every token of every file).
    private mutating func emit(
        _ kind: Token.Kind, _ text: consuming String, segments: consuming [StringSegment] = [],
        options: consuming String = "", keyword: Keyword? = nil
    ) {
        tokens.append(
            Token(
                kind: kind, text: text, segments: segments, options: options, keyword: keyword,
                location: SourceLocation(file: file, line: start.line, column: start.column),
                hasLeadingBlank: start.hasLeadingBlank, range: start.index..<index))
    }

    /// Skips what stands between tokens, if `byte` begins some, and says whether it did: blanks and a `\`
    /// ending a line (which continues it), after which the next token has a blank before it (`blank`), and a
    /// comment up to the end of its line, which leaves `blank` as it was.
    private mutating func skipTrivia(_ byte: UInt8, blank: inout Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "\n"):
            // A space to C, but a token here: it ends a statement.
            return false
        case _ where Lexer.isSpace(byte):
            var end = index + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), Lexer.isSpace(bytes[end]) { end += 1 }
            skip(to: end)
        case UInt8(ascii: "\\")
        where peek(1) == UInt8(ascii: "\n")
            || (peek(1) == UInt8(ascii: "\r") && peek(2) == UInt8(ascii: "\n")):
            advance()
            if peek() == UInt8(ascii: "\r") { advance() }
            advance()
        case UInt8(ascii: "#"):
            while let b = peek(), b != UInt8(ascii: "\n") { advance() }
            return true
        default:
            return false
        }
        blank = true
        return true
    }

    /// Reads the token that begins with `byte`.
    private mutating func lexToken(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\n"): return lexPunctuation(.separator, "\n")
        case UInt8(ascii: ";"): return lexPunctuation(.separator, ";")
        case UInt8(ascii: "("): return lexPunctuation(.leftParen, "(")
        case UInt8(ascii: ")"): return lexPunctuation(.rightParen, ")")
        case UInt8(ascii: "{"): return lexPunctuation(.leftBrace, "{")
        case UInt8(ascii: "}"): return lexPunctuation(.rightBrace, "}")
        case UInt8(ascii: "\""): return lexDoubleQuoted()
        case UInt8(ascii: "'"): return lexSingleQuoted()
        case UInt8(ascii: "`"): return lexBackquoted()
        case UInt8(ascii: "/") where slashMeaning() == .pattern: return lexPattern()
        case _ where startsWord(byte): return lexWord()
        default:
            if let op = lexOperator() { return emit(.operator, op) }
            emit(.invalid, "unexpected character '\(lexUnexpectedScalar())'")
        }
    }

    /// A one-byte token, `text` being that byte.
    private mutating func lexPunctuation(_ kind: Token.Kind, _ text: consuming String) {
        advance()
        emit(kind, text)
    }

    /// `` `command` ``: one invalid token up to the closing backquote or the end of the line, whatever is inside:
    /// its inside is shell, not rules, and one mistake is one error.
    private mutating func lexBackquoted() {
        advance()
        while let b = peek(), b != UInt8(ascii: "`"), b != UInt8(ascii: "\n") { advance() }
        if peek() == UInt8(ascii: "`") { advance() }
        emit(.invalid, Lexer.backquotes)
    }

    /// What a backquoted command is reported as.
    static let backquotes = "backquotes run a shell command, which mail2sms never does"

    // MARK: - Words

    /// Whether a word begins with `byte`: a word byte, except that a `/` begins one only where a word is
    /// expected (`slashMeaning`), and a `-` only right before another word byte than `-` (`-5` is a word,
    /// `- 5` and `--` are operators).
    private func startsWord(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"):
            return slashMeaning() == .word
        case UInt8(ascii: "-"):
            guard let next = peek(1) else { return false }
            return Lexer.isWordByte(next) && next != UInt8(ascii: "-")
        default:
            return Lexer.isWordByte(byte)
        }
    }

    /// An unquoted word, with its `$VAR`s as segments and the keyword it spells, if any.
    private mutating func lexWord() {
        let raw = lexWordBytes()
        let text = String(decoding: raw, as: UTF8.self)
        let segments = raw.contains(UInt8(ascii: "$")) ? Lexer.substitutionSegments(raw) : [.literal(text)]
        // Keywords are lowercase letters: a variable, a number or a path is not looked up.
        let keyword = !raw.isEmpty && Lexer.isLowercaseLetter(raw[0]) ? Keyword(text) : nil
        emit(.word, text, segments: segments, keyword: keyword)
    }

    /// maildrop's word bytes: letters, digits and `_ - . : / $ @`.
    static func isWordByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "$"),
            UInt8(ascii: "@"):
            return true
        default:
            return isNameByte(b)
        }
    }

    /// C's isspace in the "C" locale: space, and tab to carriage return.
    static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || (UInt8(ascii: "\t")...UInt8(ascii: "\r")).contains(b)
    }

    /// The bytes of a variable's name: letters, digits and `_`.
    static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// The bytes keywords are spelled with.
    static func isLowercaseLetter(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) }

    /// Reads word bytes, including `${...}` references whole.
    private mutating func lexWordBytes() -> [UInt8] {
        var end = index
        while end < bytes.count {
            if bytes[end] == UInt8(ascii: "$"), end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "{") {
                // Up to the `}`, whatever is inside, but not past the line.
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") {
                    end += 1
                    if bytes[end - 1] == UInt8(ascii: "}") { break }
                }
                continue
            }
            guard Lexer.isWordByte(bytes[end]) else { break }
            end += 1
        }
        let raw = Array(bytes[index..<end])
        skip(to: end)
        return raw
    }

    /// Splits text into literals and `$NAME` / `${NAME}` references.
    ///
    /// A `$` not followed by a name stays literal (in a pattern it is the end-of-line anchor). With
    /// `backslashEscapes` (patterns), a backslash and the byte after it stay as they are, so `\$` is never a
    /// reference.
    static func substitutionSegments(_ raw: [UInt8], backslashEscapes: Bool = false) -> [StringSegment] {
        guard raw.contains(UInt8(ascii: "$")) else {
            return raw.isEmpty ? [] : [.literal(String(decoding: raw, as: UTF8.self))]
        }
        var builder = SegmentBuilder()
        var i = 0
        while i < raw.count {
            if backslashEscapes, raw[i] == UInt8(ascii: "\\"), i + 1 < raw.count {
                builder.byte(raw[i])
                builder.byte(raw[i + 1])
                i += 2
                continue
            }
            if raw[i] == UInt8(ascii: "$"),
                let reference = reference(in: raw, at: i, backslashEscapes: backslashEscapes)
            {
                builder.variable(reference.name)
                i = reference.end
                continue
            }
            builder.byte(raw[i])
            i += 1
        }
        return builder.finish()
    }

    /// The variable a `$` at `i` refers to and where the reference ends, or nil when the `$` is literal.
    ///
    /// maildrop's `${` ends at `}`; a blank (or, in a pattern, a backslash) before it leaves the text as it is.
    private static func reference(in raw: [UInt8], at i: Int, backslashEscapes: Bool) -> (name: String, end: Int)? {
        guard i + 1 < raw.count else { return nil }
        if raw[i + 1] == UInt8(ascii: "{"),
            let close = raw[(i + 2)...].firstIndex(where: {
                $0 == UInt8(ascii: "}") || isSpace($0) || (backslashEscapes && $0 == UInt8(ascii: "\\"))
            }),
            raw[close] == UInt8(ascii: "}")
        {
            return (String(decoding: raw[(i + 2)..<close], as: UTF8.self), close + 1)
        }
        var j = i + 1
        while j < raw.count, isNameByte(raw[j]) { j += 1 }
        return j > i + 1 ? (String(decoding: raw[(i + 1)..<j], as: UTF8.self), j) : nil
    }

    // MARK: - Strings

    /// `"…"`: `$VAR` substituted; only `\"` and `\\` unescape, every other backslash stays (so `"\$X"` is the
    /// three characters `\$X`).
    ///
    /// A newline before the closing quote is an error.
    private mutating func lexDoubleQuoted() {
        advance()
        var builder = SegmentBuilder()
        while let b = peek(), b != UInt8(ascii: "\n") {
            switch b {
            case UInt8(ascii: "\""):
                advance()
                return emit(.string, "\"", segments: builder.finish())
            case UInt8(ascii: "\\"):
                for byte in lexQuotedEscape(quote: UInt8(ascii: "\"")) { builder.byte(byte) }
            case UInt8(ascii: "$"):
                for segment in Lexer.substitutionSegments(lexQuotedReference()) { builder.append(segment) }
            default:
                builder.byte(b)
                advance()
            }
        }
        emit(.invalid, "missing '\"' at the end of the string")
    }

    /// A `$` inside double quotes, at the `$`: `${…}` up to its `}` (not past the line or the closing quote),
    /// or `$NAME`, as written.
    private mutating func lexQuotedReference() -> [UInt8] {
        var raw = [UInt8(ascii: "$")]
        advance()
        if peek() == UInt8(ascii: "{") {
            while let c = peek(), c != UInt8(ascii: "\n"), c != UInt8(ascii: "\"") {
                raw.append(c)
                advance()
                if c == UInt8(ascii: "}") { break }
            }
        } else {
            while let c = peek(), Lexer.isNameByte(c) {
                raw.append(c)
                advance()
            }
        }
        return raw
    }

    /// `'…'`: no substitution; only `\'` and `\\` unescape.
    private mutating func lexSingleQuoted() {
        advance()
        var text: [UInt8] = []
        while let b = peek(), b != UInt8(ascii: "\n") {
            switch b {
            case UInt8(ascii: "'"):
                advance()
                return emit(.string, "'", segments: [.literal(String(decoding: text, as: UTF8.self))])
            case UInt8(ascii: "\\"):
                text += lexQuotedEscape(quote: UInt8(ascii: "'"))
            default:
                text.append(b)
                advance()
            }
        }
        emit(.invalid, "missing \"'\" at the end of the string")
    }

    /// A backslash inside quotes, at the backslash: only `\\` and the closing quote unescape, every other
    /// backslash stays; a backslash before a line break continues the text (nothing is kept).
    private mutating func lexQuotedEscape(quote: UInt8) -> [UInt8] {
        advance()
        if skipQuotedContinuation() { return [] }
        guard let next = peek() else { return [] }
        advance()
        return next == quote || next == UInt8(ascii: "\\") ? [next] : [UInt8(ascii: "\\"), next]
    }

    /// After a backslash inside quotes: a line break there continues the text, and the backslash, the
    /// line break and the next line's leading blanks are all removed (maildropfilter(7), "Unquoted text").
    private mutating func skipQuotedContinuation() -> Bool {
        if peek() == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { advance() }
        guard peek() == UInt8(ascii: "\n") else { return false }
        advance()
        while let b = peek(), ASCII.isBlank(b) { advance() }
        return true
    }

    // MARK: - Patterns

    private enum SlashMeaning { case pattern, word, divide }

    private func slashMeaning() -> SlashMeaning {
        // maildropfilter(7): a pattern must not begin with a blank; `/ x` is a division.
        if let next = peek(1), ASCII.isBlank(next) { return .divide }
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
    /// substituted (not after a backslash).
    ///
    /// Options are letters, then the weights (`PatternOptions`).
    private mutating func lexPattern() {
        advance()
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "\n") {
            // A backslash and the byte after it, unless that is the line break.
            let escapes =
                bytes[end] == UInt8(ascii: "\\") && end + 1 < bytes.count
                && bytes[end + 1] != UInt8(ascii: "\n")
            end += escapes ? 2 : 1
        }
        let raw = Array(bytes[index..<end])
        skip(to: end)
        guard peek() == UInt8(ascii: "/") else { return emit(.invalid, "missing '/' at the end of the pattern") }
        advance()
        let options = lexPatternOptions()
        emit(.pattern, "/", segments: Lexer.substitutionSegments(raw, backslashEscapes: true), options: options)
    }

    /// `:options` after a pattern, as maildrop's lexer reads them (`:hb`, `:b,2,0.5`, `:2`).
    private mutating func lexPatternOptions() -> String {
        guard peek() == UInt8(ascii: ":") else { return "" }
        advance()
        var options: [UInt8] = []
        while let b = peek(), Lexer.isPatternOptionByte(b) {
            options.append(b)
            advance()
        }
        return String(decoding: options, as: UTF8.self)
    }

    /// maildrop's pattern option bytes: letters, digits and `- + . ,`.
    static func isPatternOptionByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: ","): true
        default: ASCII.isLetter(b) || ASCII.isDigit(b)
        }
    }

    // MARK: - Operators

    /// The operator starting with `first` and `second` (the longest match wins).
    private static func operatorText(_ first: UInt8, _ second: UInt8?) -> (text: String, length: Int)? {
        switch (first, second) {
        case (UInt8(ascii: "="), UInt8(ascii: "~")?): return ("=~", 2)
        case (UInt8(ascii: "="), UInt8(ascii: "=")?): return ("==", 2)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")?): return ("!=", 2)
        case (UInt8(ascii: "<"), UInt8(ascii: "=")?): return ("<=", 2)
        case (UInt8(ascii: ">"), UInt8(ascii: "=")?): return (">=", 2)
        case (UInt8(ascii: "|"), UInt8(ascii: "|")?): return ("||", 2)
        case (UInt8(ascii: "&"), UInt8(ascii: "&")?): return ("&&", 2)
        case (UInt8(ascii: "="), _): return ("=", 1)
        case (UInt8(ascii: "!"), _): return ("!", 1)
        case (UInt8(ascii: "<"), _): return ("<", 1)
        case (UInt8(ascii: ">"), _): return (">", 1)
        case (UInt8(ascii: "|"), _): return ("|", 1)
        case (UInt8(ascii: "&"), _): return ("&", 1)
        case (UInt8(ascii: "+"), _): return ("+", 1)
        case (UInt8(ascii: "-"), _): return ("-", 1)
        case (UInt8(ascii: "*"), _): return ("*", 1)
        case (UInt8(ascii: "/"), _): return ("/", 1)
        case (UInt8(ascii: "~"), _): return ("~", 1)
        case (UInt8(ascii: ","), _): return (",", 1)
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
        while let b = peek(), UTF8.isContinuation(b), index - start < 4 { advance() }
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
