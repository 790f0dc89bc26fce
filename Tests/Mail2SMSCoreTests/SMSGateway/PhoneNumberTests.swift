import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Normalization to E.164: punctuation goes, `+` and `00` start international numbers, short codes stay
/// short, national numbers take the gateway's country code; anything else is not a number.
@Suite struct PhoneNumberTests {
    static let normalized: [(text: String, countryCode: String?, e164: String)] = [
        ("4850123456789", nil, "+4850123456789"),
        ("+48 501 234 567", nil, "+48501234567"),
        ("+48-501-234-567", nil, "+48501234567"),
        (" 0049 (30) 123\t456 ", nil, "+4930123456"),
        ("0048601234567", nil, "+48601234567"),
        ("030/123456", "49", "+4930123456"),
        ("601 234 567", "48", "+48601234567"),
        ("+48601234567", "1", "+48601234567"),
        ("112", nil, "112"),
        ("7233", "48", "7233"),
        ("123456", nil, "123456"),
        ("123456789012345", nil, "+123456789012345"),
    ]

    @Test(arguments: normalized)
    func normalizes(text: String, countryCode: String?, e164: String) {
        #expect(PhoneNumber(text, countryCode: countryCode)?.e164 == e164)
    }

    static let rejected = [
        "", "12", "+12", "+", "---", "1234567890123456", "+123456", "0123456789", "+0123456789",
        "abc", "48501x234", "123&to=999", "1 2 3; rm", "+48+501", "48+501", "123\n456",
        "１２３４", "٣٤٥٦", "tel:123456",
        // A digit followed by an invisible or combining character is one Swift Character that compares like a
        // digit; the bytes are not digits. Each of these passed a deny-prefix once.
        "+48700\u{200D}123456", "+48700\u{FE0F}123456", "+48700\u{20E3}123456", "+4870\u{0301}0123456",
        "+48\u{FF17}00123456", "+48\u{0667}00123456", "+48700\u{200B}123456", "+48\u{00A0}700123456",
    ]

    @Test(arguments: rejected)
    func rejects(text: String) {
        #expect(PhoneNumber(text) == nil)
    }

    static let formats: [(format: [String], number: String, rendered: String)] = [
        (["e164"], "+48601234567", "+48601234567"),
        (["digits"], "+48601234567", "48601234567"),
        (["interprefix", "00"], "+48601234567", "0048601234567"),
        (["interprefix", "011"], "+15551234567", "01115551234567"),
        (["e164"], "7233", "7233"),
        (["interprefix", "00"], "7233", "7233"),
    ]

    @Test(arguments: formats)
    func formatsForGateways(format: [String], number: String, rendered: String) throws {
        let format = try #require(NumberFormat(format))
        #expect(format.render(try #require(PhoneNumber(number))) == rendered)
    }

    @Test(arguments: [["e.164"], ["interprefix"], ["interprefix", "+"], ["digits", "x"], []])
    func unknownFormatsAreRefused(values: [String]) {
        #expect(NumberFormat(values) == nil)
    }
}
