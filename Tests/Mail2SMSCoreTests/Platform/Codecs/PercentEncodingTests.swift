import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// One query component: only RFC 3986's unreserved characters stay; everything else is `%XX` of its UTF-8.
@Suite struct PercentEncodingTests {
    static let cases: [(value: String, encoded: String)] = [
        ("", ""),
        ("abcXYZ019", "abcXYZ019"),
        ("-._~", "-._~"),
        ("+48 123", "%2B48%20123"),
        ("a&b=c", "a%26b%3Dc"),
        ("100%", "100%25"),
        ("#frag?q", "%23frag%3Fq"),
        ("/path;x", "%2Fpath%3Bx"),
        ("ż", "%C5%BC"),
        ("€", "%E2%82%AC"),
        ("😀", "%F0%9F%98%80"),
        ("line\nbreak\r", "line%0Abreak%0D"),
        ("\u{0}", "%00"),
        ("ISE Guest portal Username: jsmith02 Password: t6ub79_6r",
         "ISE%20Guest%20portal%20Username%3A%20jsmith02%20Password%3A%20t6ub79_6r"),
        // An injection attempt stays inside its parameter.
        ("1&to=999&text=x", "1%26to%3D999%26text%3Dx"),
    ]

    @Test(arguments: cases)
    func encodesOneComponent(value: String, encoded: String) {
        #expect(PercentEncoding.encodeComponent(value) == encoded)
    }

    @Test func everyByteIsUnreservedOrEncoded() {
        let all = String(decoding: (1...0x7F).map { UInt8($0) }, as: UTF8.self)
        let encoded = PercentEncoding.encodeComponent(all)
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%")
        #expect(encoded.allSatisfy(unreserved.contains))
        #expect(encoded.count == 66 + (0x7F - 66) * 3)
    }
}
