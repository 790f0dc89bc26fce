import Testing
@testable import Mail2SMSCore

/// Blanks, `-`, `.`, `(` and `)` go; a leading `+` and 3–20 digits stay; anything else is not a number.
@Suite struct PhoneNumberTests {
    static let normalized: [(text: String, value: String)] = [
        ("4850123456789", "4850123456789"),
        ("+48 501 234 567", "+48501234567"),
        ("+48-501-234-567", "+48501234567"),
        ("(0)123.456.789", "0123456789"),
        (" 0049 (30) 123\t456 ", "004930123456"),
        ("112", "112"),
        ("+123", "+123"),
        ("12345678901234567890", "12345678901234567890"),
    ]

    @Test(arguments: normalized)
    func normalizes(text: String, value: String) {
        #expect(PhoneNumber(text)?.value == value)
        #expect(PhoneNumber(text)?.description == value)
    }

    static let rejected = [
        "", "12", "+12", "+", "---", "123456789012345678901",
        "abc", "48501x234", "123&to=999", "1 2 3; rm", "+48+501", "48+501", "123\n456",
        "１２３４", "٣٤٥٦", "123/456", "tel:123456",
    ]

    @Test(arguments: rejected)
    func rejects(text: String) {
        #expect(PhoneNumber(text) == nil)
    }
}
