import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// RFC 4648 base64 with padding; the vectors are RFC 4648 §10's, the rest computed with Python's `base64`.
@Suite struct Base64EncodingTests {
    static let cases: [(bytes: [UInt8], encoded: String)] = [
        (Array("".utf8), ""),
        (Array("f".utf8), "Zg=="),
        (Array("fo".utf8), "Zm8="),
        (Array("foo".utf8), "Zm9v"),
        (Array("foob".utf8), "Zm9vYg=="),
        (Array("fooba".utf8), "Zm9vYmE="),
        (Array("foobar".utf8), "Zm9vYmFy"),
        (Array("Zażółć".utf8), "WmHFvMOzxYLEhw=="),
        ([0xFB, 0xFF, 0xBF], "+/+/"),
        ([0x00], "AA=="),
        (Array(0...255), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BB"
         + "QkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6P"
         + "kJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd"
         + "3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="),
    ]

    @Test(arguments: cases)
    func encodes(bytes: [UInt8], encoded: String) {
        #expect(Base64Encoding.encode(bytes) == encoded)
    }

    /// What `TransferEncoding` decodes is what was encoded, for every length modulo 3.
    @Test(arguments: 0...7)
    func roundTrips(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 200) }
        let encoded = Array(Base64Encoding.encode(bytes).utf8)
        #expect(TransferEncoding.decodeBase64(encoded[...], limit: 100).bytes == bytes)
    }
}
