import Glibc
import Platform

/// The syntax tree of a rules file.
///
/// Every node keeps the location of its first token, so run-time events (a failing `sms`, a regex hitting its
/// limit) can name their line.

/// A whole rules file: its statements in order, and its gateway declarations by name.
package struct RuleFile: Sendable {
    package var statements: [Statement]
    package var gateways: [GatewayDeclaration]
    /// `guard { … }` blocks (at most one is allowed; the program checks).
    package var guards: [GuardDeclaration] = []
    /// `syslog WORD` declarations (at most one is allowed; the program checks).
    package var syslogs: [SyslogDeclaration] = []
    /// `journal { … }` blocks (at most one is allowed; the program checks).
    package var journals: [JournalDeclaration] = []
}

/// `journal { key value … }`: where the journal is kept when not in the state directory's SQLite file (a
/// PostgreSQL database shared by several relays).
package struct JournalDeclaration: Sendable {
    package var settings: [GatewaySetting]
    package var location: SourceLocation
}

/// `syslog WORD`: whether mail2sms's records also go to syslog, and with which facility.
///
/// The word is checked when the file is compiled (`SyslogSetting`), so `--check` reports a misspelt facility.
package struct SyslogDeclaration: Sendable {
    package var value: String
    package var location: SourceLocation
    /// Where the value starts (a quoted value: at its opening quote).
    package var valueLocation: SourceLocation
}

/// `guard { key value … }`: who may trigger SMS, to which numbers, how many.
package struct GuardDeclaration: Sendable {
    package var settings: [GatewaySetting]
    package var location: SourceLocation
}

package struct Statement: Sendable {
    package indirect enum Kind: Sendable {
        /// An expression evaluated for its effect; assignments are expressions.
        case expression(Expression)
        /// `if (c) … elsif (c) … else …`: the first true condition's branch runs.
        case conditional(branches: [ConditionalBranch], otherwise: [Statement]?)
        /// `while (c) …`: runs the body while the condition holds.
        case loop(ConditionalBranch)
        /// `foreach /re/:opts …` (once per matching line) or `foreach (expr) =~ /re/:opts …` (once per
        /// occurrence in the string); only `MATCH` is set per iteration.
        case foreach(Expression, body: [Statement])
        case block([Statement])
        /// `include expr`: read, compile and run another rules file when reached.
        case include(Expression)
        /// `exception { … }`: a fatal error inside ends the block, not the run.
        case exception([Statement])
        /// `import NAME`: the variable takes the value of the environment variable.
        case importVariable(String)
        /// `unset NAME`.
        case unset(String)
        /// `to expr` (deliver, then stop) and `cc expr` (deliver a copy, continue): Maildir directories only.
        case deliver(Expression, copy: Bool)
        /// `log expr`: append to the current log file.
        case log(Expression)
        /// `logfile expr`: open (append, 0600) the file that `log` and SMS records go to.
        case logfile(Expression)
        /// `exit`: stop; the status comes from `$EXITCODE`.
        case exit
        /// `sms to … text … via …`: record an SMS to send after the rules have run.
        case sms(SMSStatement)
    }

    package var kind: Kind
    package var location: SourceLocation
}

/// A condition with its source text (for `--dry-run` traces) and what runs when it holds.
package struct ConditionalBranch: Sendable {
    package var condition: Expression
    /// The condition as written, between its parentheses.
    package var source: String
    package var body: [Statement]
}

package struct Expression: Sendable {
    package indirect enum Kind: Sendable {
        /// A string: adjacent quoted strings and words, with `$VAR` references substituted at run time.
        case text([StringSegment])
        /// `/re/:opts` matched against the message; evaluates to "1" or "0".
        case pattern(Pattern)
        /// `expr =~ /re/:opts`: matched against a string.
        case match(Expression, Pattern)
        case not(Expression)
        case negate(Expression)
        /// `~`: bitwise complement of the value read as a C long (atol).
        case complement(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case assignment(name: String, value: Expression)
        case call(Function, [Expression])
    }

    package var kind: Kind
    package var location: SourceLocation
}

/// Binary operators with maildrop's meanings: numeric (`+ - * / < == …`, via C `atof`) or byte-wise
/// string comparisons (`lt le gt ge eq ne`).
package enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case bitOr = "|"
    case bitAnd = "&"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case stringLess = "lt"
    case stringLessOrEqual = "le"
    case stringGreater = "gt"
    case stringGreaterOrEqual = "ge"
    case stringEqual = "eq"
    case stringNotEqual = "ne"
}

