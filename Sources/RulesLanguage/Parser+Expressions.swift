/// Expressions, by precedence from the lowest: assignment, `||`, `&&`, comparisons, the arithmetic levels,
/// `=~`, the unary operators, and the primaries.
extension Parser {
    /// Parses `expression`.
    ///
    ///     expression := NAME '=' expression | or-expression
    mutating func parseExpression() throws(Diagnostic) -> Expression {
        let outer = chainDepth
        defer { chainDepth = outer }
        if peek().isOperator("="), let name = Parser.variableName(current) {
            let location = consume().location
            consume()
            try chain()
            let value = try parseExpression()
            return Expression(kind: .assignment(name: name, value: value), location: location)
        }
        if at(.word), current.text.hasPrefix("$"), peek().isOperator("="),
            case let name = Parser.braced(current.text.dropFirst()), !name.isEmpty, !name.contains("$")
        {
            // maildrop takes `$Q=1` as an assignment to a variable literally named `$Q`, which no `$…` can
            // read: nothing visible changes, but the value is evaluated. So here.
            let location = consume().location
            consume()
            try chain()
            report(
                Diagnostic(
                    "'$\(name)=' sets a variable named '$\(name)', which nothing can read (maildrop does the same); "
                        + "write '\(name)=…' to set \(name)",
                    at: location, severity: .warning))
            if at(.invalid), current.text == Lexer.backquotes {
                // Its output would go where nothing reads it: without the command, nothing changes.
                report(
                    Diagnostic(
                        "the command in backquotes is not run (mail2sms never runs one), and '$\(name)' stays empty",
                        at: consume().location, severity: .warning))
                return Expression(
                    kind: .assignment(name: "$" + name, value: Expression(kind: .text([]), location: location)),
                    location: location)
            }
            let value = try parseExpression()
            return Expression(kind: .assignment(name: "$" + name, value: value), location: location)
        }
        return try parseOr()
    }

    /// Parses `or-expression`.
    ///
    ///     or-expression := and-expression { '||' and-expression }
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

    /// Parses `and-expression`.
    ///
    ///     and-expression := comparison { '&&' comparison }
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

    /// The comparison the current token is: an operator, or a keyword comparing strings.
    ///
    /// (It reads the token's fields where they are: a copy of the token would cost a retain and a release of
    /// each of them.)
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

    /// Parses `comparison`.
    ///
    ///     comparison := bit-or { ( '<' | '<=' | '>' | '>=' | '==' | '!=' | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' ) bit-or }
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

    /// The arithmetic levels, lowest precedence first.
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

    /// Parses `match`.
    ///
    ///     match := unary { '=~' PATTERN }
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

    /// Parses `unary`.
    ///
    ///     unary := '!' unary | '-' unary | '~' unary | primary
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

    /// Parses `primary`.
    ///
    ///     primary := PATTERN | parenthesized | call | element-call | 'time' | text
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

    /// Parses `parenthesized`.
    ///
    ///     parenthesized := '(' expression ')'
    private mutating func parseParenthesized() throws(Diagnostic) -> Expression {
        let open = consume().location
        try nest()
        defer { depth -= 1 }
        let inner = try parseExpression()
        _ = try expect(.rightParen, "expected ')' to match the '(' at line \(open.line), column \(open.column)")
        return inner
    }

    /// Parses `element-call`.
    ///
    ///     element-call := FUNCTION unary
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

    /// Parses `text`.
    ///
    ///     text := ( WORD | STRING ) { joined ( WORD | STRING ) }
    private mutating func parseText() -> Expression {
        let first = consume()
        var segments = first.segments
        while continuesString(current) {
            segments += consume().segments
        }
        return Expression(kind: .text(segments), location: first.location)
    }

    /// Whether `token` joins the string before it.
    ///
    /// maildrop joins every run of literals, blanks or not
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

    /// Parses `call`.
    ///
    ///     call := FUNCTION '(' [ expression { ',' expression } ] ')'
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
            throw Diagnostic(
                "'\(name.text)' takes \(function.arity.lowerBound == function.arity.upperBound ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) or \(function.arity.upperBound)") argument(s), not \(arguments.count)",
                at: name.location)
        }
        return Expression(kind: .call(function, arguments), location: name.location)
    }

    private mutating func makePattern(_ token: Token) -> Pattern {
        defer { patternCount += 1 }
        return Pattern(
            segments: token.segments, options: PatternOptions(letters: token.options),
            location: token.location, index: patternCount)
    }

    /// `{NAME}` → `NAME`; anything else as it is.
    static func braced(_ text: Substring) -> String {
        text.hasPrefix("{") && text.hasSuffix("}") ? String(text.dropFirst().dropLast()) : String(text)
    }
}
