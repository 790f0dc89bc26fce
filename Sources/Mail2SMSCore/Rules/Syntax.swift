/// The syntax tree of a rules file. Every node keeps the location of its first token, so run-time events
/// (a failing `sms`, a regex hitting its limit) can name their line.

/// A whole rules file: its statements in order, and its gateway declarations by name.
public struct RuleFile: Sendable {
    public var statements: [Statement]
    public var gateways: [GatewayDeclaration]
}

public struct Statement: Sendable {
    public indirect enum Kind: Sendable {
        /// An expression evaluated for its effect; assignments are expressions.
        case expression(Expression)
        /// `if (c) … elsif (c) … else …`: the first true condition's branch runs.
        case conditional(branches: [(condition: Expression, body: [Statement])], otherwise: [Statement]?)
        case block([Statement])
        /// `log expr`: append to the current log file.
        case log(Expression)
        /// `logfile expr`: open (append, 0600) the file that `log` and SMS records go to.
        case logfile(Expression)
        /// `exit`: stop; the status comes from `$EXITCODE`.
        case exit
        /// `sms to … text … via …`: record an SMS to send after the rules have run.
        case sms(SMSStatement)
    }

    public var kind: Kind
    public var location: SourceLocation
}

public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        /// A string: adjacent quoted strings and words, with `$VAR` references substituted at run time.
        case text([StringSegment])
        /// `/re/:opts` matched against the message; evaluates to "1" or "0".
        case pattern(Pattern)
        /// `expr =~ /re/:opts`: matched against a string.
        case match(Expression, Pattern)
        case not(Expression)
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case assignment(name: String, value: Expression)
        case call(Function, [Expression])
    }

    public var kind: Kind
    public var location: SourceLocation
}

/// Binary operators with maildrop's meanings: numeric (`+ - * / < == …`, via C `atof`) or byte-wise
/// string comparisons (`lt le gt ge eq ne`).
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case bitOr = "|", bitAnd = "&"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    case stringLess = "lt", stringLessOrEqual = "le", stringGreater = "gt", stringGreaterOrEqual = "ge"
    case stringEqual = "eq", stringNotEqual = "ne"
}

/// Built-in functions.
public enum Function: String, Sendable, CaseIterable {
    case length, substr, tolower, toupper, escape

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .substr: return 2...3
        default: return 1...1
        }
    }
}

/// A pattern literal. `index` numbers the pattern in its file; the compiled program keeps the regex of each
/// constant pattern under that number.
public struct Pattern: Sendable {
    public var segments: [StringSegment]
    public var options: PatternOptions
    public var location: SourceLocation
    public var index: Int

    /// The regex text when it holds no `$VAR`, i.e. it can be compiled once, before the message is read.
    public var constantSource: String? {
        var text = ""
        for segment in segments {
            guard case .literal(let literal) = segment else { return nil }
            text += literal
        }
        return text
    }
}

/// What a pattern's `:options` say.
public struct PatternOptions: Equatable, Sendable {
    /// `h`: search the header lines.
    public var headers: Bool
    /// `b`: search the body lines.
    public var body: Bool
    /// `D`: case-sensitive (maildrop patterns are caseless otherwise).
    public var caseSensitive: Bool

    /// Reads maildrop's option letters: `h`, `b`, `D`; `w` alone means header and body; neither `h` nor `b`
    /// means headers only; unknown letters are ignored, as maildrop does.
    public init(letters: String) {
        let letters = letters.prefix { $0 != "," }
        headers = letters.contains("h")
        body = letters.contains("b")
        caseSensitive = letters.contains("D")
        if !headers && !body {
            if letters.contains("w") { body = true }
            headers = true
        }
    }
}

/// `sms to EXPR text EXPR [via NAME]`.
public struct SMSStatement: Sendable {
    public var number: Expression
    public var text: Expression
    /// The gateway's name, resolved when the file is compiled.
    public var gateway: String
    public var location: SourceLocation
}

/// `gateway NAME { key value … }`.
public struct GatewayDeclaration: Sendable {
    public var name: String
    public var settings: [(key: String, value: String, location: SourceLocation)]
    public var location: SourceLocation
}
