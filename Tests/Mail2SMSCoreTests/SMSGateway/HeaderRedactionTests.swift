import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// `--dry-run` shows request headers; those that carry a credential keep their name and lose their value.
@Suite struct HeaderRedactionTests {
    static let headers: [(header: String, shown: String)] = [
        ("X-Token: abc123", "X-Token: ***"),
        ("Authorization: Bearer eyJhbGciOi.x.y", "Authorization: Bearer ***"),
        ("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic ***"),
        ("Authorization: Basic ***", "Authorization: Basic ***"),
        ("Authorization: sk_live_123", "Authorization: ***"),
        ("authorization:Bearer x", "authorization: Bearer ***"),
        ("Proxy-Authorization: Basic abc", "Proxy-Authorization: Basic ***"),
        ("Cookie: session=abc", "Cookie: ***"),
        ("X-Api-Key: k", "X-Api-Key: ***"),
        ("X-AUTH: k", "X-AUTH: ***"),
        ("X-Signature: 0a1b", "X-Signature: ***"),
        ("X-Client-Secret: s", "X-Client-Secret: ***"),
        ("X-Pwd: p", "X-Pwd: ***"),
        ("X-Passphrase: two words", "X-Passphrase: ***"),
        ("X-Token: ", "X-Token: ***"),
        // Not credentials: shown as they are.
        ("Accept: application/json", "Accept: application/json"),
        ("Content-Type: application/x-www-form-urlencoded", "Content-Type: application/x-www-form-urlencoded"),
        ("X-Ticket: T-1", "X-Ticket: T-1"),
        ("no colon", "no colon"),
    ]

    @Test(arguments: headers)
    func masksCredentialHeaders(header: String, shown: String) {
        #expect(HeaderRedaction.masking(header) == shown)
    }
}
