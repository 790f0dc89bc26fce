/// The statements: maildrop's, each dispatched on its keyword, and a block's statement list with its recovery.
extension Parser {
    /// Parses `statement-list`.
    ///
    ///     statement-list := { separator | statement separator }
    mutating func parseStatementList(inBlock: Bool) -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipSeparators()
            if at(.endOfFile) || (inBlock && at(.rightBrace)) { break }
            if !inBlock && at(.rightBrace) {
                // Checked before parsing a statement, so a stray '}' is reported once, not also as "expected an expression".
                report(Diagnostic("unexpected '}' without a matching '{'", at: current.location))
                consume()
                continue
            }
            let start = position
            do throws(Diagnostic) {
                if let statement = try parseStatement(topLevel: !inBlock && depth == 0) {
                    statements.append(statement)
                }
                if !at(.separator) && !at(.endOfFile) && !at(.rightBrace) {
                    throw unexpected("expected end of line or ';' after the statement")
                }
            } catch {
                report(error)
                synchronize(to: .statement)
            }
            if position == start { consume() }  // progress guard: never loop on the same token
        }
        return statements
    }

    /// Parses `statement`.
    ///
    ///     statement := block-statement | if-statement | while-statement | foreach-statement | exception-statement
    ///            | include-statement | variable-statement | delivery | log-statement | exit-statement
    ///            | gateway-declaration | guard-declaration | journal-declaration | syslog-declaration
    ///            | sms-statement
    ///            | expression-statement
    ///
    /// The keyword decides, as in maildrop, unless `=` follows it: `log = 1` assigns the variable `log`.
    /// Declarations give no statement; they are collected in `gateways`, `guards`, `journals` and `syslogs`.
    private mutating func parseStatement(topLevel: Bool) throws(Diagnostic) -> Statement? {
        if at(.leftBrace) { return try parseBlockStatement() }
        guard let keyword = current.keyword, !peek().isOperator("=") else { return try parseExpressionStatement() }
        switch keyword {
        case .if: return try parseIf()
        case .while: return try parseWhile()
        case .foreach: return try parseForeach()
        case .exception: return try parseException()
        case .include: return try parseInclude()
        case .import, .unset: return try parseVariableStatement()
        case .to, .cc: return try parseDelivery()
        case .log, .logfile: return try parseLog()
        case .exit: return parseExit()
        case .gateway: try parseGateway(topLevel: topLevel)
        // `guard` is a declaration only before its block: maildrop has no such keyword, so elsewhere it is a word.
        case .guard where peek().kind == .leftBrace || peek().kind == .separator: try parseGuard(topLevel: topLevel)
        case .journal where peek().kind == .leftBrace || peek().kind == .separator:
            try parseJournal(topLevel: topLevel)
        case .syslog: try parseSyslog(topLevel: topLevel)
        case .sms: return try parseSMS()
        case .elsif, .else:
            throw Diagnostic("'\(keyword.rawValue)' without a preceding 'if'", at: current.location)
        case .xfilter, .system, .echo, .return, .dotlock, .flock:
            throw Diagnostic(Parser.refusal(of: keyword), at: current.location)
        case .guard, .journal, .text, .via, .balance, .lt, .le, .gt, .ge, .eq, .ne, .time, .length, .substr, .getaddr,
            .lookup, .escape, .tolower, .toupper, .hasaddr, .gdbmopen, .gdbmclose, .gdbmfetch, .gdbmstore:
            return try parseExpressionStatement()
        }
        return nil
    }

    /// The maildrop statements mail2sms refuses, one entry each, with the reason its error gives.
    ///
    /// mail2sms runs under Postfix on mail from anyone: nothing in a rules file may start a program, and what
    /// a run writes to standard output goes back to the sender in bounces. The locks (`dotlock`, `flock`) and
    /// `return` are not implemented.
    static func refusal(of keyword: Keyword) -> String {
        switch keyword {
        case .xfilter: "'xfilter' runs a shell command, which mail2sms never does; use 'sms' to send"
        case .system: "'system' runs a shell command, which mail2sms never does; use 'sms' to send"
        case .echo: "'echo' writes to standard output, which Postfix mails back in bounces; use 'log'"
        case .return: "'return' is not supported by mail2sms"
        case .dotlock: "'dotlock' is not supported by mail2sms"
        case .flock: "'flock' is not supported by mail2sms"
        default: "'\(keyword.rawValue)' is not supported by mail2sms"
        }
    }

    /// Parses `expression-statement`.
    ///
    ///     expression-statement := expression
    ///
    /// Evaluated for its effect: assignments are expressions.
    private mutating func parseExpressionStatement() throws(Diagnostic) -> Statement {
        let location = current.location
        return Statement(kind: .expression(try parseExpression()), location: location)
    }

    /// Parses `block-statement`.
    ///
    ///     block-statement := block
    private mutating func parseBlockStatement() throws(Diagnostic) -> Statement {
        let location = current.location
        return Statement(kind: .block(try parseBlock()), location: location)
    }

    /// Parses `block`.
    ///
    ///     block := '{' statement-list '}'
    private mutating func parseBlock() throws(Diagnostic) -> [Statement] {
        let open = try expect(.leftBrace, "expected '{'")
        try nest()
        defer { depth -= 1 }
        let statements = parseStatementList(inBlock: true)
        guard at(.rightBrace) else {
            throw Diagnostic(
                "expected '}' to end the block that starts at line \(open.location.line), found \(Parser.describe(current))",
                at: current.location)
        }
        consume()
        return statements
    }

    /// Parses `if-statement`.
    ///
    ///     if-statement := 'if' condition { 'elsif' condition } [ 'else' branch ]
    ///
    /// Separators may stand between every part, so both maildrop's layout (braces on their own lines) and
    /// `if (x) {` / `} else {` are accepted.
    private mutating func parseIf() throws(Diagnostic) -> Statement {
        let location = consume().location
        var branches: [ConditionalBranch] = []
        var otherwise: [Statement]? = nil
        var keyword = Keyword.if
        while true {
            branches.append(try parseCondition(after: keyword))
            var lookahead = position
            while tokens[lookahead].kind == .separator { lookahead += 1 }
            let next = tokens[lookahead].keyword
            if next == .elsif {
                position = lookahead
                keyword = .elsif
                consume()
            } else if next == .else {
                position = lookahead
                consume()
                otherwise = try parseBranch(after: .else)
                break
            } else {
                break
            }
        }
        return Statement(kind: .conditional(branches: branches, otherwise: otherwise), location: location)
    }

    /// Parses `while-statement`.
    ///
    ///     while-statement := 'while' condition
    private mutating func parseWhile() throws(Diagnostic) -> Statement {
        let location = consume().location
        return Statement(kind: .loop(try parseCondition(after: .while)), location: location)
    }

    /// Parses `condition`.
    ///
    ///     condition := '(' expression ')' branch
    private mutating func parseCondition(after keyword: Keyword) throws(Diagnostic) -> ConditionalBranch {
        let open = try expect(.leftParen, "expected '(' after '\(keyword.rawValue)'")
        let condition = try parseExpression()
        let close = try expect(.rightParen, "expected ')' to end the condition")
        let text = String(decoding: source[open.range.upperBound..<close.range.lowerBound], as: UTF8.self)
        return ConditionalBranch(condition: condition, source: text, body: try parseBranch(after: keyword))
    }

    /// Parses `foreach-statement`.
    ///
    ///     foreach-statement := 'foreach' PATTERN branch | 'foreach' '(' expression ')' '=~' PATTERN branch
    private mutating func parseForeach() throws(Diagnostic) -> Statement {
        let location = consume().location
        let iterated = try parseExpression()
        switch iterated.kind {
        case .pattern, .match:
            break
        default:
            throw Diagnostic("expected a pattern '/…/' or '(expression) =~ /…/' after 'foreach'", at: iterated.location)
        }
        return Statement(kind: .foreach(iterated, body: try parseBranch(after: .foreach)), location: location)
    }

    /// Parses `branch`.
    ///
    ///     branch := { separator } ( block | statement )
    private mutating func parseBranch(after keyword: Keyword) throws(Diagnostic) -> [Statement] {
        var lineBreaks = 0
        while at(.separator) { lineBreaks += consume().text == "\n" ? 1 : 0 }
        if lineBreaks > 1 && !at(.endOfFile) && !at(.rightBrace) {
            // maildrop reads each line break as the end of a statement: a second one is an empty branch.
            let what = at(.leftBrace) ? "the block below" : "the statement below"
            report(
                Diagnostic(
                    "a blank or comment line stands between '\(keyword.rawValue)' and its branch: maildrop takes the "
                        + "branch as empty and runs \(what) always; mail2sms makes it the branch. Remove the line "
                        + "for both to agree",
                    at: current.location, severity: .warning))
        }
        if at(.leftBrace) { return try parseBlock() }
        if at(.endOfFile) || at(.rightBrace) {
            throw unexpected("expected a statement or '{' after '\(keyword.rawValue)'")
        }
        try nest()
        defer { depth -= 1 }
        return try parseStatement(topLevel: false).map { [$0] } ?? []
    }

    /// Parses `exception-statement`.
    ///
    ///     exception-statement := 'exception' { separator } block
    private mutating func parseException() throws(Diagnostic) -> Statement {
        let location = consume().location
        skipSeparators()
        return Statement(kind: .exception(try parseBlock()), location: location)
    }

    /// Parses `include-statement`.
    ///
    ///     include-statement := 'include' expression
    private mutating func parseInclude() throws(Diagnostic) -> Statement {
        let location = consume().location
        return Statement(kind: .include(try parseExpression()), location: location)
    }

    /// Parses `variable-statement`.
    ///
    ///     variable-statement := ( 'import' | 'unset' ) NAME
    private mutating func parseVariableStatement() throws(Diagnostic) -> Statement {
        let keyword = consume()
        guard let name = Parser.variableName(current) else {
            throw unexpected("expected a variable name after '\(keyword.text)'")
        }
        consume()
        return Statement(kind: keyword.is(.import) ? .importVariable(name) : .unset(name), location: keyword.location)
    }

    /// Parses `delivery`.
    ///
    ///     delivery := ( 'to' | 'cc' ) expression
    ///
    /// Only to a Maildir: maildrop's `to "|program"` and `to "!address"` run a command.
    private mutating func parseDelivery() throws(Diagnostic) -> Statement {
        let keyword = consume()
        let target = try parseExpression()
        if case .text(let segments) = target.kind, case .literal(let first)? = segments.first,
            first.hasPrefix("|") || first.hasPrefix("!")
        {
            throw Diagnostic(
                "'\(keyword.text)' to a program or an address runs a command, which mail2sms never does; deliver to a Maildir or use 'sms'",
                at: target.location)
        }
        return Statement(kind: .deliver(target, copy: keyword.is(.cc)), location: keyword.location)
    }

    /// Parses `log-statement`.
    ///
    ///     log-statement := ( 'log' | 'logfile' ) expression
    private mutating func parseLog() throws(Diagnostic) -> Statement {
        let keyword = consume()
        let value = try parseExpression()
        return Statement(kind: keyword.is(.log) ? .log(value) : .logfile(value), location: keyword.location)
    }

    /// Parses `exit-statement`.
    ///
    ///     exit-statement := 'exit'
    private mutating func parseExit() -> Statement {
        Statement(kind: .exit, location: consume().location)
    }
}
