import Platform

/// A recursive-descent parser for the maildrop filter language plus mail2sms's `gateway` and `sms`.
///
/// One `parseX` per production, the production in its doc comment: statements in `Parser+Statements.swift`,
/// mail2sms's declarations and `sms` in `Parser+Declarations.swift`, expressions in `Parser+Expressions.swift`.
/// What they share is here (and internal rather than private, so that they can): the token vocabulary
/// (`current`, `peek`, `at`, `consume`, `expect`), the named limits, the errors and their recovery.
///
/// Errors are collected, not fatal: a statement that fails to parse is reported and skipped up to the next
/// statement boundary (`synchronize(to:)`), so one run reports every mistake in the file.
package struct Parser {
    /// How deeply blocks and parenthesized expressions may nest.
    ///
    /// Real filters nest a handful of levels; the limit keeps a hostile or broken file from exhausting the
    /// stack.
    static let maximumNesting = 100
    /// How many binary operators and assignments may chain in one expression (`1 + 1 + …`, `X=Y=…`).
    ///
    /// Each makes the syntax tree one level deeper, and compiling, running and freeing the tree recurse that
    /// deep: without a limit a long enough line crashes the process. Real rules chain a handful.
    static let maximumChain = 1000
    /// How many errors a file's diagnostics list; the parser stops at the next one.
    ///
    /// A file that is not rules at all (a mailbox, a binary) would otherwise give one error per line:
    /// hundreds of thousands, held and printed by `--check`.
    package static let maximumErrors = 100

    var tokens: [Token]
    var position = 0
    var depth = 0
    /// Binary operators and assignments between the expression being parsed and the root of its tree.
    var chainDepth = 0
    var patternCount = 0
    private var diagnostics: [Diagnostic] = []
    /// Set once `maximumErrors` is reached: the rest of the file is skipped and nothing more is reported.
    private var stopped = false
    private var reportedInvalid: Set<Int> = []
    var gateways: [GatewayDeclaration] = []
    var guards: [GuardDeclaration] = []
    var syslogs: [SyslogDeclaration] = []
    var journals: [JournalDeclaration] = []
    /// Inside `sms`, where a word after a blank begins the next clause instead of continuing a string.
    var inSMS = false

    package static func parse(_ source: [UInt8], file: String) -> (RuleFile, [Diagnostic]) {
        var parser = Parser(tokens: Lexer.tokenize(source, file: file), source: source)
        let statements = parser.parseStatementList(inBlock: false)
        let file = RuleFile(
            statements: statements, gateways: parser.gateways, guards: parser.guards, syslogs: parser.syslogs,
            journals: parser.journals)
        return (file, parser.diagnostics)
    }

    let source: [UInt8]

    private init(tokens: [Token], source: [UInt8]) {
        self.tokens = tokens
        self.source = source
    }

    // MARK: - Token vocabulary

    var current: Token { tokens[position] }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    func at(_ kind: Token.Kind) -> Bool { current.kind == kind }

    @discardableResult
    mutating func consume() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Records an error; past `maximumErrors` the rest of the file is skipped (`Program` says so).
    mutating func report(_ diagnostic: Diagnostic) {
        guard !stopped else { return }
        diagnostics.append(diagnostic)
        if diagnostics.count > Parser.maximumErrors {
            stopped = true
            position = tokens.count - 1
        }
    }

    mutating func skipSeparators() {
        while at(.separator) { consume() }
    }

    mutating func expect(_ kind: Token.Kind, _ message: @autoclosure () -> String) throws(Diagnostic) -> Token {
        guard at(kind) else { throw unexpected(message()) }
        return consume()
    }

    /// The error for the current token: its own lexical error if it is invalid, otherwise `message`
    /// followed by what was found instead.
    mutating func unexpected(_ message: String) -> Diagnostic {
        if current.kind == .invalid {
            reportedInvalid.insert(position)
            return Diagnostic(current.text, at: current.location)
        }
        return Diagnostic("\(message), found \(Parser.describe(current))", at: current.location)
    }

    static func describe(_ token: Token) -> String {
        switch token.kind {
        case .word: return "'\(token.text.count > 40 ? token.text.prefix(40) + "…" : token.text)'"
        case .string: return "a string"
        case .pattern: return "a pattern"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .separator: return token.text == ";" ? "';'" : "end of line"
        case .operator: return "'\(token.text)'"
        case .invalid: return token.text
        case .endOfFile: return "end of file"
        }
    }

    /// The variable a token names where maildrop takes a name (`NAME=…`, `import`, `unset`): any unquoted
    /// word (`A-B=1` is allowed), or a quoted string without variables (`"MY VAR"=1`).
    ///
    /// A name holding `$` is refused: maildrop would take the `$` literally, which is never what was meant.
    static func variableName(_ token: Token) -> String? {
        switch token.kind {
        case .word where !token.text.isEmpty && !token.text.utf8.contains(UInt8(ascii: "$")):
            return token.text
        case .string:
            var name = ""
            for segment in token.segments {
                guard case .literal(let text) = segment else { return nil }
                name += text
            }
            return name.isEmpty ? nil : name
        default:
            return nil
        }
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, !ASCII.isDigit(first) else { return false }
        return text.utf8.allSatisfy(Lexer.isNameByte)
    }

    /// Where error recovery stops skipping tokens.
    enum Boundary {
        /// The end of the statement: a separator, or the '}' closing the enclosing block, which is left for
        /// the statement list.
        ///
        /// Lexical errors skipped on the way are reported: each is a mistake of its own.
        case statement
        /// Past the '}' closing the block being read (a gateway's or the guard's settings), so that it is not
        /// reported again as a stray one.
        ///
        /// Lexical errors skipped on the way go unreported.
        case blockEnd
    }

    /// Skips what is left of a construct after an error, up to `boundary` at this nesting level (blocks that
    /// open on the way are skipped whole): parsing resumes there, so one run reports every mistake in the file.
    mutating func synchronize(to boundary: Boundary) {
        var braces = 0
        while !at(.endOfFile) {
            switch current.kind {
            case .separator where braces == 0 && boundary == .statement:
                return
            case .rightBrace where braces == 0:
                if boundary == .blockEnd { consume() }
                return
            case .rightBrace:
                braces -= 1
            case .leftBrace:
                braces += 1
            case .invalid where boundary == .statement && !reportedInvalid.contains(position):
                reportedInvalid.insert(position)
                report(Diagnostic(current.text, at: current.location))
            default:
                break
            }
            consume()
        }
    }

    mutating func nest() throws(Diagnostic) {
        depth += 1
        if depth > Parser.maximumNesting {
            throw Diagnostic(
                "blocks and parentheses nest deeper than \(Parser.maximumNesting) levels",
                at: current.location)
        }
    }

    /// Counts one more operator above the operand about to be parsed; the caller restores `chainDepth`.
    mutating func chain() throws(Diagnostic) {
        chainDepth += 1
        if chainDepth > Parser.maximumChain {
            throw Diagnostic(
                "expression nests more than \(Parser.maximumChain) operators deep; split it using variables",
                at: current.location)
        }
    }
}
