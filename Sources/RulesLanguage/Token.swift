/// One lexical element of a rules file, with its location and whether blanks preceded it (adjacent
/// literals concatenate: `"a"'b'$X` is one string).
package struct Token: Equatable, Sendable {
    package enum Kind: Equatable, Sendable {
        /// An unquoted word: letters, digits and `_ - . : / $ { } @`; `$VAR` inside is substituted.
        case word
        /// A quoted string (either kind); its `segments` are already unescaped.
        case string
        /// `/regex/:options`; `segments` hold the regex with its `$VAR`s, `options` the letters after `:`.
        case pattern
        case leftParen, rightParen, leftBrace, rightBrace
        /// `;` or a newline: both end a statement.
        case separator
        case `operator`
        /// Something the lexer could not read; `text` says why.
        ///
        /// The parser reports it.
        case invalid
        case endOfFile
    }

    package var kind: Kind
    /// The source text (for `.operator`, the operator; for `.invalid`, the reason).
    package var text: String
    package var segments: [StringSegment]
    package var options: String
    package var location: SourceLocation
    /// For a word, the keyword it spells: recognized once, here, rather than by comparing the text wherever
    /// the parser asks.
    package var keyword: Keyword?
    var hasLeadingBlank: Bool
    /// Byte offsets of the token in the source, for quoting a condition in `--dry-run` traces.
    package var range: Range<Int>

    package init(
        kind: Kind, text: String, segments: [StringSegment] = [], options: String = "",
        keyword: Keyword? = nil, location: SourceLocation, hasLeadingBlank: Bool, range: Range<Int> = 0..<0
    ) {
        self.range = range
        self.keyword = keyword
        self.kind = kind
        self.text = text
        self.segments = segments
        self.options = options
        self.location = location
        self.hasLeadingBlank = hasLeadingBlank
    }

    /// Whether this is the unquoted word `keyword` (a quoted one is a string, never a keyword).
    func `is`(_ keyword: Keyword) -> Bool { self.keyword == keyword }

    func isOperator(_ op: String) -> Bool { kind == .operator && text == op }
}

/// A piece of a string, word or pattern: literal text or a variable to substitute at run time.
package enum StringSegment: Equatable, Sendable {
    case literal(String)
    case variable(String)
}
