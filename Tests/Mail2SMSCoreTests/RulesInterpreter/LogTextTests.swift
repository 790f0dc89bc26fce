import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The escapes `log` interprets, as maildrop's `log` and `echo` do (checked against maildrop 2.9.3).
@Suite struct LogTextTests {
    static let cases: [(text: String, logged: String)] = [
        ("plain", "plain"),
        (#"a\tb"#, "a\tb"),
        (#"a\nb"#, "a\nb"),
        (#"a\rb\fc\vd"#, "a\rb\u{0C}c\u{0B}d"),
        (#"a\\b"#, #"a\b"#),
        (#"\101\102C"#, "ABC"),
        (#"\0"#, "\u{0}"),
        (#"\1010"#, "\u{08}"),  // maildrop reads every octal digit that follows, modulo 256
        (#"\0101"#, "A"),
        (#"\8"#, "8"),
        (#"no newline\c"#, "no newline"),
        (#"\c in the middle"#, "c in the middle"),
        (#"drop \q \$X \" \a"#, #"drop q $X " a"#),
        (#"trailing \"#, #"trailing \"#),
        (#"ż\tż"#, "ż\tż"),
    ]

    @Test(arguments: cases)
    func interpretsEscapes(text: String, logged: String) {
        #expect(LogText.interpretingEscapes(text) == logged)
    }
}
