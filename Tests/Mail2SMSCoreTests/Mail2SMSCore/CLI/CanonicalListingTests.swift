import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// `--canonical` prints one output line per canonical line: controls that decoding let into a line are
/// shown escaped.
@Suite struct CanonicalListingTests {
    static let lines: [(line: String, shown: String)] = [
        ("Subject: a\r\nb", #"Subject: a\r\nb"#),
        ("a\nb", #"a\nb"#),
        ("a\rb", #"a\rb"#),
        ("tab\there", "tab\there"),
        ("nul\u{0}bel\u{7}esc\u{1B}[31m us\u{1F}", #"nul\x00bel\x07esc\x1B[31m us\x1F"#),
        (#"back\slash \n as is"#, #"back\slash \n as is"#),
        ("del\u{7F} and é and \u{85}", "del\u{7F} and é and \u{85}"),
        ("", ""),
    ]

    @Test(arguments: lines)
    func escapesControls(line: String, shown: String) {
        #expect(CanonicalListing.escaping(line) == shown)
    }

    @Test func oneOutputLinePerCanonicalLine() {
        let text = CanonicalText(headerLines: ["Subject: a\r\nb", "To: x"], bodyLines: ["one\ntwo"])
        #expect(CanonicalListing.render(text) == "Subject: a\\r\\nb\nTo: x\none\\ntwo\n")
    }
}
