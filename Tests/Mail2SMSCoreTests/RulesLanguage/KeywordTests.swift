import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The keyword table: its lookup finds every keyword by its spelling and nothing else, and the lexer tags words
/// (never strings) with what they spell.
@Suite struct KeywordTests {
    /// The lookup is a hand-written switch: a keyword left out of it would never be recognized.
    @Test(arguments: Keyword.allCases)
    func everyKeywordIsFoundByItsSpelling(keyword: Keyword) {
        #expect(Keyword(keyword.rawValue) == keyword)
    }

    @Test(arguments: ["", "i", "If", "IF", "iff", "logs", "lo", "$if", "/if", "if-x", "gdbmstores", "kannel", "url",
                      "exceptio", "ż"])
    func otherWordsAreNoKeyword(word: String) {
        #expect(Keyword(word) == nil)
    }

    @Test(arguments: Function.allCases)
    func everyFunctionIsNamedByItsKeyword(function: Function) {
        #expect(function.keyword.function == function)
        #expect(Function(rawValue: function.rawValue) == function)
    }

    /// The lists derived from the table, as maildrop has them (and as the lexer and parser spelled them out
    /// before the table).
    @Test func derivedListsAreMaildrops() {
        #expect(Set(Keyword.allCases.filter(\.isReserved).map(\.rawValue)) == [
            "lt", "le", "gt", "ge", "eq", "ne", "to", "cc", "if", "elsif", "else", "while", "exception", "echo",
            "xfilter", "system", "dotlock", "flock", "logfile", "log", "include", "exit", "foreach", "import",
            "unset", "time", "length", "substr", "getaddr", "lookup", "escape", "tolower", "toupper", "hasaddr",
            "gdbmopen", "gdbmclose", "gdbmfetch", "gdbmstore",
        ])
        #expect(Set(Keyword.allCases.filter(\.precedesOperand).map(\.rawValue)) == [
            "if", "elsif", "while", "foreach", "log", "logfile", "echo", "exit", "include", "xfilter", "system",
            "import", "unset", "exception", "text", "else", "return",
        ])
        #expect(Set(Keyword.allCases.filter(\.precedesPath).map(\.rawValue)) == ["to", "cc"])
        #expect(Set(Keyword.allCases.compactMap(\.elementFunction).map(\.rawValue)) == [
            "length", "getaddr", "escape", "tolower", "toupper", "hasaddr",
        ])
        #expect(Set(Keyword.allCases.compactMap(\.function)) == Set(Function.allCases))
        #expect(Set(Keyword.allCases.compactMap(\.comparison).map(\.rawValue)) == ["lt", "le", "gt", "ge", "eq", "ne"])
    }

    /// Each refused maildrop statement is one error, worded by the parser's table.
    static let refusals: [(source: String, message: String)] = [
        (#"xfilter "wget x""#, "'xfilter' runs a shell command, which mail2sms never does; use 'sms' to send"),
        (#"system "rm x""#, "'system' runs a shell command, which mail2sms never does; use 'sms' to send"),
        (#"echo "x""#, "'echo' writes to standard output, which Postfix mails back in bounces; use 'log'"),
        ("return", "'return' is not supported by mail2sms"),
        ("dotlock \"x.lock\" {\n    log \"x\"\n}", "'dotlock' is not supported by mail2sms"),
        ("flock \"x\" {\n    log \"x\"\n}", "'flock' is not supported by mail2sms"),
    ]

    @Test(arguments: refusals)
    func refusedStatementsAreOneErrorEach(source: String, message: String) {
        let (_, diagnostics) = Parser.parse(Array(source.utf8), file: "t.conf")
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test func theLexerTagsWordsOnly() {
        let tokens = Lexer.tokenize(Array(#"if "if" 'log' log X logfile"#.utf8), file: "t.conf")
        #expect(tokens.map(\.keyword) == [.if, nil, nil, .log, nil, .logfile, nil])
    }
}
