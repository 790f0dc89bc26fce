import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Address fields re-rendered as maildrop shows them (checked against maildrop 2.9.3 by the differential
/// test on headers-addresses.eml).
@Suite struct AddressListTests {
    static let examples: [(value: String, rendered: String)] = [
        ("\"John Smith\" <j@x>", "John Smith <j@x>"),
        ("j@x (John)", "John <j@x>"),
        ("(John) j@x", "John <j@x>"),
        ("<j@x>", "j@x"),
        ("\"\" <j@x>", "j@x"),
        ("\"Smith, John\" <j@x>", "\"Smith, John\" <j@x>"),
        ("Mr. X <x@y>", "\"Mr. X\" <x@y>"),
        ("Bob (the builder) <b@x>", "\"Bob (the builder)\" <b@x>"),
        ("\"q \\\"esc\\\"\" <q@x>", "\"q \\\"esc\\\"\" <q@x>"),
        ("=?UTF-8?Q?Doe=2C_John?= <j@x>", "\"Doe, John\" <j@x>"),
        ("=?UTF-8?Q?J=C3=BCrgen?= <j@x>", "Jürgen <j@x>"),
        ("a@x,\n  b@x", "a@x, b@x"),
        ("undisclosed-recipients:;", "undisclosed-recipients: ;"),
        ("G: a@x, \"B b\" <b@x>;, c@x", "G: a@x, B b <b@x>;c@x"),
        ("foo bar", "foo, bar"),
        ("\"x\" <y@z> (c)", "x <y@z>c"),
        ("", ""),
    ]

    @Test(arguments: examples)
    func renders(_ example: (value: String, rendered: String)) {
        #expect(AddressList(ArraySlice(example.value.utf8)).rendered == example.rendered)
    }

    @Test func onlyMaildropsAddressFieldsAreRendered() {
        let to = HeaderField(name: "To", value: "\"A\" <a@x>")
        let sender = HeaderField(name: "Sender", value: "\"A\" <a@x>")
        let replyTo = HeaderField(name: "Reply-To", value: "\"A\" <a@x>")
        #expect(to.canonicalLine == "To: A <a@x>")
        #expect(sender.canonicalLine == "Sender: \"A\" <a@x>")
        #expect(replyTo.canonicalLine == "Reply-To: \"A\" <a@x>")
    }
}
