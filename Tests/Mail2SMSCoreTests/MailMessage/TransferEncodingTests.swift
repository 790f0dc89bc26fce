import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Quoted-printable and base64 as maildrop decodes them, broken input included.
@Suite struct TransferEncodingTests {
    static let quotedPrintableExamples: [(input: String, output: String)] = [
        ("caf=E9 and caf=e9", "caf\u{E9} and caf\u{E9}"),
        ("soft=\nbreak", "softbreak"),
        ("soft=\r\nbreak", "softbreak"),
        ("blanks after = are a soft break\nnext", "blanks after next"),
        ("=3D", "="),
        ("bad =ZZ", "bad ZZ"),
        ("lone =4 digit", "lone  digit"),
        ("trailing  \n", "trailing  \n"),
        ("ends with =", "ends with "),
    ]

    @Test(arguments: quotedPrintableExamples)
    func quotedPrintable(_ example: (input: String, output: String)) {
        let decoded = TransferEncoding.quotedPrintable.decode(ArraySlice(example.input.utf8), limit: 1000).bytes
        #expect(decoded == Array(example.output.unicodeScalars.map { UInt8($0.value) }))
    }

    static let base64Examples: [(input: String, output: String)] = [
        ("aGVsbG8=", "hello"),
        ("aGVs\nbG8=\n", "hello"),
        ("aGVsbG8gd29y!!bGQK\n*", "hello world\n"),
        ("aGVsbA", "hell"),
        ("YQ==YQ==", "aa"),
        ("", ""),
    ]

    @Test(arguments: base64Examples)
    func base64(_ example: (input: String, output: String)) {
        let decoded = TransferEncoding.base64.decode(ArraySlice(example.input.utf8), limit: 1000).bytes
        #expect(String(decoding: decoded, as: UTF8.self) == example.output)
    }

    @Test func decodingStopsAtTheLimit() {
        let input = ArraySlice(String(repeating: "QUFB", count: 1000).utf8)
        let (bytes, truncated) = TransferEncoding.base64.decode(input, limit: 30)
        #expect(bytes.count <= 30 && truncated)
        let (plain, cut) = TransferEncoding.identity.decode(input, limit: 10)
        #expect(plain.count == 10 && cut)
    }

    @Test(arguments: [("base64", TransferEncoding.base64), (" Quoted-Printable ", .quotedPrintable),
                      ("7bit", .identity), ("x-uuencode", .identity)])
    func names(_ example: (String, TransferEncoding)) {
        #expect(TransferEncoding(example.0) == example.1)
    }
}
