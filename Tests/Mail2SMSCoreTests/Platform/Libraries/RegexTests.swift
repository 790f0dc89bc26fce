import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The PCRE2 wrapper: UTF-8, caseless unless asked, groups and names, PCRE2's own compile errors.
@Suite struct RegexTests {
    static func groups(_ pattern: String, _ subject: String, caseSensitive: Bool = false) throws -> [String?]? {
        guard case .match(let match) = try Regex(pattern, caseSensitive: caseSensitive).firstMatch(in: subject) else { return nil }
        return match.groups
    }

    @Test func caselessByDefaultAlsoBeyondASCII() throws {
        #expect(try Self.groups("ŻÓŁW", "żółw") == ["żółw"])
        #expect(try Self.groups("abc", "ABC", caseSensitive: true) == nil)
    }

    @Test func groupsThatDidNotTakePartAreNil() throws {
        #expect(try Self.groups("(a)|(b)", "b") == ["b", nil, "b"])
    }

    @Test func utf8CharactersAreOneCharacter() throws {
        #expect(try Self.groups("^.$", "ż") == ["ż"])
    }

    @Test func namedGroupsAreListed() throws {
        let regex = try Regex("(?<USER>\\w+):(?<PASS>\\w+)", caseSensitive: false)
        #expect(regex.namedGroups.map(\.name).sorted() == ["PASS", "USER"])
        #expect(regex.namedGroups.first { $0.name == "PASS" }?.number == 2)
    }

    static let compileErrors: [(pattern: String, message: String, offset: Int)] = [
        ("(", "missing closing parenthesis", 1),
        ("a)", "unmatched closing parenthesis", 1),
        ("[a-", "missing terminating ] for character class", 3),
        ("x{2,1}", "numbers out of order in {} quantifier", 5),
    ]

    @Test(arguments: compileErrors)
    func compileErrorsKeepPCRE2sWords(pattern: String, message: String, offset: Int) {
        #expect(throws: Regex.CompileError(message: message, offset: offset)) {
            _ = try Regex(pattern, caseSensitive: false)
        }
    }

    @Test(.hangLimit)
    func matchLimitEndsCatastrophicBacktracking() throws {
        let regex = try Regex("^(a+)+$", caseSensitive: true)
        guard case .failed(let reason) = regex.firstMatch(in: String(repeating: "a", count: 40) + "!") else {
            Issue.record("expected the match limit to stop the search")
            return
        }
        #expect(reason.contains("limit"))
    }
}

/// The literal-prefix check that spares PCRE2 calls must never change an answer: each case is matched
/// with the check and compared with PCRE2 alone.
@Suite struct RegexLiteralPrefixTests {
    static let prefixes: [(pattern: String, prefix: String)] = [
        ("^Subject:.*Rule5", "Subject:"),
        ("^Username:\\s*(\\S+)", "Username:"),
        ("^To: x?", "To: "),
        ("^ab*c", "a"),
        ("^ab+c", "ab"),
        ("^a{2}", ""),
        ("^Subject|^From", ""),
        ("Subject:", ""),
        ("^(Subject):", ""),
        ("^[Ss]ubject", ""),
        ("^ż", ""),
    ]

    @Test(arguments: prefixes)
    func prefixIsWhatIsCertain(pattern: String, prefix: String) throws {
        #expect(try Regex(pattern, caseSensitive: false).literalPrefix == Array(prefix.utf8))
    }

    static let cases: [(pattern: String, caseSensitive: Bool, subject: String)] = [
        ("^Subject:.*Rule5", false, "subject: Rule5"),
        ("^Subject:.*Rule5", true, "subject: Rule5"),
        ("^Subject:.*Rule5", false, "Subj"),
        ("^Keyword9:\\s*(\\S+)", false, "KEYWORD9: x"),
        ("^Keyword9:\\s*(\\S+)", false, "\u{212A}eyword9: x"),  // Kelvin sign: caseless k in UTF mode
        ("^sms", false, "\u{17F}ms"),                          // long s
        ("^a-b", false, "A-B"),
        ("^1:", false, "1:"),
        ("^x", false, ""),
        ("^ab+c", false, "abbbc"),
        ("^@", false, "`"),                                     // '@' | 0x20 == '`': not a letter
    ]

    @Test(arguments: cases)
    func sameAnswerAsPCRE2Alone(pattern: String, caseSensitive: Bool, subject: String) throws {
        let checked = try Regex(pattern, caseSensitive: caseSensitive)
        let plain = try Regex("(?:)" + pattern, caseSensitive: caseSensitive)  // no leading '^': no prefix
        #expect(plain.literalPrefix.isEmpty)
        let a: Bool, b: Bool
        if case .match = checked.firstMatch(in: subject) { a = true } else { a = false }
        if case .match = plain.firstMatch(in: subject) { b = true } else { b = false }
        #expect(a == b)
    }
}
