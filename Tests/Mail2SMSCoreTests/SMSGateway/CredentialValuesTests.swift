import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The declared password and API key are masked wherever they appear, also written out literally.
@Suite struct CredentialValuesTests {
    static let cases: [(values: [String], text: String, shown: String)] = [
        (["s3cr3t"], "https://h/bots3cr3t/send?x=s3cr3t", "https://h/bot***/send?x=***"),
        (["a b&c"], "u?k=a%20b%26c&t=a b&c", "u?k=***&t=***"),
        (["abc", "abcdef"], "xabcdefx abc", "x***x ***"),
        (["", "key"], "monkey", "mon***"),
        ([], "anything", "anything"),
        ([""], "anything", "anything"),
        (["é"], "caf\u{65}\u{301} café", "caf\u{65}\u{301} caf***"),
        (["e"], "caf\u{65}\u{301}", "caf***\u{301}"),
    ]

    @Test(arguments: cases)
    func masksEveryOccurrence(values: [String], text: String, shown: String) {
        let secrets = CredentialValues(values)
        #expect(secrets.masking(text) == shown)
        #expect(secrets.masking(Array(text.utf8)) == Array(shown.utf8))
    }
}
