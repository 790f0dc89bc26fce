import Platform
import Testing

/// `Retry-After` as RFC 9110 writes it: delay-seconds, or an HTTP-date in any of its three forms.
@Suite struct RetryAfterTests {
    /// 1994-11-06T08:49:37Z, RFC 9110's example date.
    static let example = 784_111_777

    @Test(arguments: [
        ("0", RetryAfter.delay(seconds: 0)),
        ("120", .delay(seconds: 120)),
        ("99999999999999999999999", .delay(seconds: 366 * 86_400)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", .date(secondsSinceEpoch: example)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", .date(secondsSinceEpoch: example)),
        ("Sun Nov  6 08:49:37 1994", .date(secondsSinceEpoch: example)),
        ("Thu, 29 Feb 2024 00:00:00 GMT", .date(secondsSinceEpoch: 1_709_164_800)),
    ])
    func readsBothForms(value: String, expected: RetryAfter) {
        #expect(RetryAfter(value) == expected)
    }

    @Test(arguments: ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 32 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func refusesOtherValues(value: String) {
        #expect(RetryAfter(value) == nil)
    }

    @Test func aDateIsAWaitFromNowAndNeverNegative() {
        let date = RetryAfter.date(secondsSinceEpoch: Self.example)
        #expect(date.seconds(at: Self.example - 30) == 30)
        #expect(date.seconds(at: Self.example + 30) == 0)
        #expect(RetryAfter.delay(seconds: 7).seconds(at: 0) == 7)
    }
}
