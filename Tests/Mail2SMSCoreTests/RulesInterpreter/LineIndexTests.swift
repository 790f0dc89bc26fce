import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Which lines a literal prefix visits: its first byte in either case, every non-ASCII start, in order.
@Suite struct LineIndexTests {
    static let lines = ["Subject: a", "", "subject: b", "\u{212A}elvin", "To: c", "SUBJECT: d", "é"]

    static let cases: [(byte: Character, expected: [Int])] = [
        ("S", [0, 2, 3, 5, 6]),
        ("s", [0, 2, 3, 5, 6]),
        ("T", [3, 4, 6]),
        (":", [3, 6]),
    ]

    @Test(arguments: cases)
    func candidates(byte: Character, expected: [Int]) {
        #expect(LineIndex(Self.lines).candidates(startingWith: byte.asciiValue!) == expected)
    }

    @Test func asciiOnlyLinesNeedNoMerge() {
        #expect(LineIndex(["a", "b", "A"]).candidates(startingWith: UInt8(ascii: "a")) == [0, 2])
    }
}
