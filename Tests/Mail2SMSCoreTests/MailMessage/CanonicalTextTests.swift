import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Only what patterns rely on for simple plain-text mail (the Message folder has its own tests): header
/// fields one line each, then the body lines without CR, a last line without newline included.
@Suite struct CanonicalTextTests {
    @Test func plainTextMessage() {
        let text = Fixtures.canonicalText(Array("Subject: Guest\r\nTo: a@b.example\r\n\r\nUsername: x\r\n\r\nto: 123".utf8))
        #expect(text.headerLines == ["Subject: Guest", "To: a@b.example"])
        #expect(text.bodyLines == ["Username: x", "", "to: 123"])
    }

    @Test func iseNotification() throws {
        let text = Fixtures.canonicalText(try Fixtures.message("ise-guest-plain.eml"))
        #expect(text.headerLines.contains("Subject: Guest Account  Text Notification"))
        #expect(text.bodyLines == ["Username: jsmith02", "Password: t6ub79_6r", "to: 4850123456789"])
    }
}
