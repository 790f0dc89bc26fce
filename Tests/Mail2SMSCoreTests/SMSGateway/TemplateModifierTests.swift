import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Each modifier on its own, and the iconv conversion behind `charset=` (`Charset.encode`). Expected bytes
/// computed with Python's codecs (`errors="replace"` gives the same `?`).
@Suite struct TemplateModifierTests {
    static let applications: [(modifier: TemplateModifier, operand: TemplateModifier.Operand,
                               result: TemplateModifier.Operand)] = [
        (.hex, .text("Zażółć"), .text("5A61C5BCC3B3C582C487")),
        (.hex, .bytes([0x00, 0xFF, 0x0A]), .text("00FF0A")),
        (.hex, .text(""), .text("")),
        (.base64, .text("Zażółć"), .text("WmHFvMOzxYLEhw==")),
        (.base64, .bytes([0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6]), .text("WmG/87Pm")),
        (.length, .text("Zażółć"), .text("6")),
        (.length, .text("😀"), .text("1")),
        (.length, .text(""), .text("0")),
        (.length, .bytes([1, 2, 3]), .text("3")),
        (.unicode, .text("Zażółć"), .text("005A0061017C00F301420107")),
        (.unicode, .text("😀"), .text("D83DDE00")),
        (.charset("ISO-8859-2"), .text("Zażółć"), .bytes([0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6])),
        (.interprefix("00"), .text("+48601234567"), .text("0048601234567")),
        (.interprefix("00"), .text("48601234567"), .text("48601234567")),
        (.interprefix("00"), .text("++1"), .text("00+1")),
        (.interprefix(""), .text("+1"), .text("1")),
        (.isUnicode, .text("x"), .text("x")),
        (.value("&a=1"), .text("x"), .text("x")),
    ]

    @Test(arguments: applications)
    func applies(modifier: TemplateModifier, operand: TemplateModifier.Operand, result: TemplateModifier.Operand) {
        #expect(modifier.apply(to: operand) == result)
    }

    static let conditions: [(modifier: TemplateModifier, needsUnicode: Bool, holds: Bool)] = [
        (.isUnicode, true, true), (.isUnicode, false, false),
        (.isASCII, true, false), (.isASCII, false, true),
        (.isBinary, true, false), (.isBinary, false, false),
    ]

    /// Conditions look at the SMS text's coding, not at the placeholder's value.
    @Test(arguments: conditions)
    func testsTheText(modifier: TemplateModifier, needsUnicode: Bool, holds: Bool) {
        #expect(modifier.holds(for: TemplateValues(text: "whatever", needsUnicode: needsUnicode)) == holds)
    }

    static let encodings: [(text: String, charset: String, bytes: [UInt8]?)] = [
        ("Zażółć", "ISO-8859-2", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6]),
        ("Zażółć", "iso-8859-2", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6]),
        ("Zażółć", "windows-1250", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6]),
        ("Zażółć €", "ISO-8859-2", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x3F]),
        ("€", "ISO-8859-15", [0xA4]),
        ("ż😀", "ISO-8859-1", [0x3F, 0x3F]),
        ("Zażółć", "US-ASCII", [0x5A, 0x61, 0x3F, 0x3F, 0x3F, 0x3F]),
        ("Zażółć", "UTF-8", Array("Zażółć".utf8)),
        ("Zażółć", "utf8", Array("Zażółć".utf8)),
        ("ż", "UTF-16BE", [0x01, 0x7C]),
        ("ż€", "UTF-16LE", [0x7C, 0x01, 0xAC, 0x20]),
        // A stateful charset: `?` goes through the same conversion, and the end shifts back to ASCII.
        ("a日€b", "ISO-2022-JP", [0x61, 0x1B, 0x24, 0x42, 0x46, 0x7C, 0x1B, 0x28, 0x42, 0x3F, 0x62]),
        ("a日", "ISO-2022-JP", [0x61, 0x1B, 0x24, 0x42, 0x46, 0x7C, 0x1B, 0x28, 0x42]),
        ("", "ISO-8859-2", []),
        ("x", "NO-SUCH-CHARSET", nil),
        ("x", "", nil),
    ]

    @Test(arguments: encodings)
    func charsetEncodes(text: String, charset: String, bytes: [UInt8]?) {
        #expect(Charset.encode(text, to: charset) == bytes)
    }

    /// The output buffer grows as iconv asks: a text whose conversion is longer than the first guess.
    @Test func charsetEncodingGrowsItsBuffer() {
        let text = String(repeating: "日", count: 3000) + "a"
        let bytes = Charset.encode(text, to: "UTF-32BE")
        #expect(bytes?.count == 3001 * 4)
        #expect(bytes?.suffix(4) == [0, 0, 0, 0x61])
    }

    /// Many characters the charset lacks: each is a `?`, and the conversion does not start over for each.
    @Test func charsetEncodingReplacesManyCharacters() {
        let text = String(repeating: "日a", count: 5_000)
        let bytes = Charset.encode(text, to: "ISO-8859-2")
        #expect(bytes == Array(repeating: [0x3F, 0x61], count: 5_000).flatMap { $0 })
    }
}
