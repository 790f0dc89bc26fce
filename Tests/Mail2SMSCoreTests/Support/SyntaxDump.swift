@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// One-line renderings of tokens and syntax trees, so lexer and parser tests are tables of strings.

/// Tokens as short strings: `word:7-10`, `string:a⟨X⟩`, `pattern:^a$ :hb`, `op:==`, `;`, `(`, `invalid:…`.
/// Segments print literals as they are and variables as `⟨NAME⟩`, so `"\$X"` (a literal) and `"$X"`
/// (a variable) look different.
func dump(_ tokens: [Token]) -> [String] {
    tokens.compactMap { token in
        let segments = dump(token.segments)
        switch token.kind {
        case .word: return "word:\(segments)"
        case .string: return "string:\(segments)"
        case .pattern: return "pattern:\(segments)" + (token.options.isEmpty ? "" : " :\(token.options)")
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .separator: return ";"
        case .operator: return "op:\(token.text)"
        case .invalid: return "invalid:\(token.text)"
        case .endOfFile: return nil
        }
    }
}

func dump(_ segments: [StringSegment]) -> String {
    segments.map { segment in
        switch segment {
        case .literal(let text): return text
        case .variable(let name): return "⟨\(name)⟩"
        }
    }.joined()
}

/// The syntax tree as one line: `if(/a/h){log("x")}else{exit}`, `(X = ("1" + "2"))`. Texts are quoted
/// with variables as `⟨NAME⟩`; patterns show their search letters (`h`, `b`, `D`).
func dump(_ statements: [Statement]) -> String {
    statements.map(dump).joined(separator: ";")
}

func dump(_ statement: Statement) -> String {
    switch statement.kind {
    case .expression(let e): return dump(e)
    case .conditional(let branches, let otherwise):
        var text = branches.enumerated().map { i, branch in
            "\(i == 0 ? "if" : "elsif")(\(dump(branch.condition))){\(dump(branch.body))}"
        }.joined()
        if let otherwise { text += "else{\(dump(otherwise))}" }
        return text
    case .loop(let branch): return "while(\(dump(branch.condition))){\(dump(branch.body))}"
    case .foreach(let e, let body): return "foreach(\(dump(e))){\(dump(body))}"
    case .include(let e): return "include(\(dump(e)))"
    case .exception(let body): return "exception{\(dump(body))}"
    case .importVariable(let name): return "import(\(name))"
    case .unset(let name): return "unset(\(name))"
    case .deliver(let e, let copy): return "\(copy ? "cc" : "to")(\(dump(e)))"
    case .block(let body): return "{\(dump(body))}"
    case .log(let e): return "log(\(dump(e)))"
    case .logfile(let e): return "logfile(\(dump(e)))"
    case .exit: return "exit"
    case .sms(let sms):
        return "sms(to: \(dump(sms.number)), text: \(dump(sms.text)), via: \(sms.route.balanced ? "balance(" : "")\(sms.route.names.joined(separator: ", "))\(sms.route.balanced ? ")" : ""))"
    }
}

func dump(_ expression: RulesLanguage.Expression) -> String {
    switch expression.kind {
    case .text(let segments): return "\"\(dump(segments))\""
    case .pattern(let p): return dump(p)
    case .match(let e, let p): return "(\(dump(e)) =~ \(dump(p)))"
    case .not(let e): return "!\(dump(e))"
    case .negate(let e): return "-\(dump(e))"
    case .complement(let e): return "~\(dump(e))"
    case .binary(let op, let a, let b): return "(\(dump(a)) \(op.rawValue) \(dump(b)))"
    case .and(let a, let b): return "(\(dump(a)) && \(dump(b)))"
    case .or(let a, let b): return "(\(dump(a)) || \(dump(b)))"
    case .assignment(let name, let e): return "(\(name) = \(dump(e)))"
    case .call(let f, let arguments): return "\(f.rawValue)(\(arguments.map(dump).joined(separator: ", ")))"
    }
}

func dump(_ pattern: Pattern) -> String {
    let o = pattern.options
    return "/\(dump(pattern.segments))/" + (o.headers ? "h" : "") + (o.body ? "b" : "") + (o.caseSensitive ? "D" : "")
}