/// Built-in functions, each named by its keyword (`Keyword.function`).
package enum Function: RawRepresentable, Sendable, CaseIterable {
    case length, substr, tolower, toupper, escape, getaddr, hasaddr, lookup, time

    /// The function called `name`.
    package init?(rawValue name: String) {
        guard let function = Keyword(name)?.function else { return nil }
        self = function
    }

    /// The function's name, as written in rules: its keyword's spelling.
    package var rawValue: String { keyword.rawValue }

    /// The keyword that names the function.
    var keyword: Keyword {
        switch self {
        case .length: .length
        case .substr: .substr
        case .tolower: .tolower
        case .toupper: .toupper
        case .escape: .escape
        case .getaddr: .getaddr
        case .hasaddr: .hasaddr
        case .lookup: .lookup
        case .time: .time
        }
    }

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .substr, .lookup: return 2...3
        case .time: return 0...0
        default: return 1...1
        }
    }
}

/// A pattern literal.
///
/// `index` numbers the pattern in its file; the compiled program keeps the regex of each constant pattern
/// under that number.
package struct Pattern: Sendable {
    package var segments: [StringSegment]
    package var options: PatternOptions
    package var location: SourceLocation
    package var index: Int

    /// The regex text when it holds no `$VAR`, so that it can be compiled once, before the message is read.
    package var constantSource: String? {
        var text = ""
        for segment in segments {
            guard case .literal(let literal) = segment else { return nil }
            text += literal
        }
        return text
    }
}

/// What a pattern's `:options` say.
package struct PatternOptions: Sendable {
    /// `h`: search the header lines.
    package var headers: Bool
    /// `b`: search the body lines.
    package var body: Bool
    /// `D`: case-sensitive (maildrop patterns are caseless otherwise).
    package var caseSensitive: Bool
    /// `:opts,W1,W2`: weighted scoring; the first matching line counts W1, each next one the previous
    /// weight times W2 (default 1), and the pattern's value is the sum.
    package var weights: (first: Double, factor: Double)?

    /// Reads maildrop's options: `h`, `b`, `D`; `w` alone means header and body; neither `h` nor `b` means
    /// headers only; unknown letters are ignored.
    ///
    /// As in maildrop (`Search::init`), the first digit, `.`, `-` or `+` starts the weights: W1, then after
    /// the next `,` an optional W2 (default 1), so `:b,2,0.5`, `:b2,0.5` and `:2` all weigh.
    package init(letters: String) {
        let bytes = Array(letters.utf8)
        let startsNumber: (UInt8) -> Bool = {
            ASCII.isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+")
        }
        if let start = bytes.firstIndex(where: startsNumber) {
            let first = atof(String(decoding: bytes[start...], as: UTF8.self))
            var factor = 1.0
            if let comma = bytes[start...].firstIndex(of: UInt8(ascii: ",")), comma + 1 < bytes.count,
                startsNumber(bytes[comma + 1])
            {
                factor = atof(String(decoding: bytes[(comma + 1)...], as: UTF8.self))
            }
            weights = (first, factor)
        }
        headers = letters.contains("h")
        body = letters.contains("b")
        caseSensitive = letters.contains("D")
        if !headers && !body {
            if letters.contains("w") { body = true }
            headers = true
        }
    }
}

/// `sms to EXPR text EXPR [via ROUTE]`.
package struct SMSStatement: Sendable {
    package var number: Expression
    package var text: Expression
    /// The gateways to try, resolved when the file is compiled (empty until then when `via` is left out).
    package var route: GatewayRoute
    package var location: SourceLocation
}

/// `via a`, `via a, b` (try `a`, then `b` if `a` failed temporarily) or `via balance(a, b)` (start at a
/// random member, then go round).
package struct GatewayRoute: Equatable, Sendable {
    package var names: [String]
    package var balanced: Bool
    package var location: SourceLocation?

    package init(names: [String], balanced: Bool = false, location: SourceLocation? = nil) {
        self.names = names
        self.balanced = balanced
        self.location = location
    }
}

/// `gateway NAME { key value … }`.
package struct GatewayDeclaration: Sendable {
    package var name: String
    package var settings: [GatewaySetting]
    package var location: SourceLocation
}

/// One `key value…` line of a `gateway` block: the words and strings after the key, each unquoted.
package struct GatewaySetting: Sendable {
    package var key: String
    package var values: [String]
    package var location: SourceLocation
    /// Where each value starts (a quoted value: at its opening quote).
    package var valueLocations: [SourceLocation]
    /// Whether each value was quoted (its text starts one column after its location).
    package var quoted: [Bool]

    /// All values joined by one blank: what most keys take.
    package var value: String { values.joined(separator: " ") }
}
