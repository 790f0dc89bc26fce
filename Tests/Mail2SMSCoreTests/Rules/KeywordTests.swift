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

    @Test func theLexerTagsWordsOnly() {
        let tokens = Lexer.tokenize(Array(#"if "if" 'log' log X logfile"#.utf8), file: "t.conf")
        #expect(tokens.map(\.keyword) == [.if, nil, nil, .log, nil, .logfile, nil])
    }
}
