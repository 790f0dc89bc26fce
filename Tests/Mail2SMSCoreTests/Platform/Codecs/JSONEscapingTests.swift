import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The inside of a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped,
/// everything else kept as UTF-8.
@Suite struct JSONEscapingTests {
    static let cases: [(text: String, escaped: String)] = [
        ("", ""),
        ("plain text 123", "plain text 123"),
        ("say \"hi\"", #"say \"hi\""#),
        ("C:\\path\\", #"C:\\path\\"#),
        ("a\nb\r\tc", #"a\nb\r\tc"#),
        ("\u{8}\u{C}", #"\b\f"#),
        ("\u{0}\u{1}\u{1F}", #"\u0000\u0001\u001F"#),
        ("\u{7F}", "\u{7F}"),
        ("line\u{2028}para\u{2029}", #"line\u2028para\u2029"#),
        ("Zażółć €😀", "Zażółć €😀"),
        ("/ stays", "/ stays"),
        // An attempt to end the string and add a key stays inside the string.
        ("\",\"to\":\"666", #"\",\"to\":\"666"#),
        ("\\\"", #"\\\""#),
    ]

    @Test(arguments: cases)
    func escapes(text: String, escaped: String) {
        #expect(JSONEscaping.escape(text) == escaped)
    }

    /// Every C0 control character comes out as an escape, never raw.
    @Test func noControlCharacterSurvives() {
        let all = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        #expect(!JSONEscaping.escape(all).unicodeScalars.contains { $0.value < 0x20 })
    }
}
