/// One lexical element of a rules file, with its location and whether blanks preceded it (adjacent
/// literals concatenate: `"a"'b'$X` is one string).
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
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
        /// Something the lexer could not read; `text` says why. The parser reports it.
        case invalid
        case endOfFile
    }

    public var kind: Kind
    /// The source text (for `.operator`, the operator; for `.invalid`, the reason).
    public var text: String
    public var segments: [StringSegment]
    public var options: String
    public var location: SourceLocation
    public var hasLeadingBlank: Bool
    /// Byte offsets of the token in the source, for quoting a condition in `--dry-run` traces.
    public var range: Range<Int>

    public init(kind: Kind, text: String, segments: [StringSegment] = [], options: String = "",
                location: SourceLocation, hasLeadingBlank: Bool, range: Range<Int> = 0..<0) {
        self.range = range
        self.kind = kind
        self.text = text
        self.segments = segments
        self.options = options
        self.location = location
        self.hasLeadingBlank = hasLeadingBlank
    }

    /// Whether this is the unquoted word `keyword`: keywords are lowercase words, recognized in context.
    public func isWord(_ keyword: String) -> Bool { kind == .word && text == keyword }

    public func isOperator(_ op: String) -> Bool { kind == .operator && text == op }
}

/// A piece of a string, word or pattern: literal text or a variable to substitute at run time.
public enum StringSegment: Equatable, Sendable {
    case literal(String)
    case variable(String)
}
