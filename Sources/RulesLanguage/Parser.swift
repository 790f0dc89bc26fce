import Platform

/// A recursive-descent parser for the maildrop filter language plus mail2sms's `gateway` and `sms`.
///
/// One `parseX` per production, the production in its doc comment. Errors are collected, not fatal: a
/// statement that fails to parse is reported and skipped up to the next statement boundary
/// (`synchronize(to:)`), so one run reports every mistake in the file.
package struct Parser {
    /// How deeply blocks and parenthesized expressions may nest. Real filters nest a handful of levels; the
    /// limit keeps a hostile or broken file from exhausting the stack.
    static let maximumNesting = 100
    /// How many binary operators and assignments may chain in one expression (`1 + 1 + …`, `X=Y=…`). Each
    /// makes the syntax tree one level deeper, and compiling, running and freeing the tree recurse that deep:
    /// without a limit a long enough line crashes the process. Real rules chain a handful.
    static let maximumChain = 1000
    /// How many errors a file's diagnostics list; the parser stops at the next one. A file that is not rules
    /// at all (a mailbox, a binary) would otherwise give one error per line: hundreds of thousands, held and
    /// printed by `--check`.
    package static let maximumErrors = 100

    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    /// Binary operators and assignments between the expression being parsed and the root of its tree.
    private var chainDepth = 0
    private var patternCount = 0
    private var diagnostics: [Diagnostic] = []
    /// Set once `maximumErrors` is reached: the rest of the file is skipped and nothing more is reported.
    private var stopped = false
    private var reportedInvalid: Set<Int> = []
    private var gateways: [GatewayDeclaration] = []
    private var guards: [GuardDeclaration] = []
    /// Inside `sms`, where a word after a blank begins the next clause instead of continuing a string.
    private var inSMS = false

    package static func parse(_ source: [UInt8], file: String) -> (RuleFile, [Diagnostic]) {
        var parser = Parser(tokens: Lexer.tokenize(source, file: file), source: source)
        let statements = parser.parseStatementList(inBlock: false)
        return (RuleFile(statements: statements, gateways: parser.gateways, guards: parser.guards), parser.diagnostics)
    }

    private let source: [UInt8]

    private init(tokens: [Token], source: [UInt8]) {
        self.tokens = tokens
        self.source = source
    }

    // MARK: - Token vocabulary

    private var current: Token { tokens[position] }

    private func peek(_ offset: Int = 1) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    private func at(_ kind: Token.Kind) -> Bool { current.kind == kind }

    @discardableResult
    private mutating func consume() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Records an error; past `maximumErrors` the rest of the file is skipped (`Program` says so).
    private mutating func report(_ diagnostic: Diagnostic) {
        guard !stopped else { return }
        diagnostics.append(diagnostic)
        if diagnostics.count > Parser.maximumErrors {
            stopped = true
            position = tokens.count - 1
        }
    }

    private mutating func skipSeparators() {
        while at(.separator) { consume() }
    }

    private mutating func expect(_ kind: Token.Kind, _ message: @autoclosure () -> String) throws(Diagnostic) -> Token {
        guard at(kind) else { throw unexpected(message()) }
        return consume()
    }

    /// The error for the current token: its own lexical error if it is invalid, otherwise `message`
    /// followed by what was found instead.
    private mutating func unexpected(_ message: String) -> Diagnostic {
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
    /// word (`A-B=1` is allowed), or a quoted string without variables (`"MY VAR"=1`). A name holding `$`
    /// is refused: maildrop would take the `$` literally, which is never what was meant.
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

    private static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, !ASCII.isDigit(first) else { return false }
        return text.utf8.allSatisfy(Lexer.isNameByte)
    }

    /// Where error recovery stops skipping tokens.
    private enum Boundary {
        /// The end of the statement: a separator, or the '}' closing the enclosing block, which is left for
        /// the statement list. Lexical errors skipped on the way are reported: each is a mistake of its own.
        case statement
        /// Past the '}' closing the block being read (a gateway's or the guard's settings), so that it is not
        /// reported again as a stray one. Lexical errors skipped on the way go unreported.
        case blockEnd
    }

    /// Skips what is left of a construct after an error, up to `boundary` at this nesting level (blocks that
    /// open on the way are skipped whole): parsing resumes there, so one run reports every mistake in the file.
    private mutating func synchronize(to boundary: Boundary) {
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

    private mutating func nest() throws(Diagnostic) {
        depth += 1
        if depth > Parser.maximumNesting {
            throw Diagnostic("blocks and parentheses nest deeper than \(Parser.maximumNesting) levels",
                             at: current.location)
        }
    }

    /// Counts one more operator above the operand about to be parsed; the caller restores `chainDepth`.
    private mutating func chain() throws(Diagnostic) {
        chainDepth += 1
        if chainDepth > Parser.maximumChain {
            throw Diagnostic("expression nests more than \(Parser.maximumChain) operators deep; split it using variables",
                             at: current.location)
        }
    }

    // MARK: - Statements

    /// statement-list := { separator | statement separator }
    private mutating func parseStatementList(inBlock: Bool) -> [Statement] {
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

    /// statement := block | if-statement | while-statement | foreach-statement | exception-statement
    ///            | include-statement | variable-statement | delivery | log-statement | exit-statement
    ///            | gateway-declaration | guard-declaration | sms-statement | expression
    ///
    /// The keyword decides, as in maildrop, unless `=` follows it: `log = 1` assigns the variable `log`.
    /// Declarations give no statement; they are collected in `gateways` and `guards`.
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
        case .guard where peek().kind == .leftBrace || peek().kind == .separator: try parseGuard(topLevel: topLevel)
        case .sms: return try parseSMS()
        case .elsif, .else:
            throw Diagnostic("'\(keyword.rawValue)' without a preceding 'if'", at: current.location)
        case .xfilter, .system, .echo, .return, .dotlock, .flock:
            throw Diagnostic(Parser.refusal(of: keyword), at: current.location)
        case .guard, .text, .via, .balance, .lt, .le, .gt, .ge, .eq, .ne, .time, .length, .substr, .getaddr,
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

    /// expression-statement := expression
    ///
    /// Evaluated for its effect: assignments are expressions.
    private mutating func parseExpressionStatement() throws(Diagnostic) -> Statement {
        let location = current.location
        return Statement(kind: .expression(try parseExpression()), location: location)
    }

    /// block-statement := block
    private mutating func parseBlockStatement() throws(Diagnostic) -> Statement {
        let location = current.location
        return Statement(kind: .block(try parseBlock()), location: location)
    }

    /// block := '{' statement-list '}'
    private mutating func parseBlock() throws(Diagnostic) -> [Statement] {
        let open = try expect(.leftBrace, "expected '{'")
        try nest()
        defer { depth -= 1 }
        let statements = parseStatementList(inBlock: true)
        guard at(.rightBrace) else {
            throw Diagnostic("expected '}' to end the block that starts at line \(open.location.line), found \(Parser.describe(current))",
                             at: current.location)
        }
        consume()
        return statements
    }

    /// if-statement := 'if' condition { 'elsif' condition } [ 'else' branch ]
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

    /// while-statement := 'while' condition
    private mutating func parseWhile() throws(Diagnostic) -> Statement {
        let location = consume().location
        return Statement(kind: .loop(try parseCondition(after: .while)), location: location)
    }

    /// condition := '(' expression ')' branch
    private mutating func parseCondition(after keyword: Keyword) throws(Diagnostic) -> ConditionalBranch {
        let open = try expect(.leftParen, "expected '(' after '\(keyword.rawValue)'")
        let condition = try parseExpression()
        let close = try expect(.rightParen, "expected ')' to end the condition")
        let text = String(decoding: source[open.range.upperBound..<close.range.lowerBound], as: UTF8.self)
        return ConditionalBranch(condition: condition, source: text, body: try parseBranch(after: keyword))
    }

    /// foreach-statement := 'foreach' PATTERN branch | 'foreach' '(' expression ')' '=~' PATTERN branch
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

    /// branch := { separator } ( block | statement )
    private mutating func parseBranch(after keyword: Keyword) throws(Diagnostic) -> [Statement] {
        skipSeparators()
        if at(.leftBrace) { return try parseBlock() }
        if at(.endOfFile) || at(.rightBrace) {
            throw unexpected("expected a statement or '{' after '\(keyword.rawValue)'")
        }
        try nest()
        defer { depth -= 1 }
        return try parseStatement(topLevel: false).map { [$0] } ?? []
    }

    /// exception-statement := 'exception' { separator } block
    private mutating func parseException() throws(Diagnostic) -> Statement {
        let location = consume().location
        skipSeparators()
        return Statement(kind: .exception(try parseBlock()), location: location)
    }

    /// include-statement := 'include' expression
    private mutating func parseInclude() throws(Diagnostic) -> Statement {
        let location = consume().location
        return Statement(kind: .include(try parseExpression()), location: location)
    }

    /// variable-statement := ( 'import' | 'unset' ) NAME
    private mutating func parseVariableStatement() throws(Diagnostic) -> Statement {
        let keyword = consume()
        guard let name = Parser.variableName(current) else {
            throw unexpected("expected a variable name after '\(keyword.text)'")
        }
        consume()
        return Statement(kind: keyword.is(.import) ? .importVariable(name) : .unset(name), location: keyword.location)
    }

    /// delivery := ( 'to' | 'cc' ) expression
    ///
    /// Only to a Maildir: maildrop's `to "|program"` and `to "!address"` run a command.
    private mutating func parseDelivery() throws(Diagnostic) -> Statement {
        let keyword = consume()
        let target = try parseExpression()
        if case .text(let segments) = target.kind, case .literal(let first)? = segments.first,
           first.hasPrefix("|") || first.hasPrefix("!") {
            throw Diagnostic("'\(keyword.text)' to a program or an address runs a command, which mail2sms never does; deliver to a Maildir or use 'sms'",
                             at: target.location)
        }
        return Statement(kind: .deliver(target, copy: keyword.is(.cc)), location: keyword.location)
    }

    /// log-statement := ( 'log' | 'logfile' ) expression
    private mutating func parseLog() throws(Diagnostic) -> Statement {
        let keyword = consume()
        let value = try parseExpression()
        return Statement(kind: keyword.is(.log) ? .log(value) : .logfile(value), location: keyword.location)
    }

    /// exit-statement := 'exit'
    private mutating func parseExit() -> Statement {
        Statement(kind: .exit, location: consume().location)
    }

    /// gateway-declaration := 'gateway' NAME { separator } settings
    ///
    /// Only at the top level of the file: a gateway is declared once, not each time a block runs.
    private mutating func parseGateway(topLevel: Bool) throws(Diagnostic) {
        let location = consume().location
        guard at(.word), Parser.isName(current.text) else {
            throw unexpected("expected a gateway name after 'gateway'")
        }
        let name = consume().text
        skipSeparators()
        let settings = try parseSettings(of: "gateway \(name)")
        if !topLevel {
            throw Diagnostic("'gateway' must be declared at the top level of the file, not inside a block", at: location)
        }
        gateways.append(GatewayDeclaration(name: name, settings: settings, location: location))
    }

    /// guard-declaration := 'guard' { separator } settings
    private mutating func parseGuard(topLevel: Bool) throws(Diagnostic) {
        let location = consume().location
        skipSeparators()
        let settings = try parseSettings(of: "guard")
        if !topLevel {
            throw Diagnostic("'guard' must be declared at the top level of the file, not inside a block", at: location)
        }
        guards.append(GuardDeclaration(settings: settings, location: location))
    }

    /// A value in a setting line: a word, a string, or a `+` right before a word (`+48`).
    private var atSettingValue: Bool {
        at(.string) || at(.word) || (current.isOperator("+") && peek().kind == .word && !peek().hasLeadingBlank)
    }

    /// settings := '{' { separator | setting separator } '}'
    ///
    /// The `{ key value… }` lines of a `gateway` or `guard` block.
    private mutating func parseSettings(of owner: String) throws(Diagnostic) -> [GatewaySetting] {
        _ = try expect(.leftBrace, "expected '{' after '\(owner)'")
        var settings: [GatewaySetting] = []
        do throws(Diagnostic) {
            while true {
                skipSeparators()
                if at(.rightBrace) { break }
                settings.append(try parseSetting(of: owner))
            }
        } catch {
            synchronize(to: .blockEnd)
            throw error
        }
        consume()
        return settings
    }

    /// setting := KEY setting-value { setting-value }
    ///
    /// The values run to the end of the line.
    private mutating func parseSetting(of owner: String) throws(Diagnostic) -> GatewaySetting {
        guard at(.word) else { throw unexpected("expected a setting name or '}' in '\(owner)'") }
        let key = consume()
        guard atSettingValue else { throw unexpected("expected a value after '\(key.text)'") }
        var setting = GatewaySetting(key: key.text, values: [], location: key.location, valueLocations: [], quoted: [])
        while atSettingValue {
            setting.valueLocations.append(current.location)
            let (value, quoted) = try parseSettingValue()
            setting.values.append(value)
            setting.quoted.append(quoted)
        }
        if !at(.separator) && !at(.rightBrace) {
            throw unexpected("expected end of line after the value of '\(key.text)'")
        }
        return setting
    }

    /// setting-value := piece { touching piece }
    /// piece := WORD | STRING | '+' touching WORD
    ///
    /// Touching pieces join (`a"b"`, `+48`), as maildrop joins literals. Whether the value is one quoted string
    /// is kept: its text then starts a column after its location.
    private mutating func parseSettingValue() throws(Diagnostic) -> (value: String, quoted: Bool) {
        var parts = [consume()]
        while atSettingValue && !current.hasLeadingBlank { parts.append(consume()) }
        var value = ""
        for part in parts {
            if part.kind == .operator { value += part.text }
            for segment in part.segments {
                guard case .literal(let text) = segment else {
                    throw Diagnostic("gateway settings cannot use variables; write the value itself, in single quotes if it holds a '$'",
                                     at: parts[0].location)
                }
                value += text
            }
        }
        return (value, parts[0].kind == .string && parts.count == 1)
    }

    /// sms-statement := 'sms' { 'to' expression | 'text' expression | 'via' route }
    private mutating func parseSMS() throws(Diagnostic) -> Statement {
        let location = consume().location
        inSMS = true
        defer { inSMS = false }
        var number: Expression? = nil
        var text: Expression? = nil
        var route: GatewayRoute? = nil
        while !at(.separator) && !at(.endOfFile) && !at(.rightBrace) {
            let clause = current
            guard let keyword = clause.keyword, keyword == .to || keyword == .text || keyword == .via else {
                throw unexpected("expected 'to', 'text' or 'via' in 'sms'")
            }
            consume()
            switch keyword {
            case .to:
                if number != nil { throw Diagnostic("'sms' has more than one 'to'", at: clause.location) }
                number = try parseExpression()
            case .text:
                if text != nil { throw Diagnostic("'sms' has more than one 'text'", at: clause.location) }
                text = try parseExpression()
            default:
                if route != nil { throw Diagnostic("'sms' has more than one 'via'", at: clause.location) }
                route = try parseRoute(at: clause.location)
            }
        }
        guard let number else { throw Diagnostic("'sms' needs 'to' and a phone number", at: location) }
        guard let text else { throw Diagnostic("'sms' needs 'text' and the message to send", at: location) }
        let sms = SMSStatement(number: number, text: text, route: route ?? GatewayRoute(names: []), location: location)
        return Statement(kind: .sms(sms), location: location)
    }

    /// route := NAME { ',' NAME } | 'balance' '(' NAME { ',' NAME } ')'
    private mutating func parseRoute(at location: SourceLocation) throws(Diagnostic) -> GatewayRoute {
        var balanced = false
        if current.is(.balance) && peek().kind == .leftParen {
            consume()
            consume()
            balanced = true
        }
        var names: [String] = []
        while true {
            guard at(.word), Parser.isName(current.text) else { throw unexpected("expected a gateway name after 'via'") }
            let name = consume()
            if names.contains(name.text) {
                throw Diagnostic("gateway '\(name.text)' is named twice in 'via'", at: name.location)
            }
            names.append(name.text)
            guard current.isOperator(",") else { break }
            consume()
        }
        if balanced { _ = try expect(.rightParen, "expected ')' after the gateways of 'balance('") }
        return GatewayRoute(names: names, balanced: balanced, location: location)
    }

    // MARK: - Expressions

    /// expression := NAME '=' expression | or-expression
    private mutating func parseExpression() throws(Diagnostic) -> Expression {
        let outer = chainDepth
        defer { chainDepth = outer }
        if peek().isOperator("="), let name = Parser.variableName(current) {
            let location = consume().location
            consume()
            try chain()
            let value = try parseExpression()
            return Expression(kind: .assignment(name: name, value: value), location: location)
        }
        if at(.word), current.text.hasPrefix("$"), peek().isOperator("=") {
            let name = current.text.dropFirst().trimmingPrefix("{")
            throw Diagnostic("assign without '$': write '\(name.hasSuffix("}") ? name.dropLast() : name)=…'",
                             at: current.location)
        }
        return try parseOr()
    }

    /// or-expression := and-expression { '||' and-expression }
    private mutating func parseOr() throws(Diagnostic) -> Expression {
        let outer = chainDepth
        defer { chainDepth = outer }
        var left = try parseAnd()
        while current.isOperator("||") {
            consume()
            try chain()
            left = Expression(kind: .or(left, try parseAnd()), location: left.location)
        }
        return left
    }

    /// and-expression := comparison { '&&' comparison }
    private mutating func parseAnd() throws(Diagnostic) -> Expression {
        let outer = chainDepth
        defer { chainDepth = outer }
        var left = try parseComparison()
        while current.isOperator("&&") {
            consume()
            try chain()
            left = Expression(kind: .and(left, try parseComparison()), location: left.location)
        }
        return left
    }

    /// The comparison the current token is: an operator, or a keyword comparing strings. (It reads the
    /// token's fields where they are: a copy of the token would cost a retain and a release of each of them.)
    private func comparison() -> BinaryOperator? {
        switch current.kind {
        case .operator:
            switch current.text {
            case "<": return .less
            case "<=": return .lessOrEqual
            case ">": return .greater
            case ">=": return .greaterOrEqual
            case "==": return .equal
            case "!=": return .notEqual
            default: return nil
            }
        case .word:
            return current.keyword?.comparison
        default:
            return nil
        }
    }

    /// comparison := bit-or { ( '<' | '<=' | '>' | '>=' | '==' | '!=' | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' ) bit-or }
    private mutating func parseComparison() throws(Diagnostic) -> Expression {
        let outer = chainDepth
        defer { chainDepth = outer }
        var left = try parseArithmetic()
        while let op = comparison() {
            consume()
            try chain()
            left = Expression(kind: .binary(op, left, try parseArithmetic()), location: left.location)
        }
        return left
    }

    /// The arithmetic levels, lowest precedence first:
    ///
    ///     bit-or         := bit-and { '|' bit-and }
    ///     bit-and        := additive { '&' additive }
    ///     additive       := multiplicative { ( '+' | '-' ) multiplicative }
    ///     multiplicative := match { ( '*' | '/' ) match }
    private static let arithmeticLevels = 4

    /// The operator of arithmetic level `level` (0 to `arithmeticLevels - 1`) the current token is.
    private func arithmeticOperator(level: Int) -> BinaryOperator? {
        guard current.kind == .operator else { return nil }
        switch (level, current.text) {
        case (0, "|"): return .bitOr
        case (1, "&"): return .bitAnd
        case (2, "+"): return .add
        case (2, "-"): return .subtract
        case (3, "*"): return .multiply
        case (3, "/"): return .divide
        default: return nil
        }
    }

    /// One arithmetic level, left-associative; below the last comes `match`.
    private mutating func parseArithmetic(level: Int = 0) throws(Diagnostic) -> Expression {
        guard level < Parser.arithmeticLevels else { return try parseMatch() }
        let outer = chainDepth
        defer { chainDepth = outer }
        var left = try parseArithmetic(level: level + 1)
        while let op = arithmeticOperator(level: level) {
            consume()
            try chain()
            left = Expression(kind: .binary(op, left, try parseArithmetic(level: level + 1)), location: left.location)
        }
        return left
    }

    /// match := unary { '=~' PATTERN }
    private mutating func parseMatch() throws(Diagnostic) -> Expression {
        let outer = chainDepth
        defer { chainDepth = outer }
        var left = try parseUnary()
        while current.isOperator("=~") {
            consume()
            try chain()
            guard at(.pattern) else { throw unexpected("expected a pattern after '=~'") }
            left = Expression(kind: .match(left, makePattern(consume())), location: left.location)
        }
        return left
    }

    /// unary := '!' unary | '-' unary | '~' unary | primary
    private mutating func parseUnary() throws(Diagnostic) -> Expression {
        let location = current.location
        if current.isOperator("!") || current.isOperator("-") || current.isOperator("~") {
            let op = consume().text
            try nest()
            defer { depth -= 1 }
            let operand = try parseUnary()
            let kind: Expression.Kind = op == "!" ? .not(operand) : op == "-" ? .negate(operand) : .complement(operand)
            return Expression(kind: kind, location: location)
        }
        return try parsePrimary()
    }

    /// primary := PATTERN | parenthesized | call | element-call | 'time' | text
    ///
    /// A word is a function by what follows it: `f(` is a call (maildrop's own functions also take a blank
    /// before the parenthesis: `substr ($S, 1)`), a one-argument function before an operand takes it without
    /// parentheses, and `time` is a call by itself (`NOW=time`).
    private mutating func parsePrimary() throws(Diagnostic) -> Expression {
        switch current.kind {
        case .pattern:
            let token = consume()
            return Expression(kind: .pattern(makePattern(token)), location: token.location)
        case .leftParen:
            return try parseParenthesized()
        case .word:
            let function = current.keyword?.function
            let parenthesis = peek().kind == .leftParen
            if function == .time && !(parenthesis && !peek().hasLeadingBlank) {
                return Expression(kind: .call(.time, []), location: consume().location)
            }
            if parenthesis && (function != nil || (!peek().hasLeadingBlank && Parser.isName(current.text))) {
                return try parseCall()
            }
            if let function = current.keyword?.elementFunction, startsOperand(peek()) {
                return try parseElementCall(function)
            }
            return parseText()
        case .string:
            return parseText()
        default:
            throw unexpected("expected an expression")
        }
    }

    /// parenthesized := '(' expression ')'
    private mutating func parseParenthesized() throws(Diagnostic) -> Expression {
        let open = consume().location
        try nest()
        defer { depth -= 1 }
        let inner = try parseExpression()
        _ = try expect(.rightParen, "expected ')' to match the '(' at line \(open.line), column \(open.column)")
        return inner
    }

    /// element-call := FUNCTION unary
    ///
    /// maildrop's one-argument functions also take their argument without parentheses: `length $S + 1` is
    /// `length($S) + 1`.
    private mutating func parseElementCall(_ function: Function) throws(Diagnostic) -> Expression {
        let location = consume().location
        try nest()
        defer { depth -= 1 }
        let argument = try parseUnary()
        return Expression(kind: .call(function, [argument]), location: location)
    }

    /// text := ( WORD | STRING ) { joined ( WORD | STRING ) }
    private mutating func parseText() -> Expression {
        let first = consume()
        var segments = first.segments
        while continuesString(current) {
            segments += consume().segments
        }
        return Expression(kind: .text(segments), location: first.location)
    }

    /// Whether `token` joins the string before it. maildrop joins every run of literals, blanks or not
    /// (`"a" 'b' $X` is one string), except keywords.
    private func continuesString(_ token: Token) -> Bool {
        switch token.kind {
        case .string:
            return true
        case .word:
            if token.keyword?.isReserved == true { return false }
            // `sms` is ours: there a blank ends a string of words, so a misspelt `vai` is reported.
            return !(inSMS && token.hasLeadingBlank)
        default:
            return false
        }
    }

    /// Whether `token` can begin the operand of a function written without parentheses.
    private func startsOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .word: return token.keyword.map { !$0.isReserved || $0.function != nil } ?? true
        case .string, .pattern, .leftParen: return true
        case .operator: return token.text == "!" || token.text == "~"
        default: return false
        }
    }

    /// call := FUNCTION '(' [ expression { ',' expression } ] ')'
    private mutating func parseCall() throws(Diagnostic) -> Expression {
        let name = consume()
        guard let function = name.keyword?.function else {
            throw Diagnostic("unknown function '\(name.text)'", at: name.location)
        }
        consume()
        try nest()
        defer { depth -= 1 }
        var arguments: [Expression] = []
        if !at(.rightParen) {
            arguments.append(try parseExpression())
            while current.isOperator(",") {
                consume()
                arguments.append(try parseExpression())
            }
        }
        _ = try expect(.rightParen, "expected ')' to end the arguments of '\(name.text)'")
        guard function.arity.contains(arguments.count) else {
            throw Diagnostic("'\(name.text)' takes \(function.arity.lowerBound == function.arity.upperBound ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) or \(function.arity.upperBound)") argument(s), not \(arguments.count)",
                             at: name.location)
        }
        return Expression(kind: .call(function, arguments), location: name.location)
    }

    private mutating func makePattern(_ token: Token) -> Pattern {
        defer { patternCount += 1 }
        return Pattern(segments: token.segments, options: PatternOptions(letters: token.options),
                       location: token.location, index: patternCount)
    }
}
