import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The MIME tree, the canonical lines built from it, and the limits.
@Suite struct MessageParserTests {
    private func canonical(_ text: String) -> CanonicalText {
        CanonicalText(MessageParser.parse(Array(text.utf8)))
    }

    @Test func headersAreUnfoldedAndKeepTheirNameAsWritten() {
        let text = canonical("Subject : a\n  folded\nEmpty:\nX-A:value\n\nbody\n")
        #expect(text.headerLines == ["Subject : a   folded", "Empty: ", "X-A: value"])
        #expect(text.bodyLines == ["body"])
    }

    @Test func fieldLookupIgnoresCaseAndBlanks() {
        let message = MessageParser.parse(Array("message-id : <1@x>\n\n".utf8))
        #expect(message.field("Message-ID")?.value == "<1@x>")
        #expect(message.field("Subject") == nil)
    }

    @Test func multipartPartsHeadersAndTextOnly() {
        let text = canonical("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b

            preamble
            --b
            Content-Type: text/plain

            one
            --b
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b
            Content-Type: text/html

            <p>two</p>
            --b--
            epilogue

            """)
        #expect(text.headerLines == ["MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b",
                                     "Content-Type: text/plain", "Content-Type: image/png",
                                     "Content-Transfer-Encoding: base64", "Content-Type: text/html"])
        #expect(text.bodyLines == ["one", "two"])
    }

    @Test func withoutMIMEVersionTheBodyIsOneText() {
        let text = canonical("Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: quoted-printable\n\n--b\nx=3Dy\n--b--\n")
        #expect(text.bodyLines == ["--b", "x=y", "--b--"])
    }

    @Test func unknownCharsetPartIsSkippedAndTheRestSearched() {
        let text = canonical("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain; charset=x-unknown

            skipped
            --b
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            caf=E9
            --b--
            """)
        #expect(text.bodyLines == ["café"])
    }

    @Test func rfc2231BoundaryAndCharset() {
        let text = canonical("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary*="us-ascii'en'%3Dsep"

            --=sep
            Content-Type: text/plain; charset*=us-ascii''iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            caf=E9
            --=sep--
            """)
        #expect(text.bodyLines == ["café"])
    }

    /// Found by the `message` fuzz target: a backslash ending a `Content-Type` inside an open comment
    /// stepped the scanner past the end of the value.
    @Test(arguments: ["(\\", "text/(\\", "text/plain; name=(\\"])
    func contentTypeEndingInAnEscapeInsideAComment(value: String) {
        let text = canonical("MIME-Version: 1.0\nContent-Type: \(value)\n\nUsername: guest\n")
        #expect(text.bodyLines == ["Username: guest"])
    }

    @Test func nestingPastTheLimitIsRecorded() {
        var message = "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
        for _ in 0..<(MessageLimit.mimeDepth + 5) { message += "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n" }
        message += "Subject: deep\n\nUsername: deep\n"
        let text = canonical(message)
        #expect(text.exceededLimits == [.nestedTooDeep])
        #expect(!text.bodyLines.contains("Username: deep"))
    }

    @Test func headerFieldLimitIsRecorded() {
        var message = ""
        for i in 0..<(MessageLimit.headerFields + 10) { message += "X-\(i): v\n" }
        let text = canonical(message + "\nbody\n")
        #expect(text.headerLines.count == MessageLimit.headerFields)
        #expect(text.exceededLimits == [.tooManyHeaderFields])
        #expect(text.bodyLines == ["body"])
    }

    @Test func partLimitIsRecorded() {
        let message = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=p\n\n"
            + String(repeating: "--p\n\nx\n", count: MessageLimit.parts + 10) + "--p--\n"
        let text = canonical(message)
        #expect(text.exceededLimits == [.tooManyParts])
        #expect(text.bodyLines.count == MessageLimit.parts - 1)
    }

    /// The reader keeps `MessageLimit.messageBytes`; a message that long is taken as cut there.
    @Test func messageAtTheSizeLimitIsRecorded() {
        var bytes = Array("Subject: big\n\nUsername: first\n".utf8)
        bytes += [UInt8](repeating: 0x61, count: MessageLimit.messageBytes - bytes.count)
        let text = Fixtures.canonicalText(bytes)
        #expect(text.exceededLimits == [.messageTooLarge, .partTooLarge])
        #expect(text.bodyLines.first == "Username: first")
        #expect(canonical("Subject: small\n\nbody\n").exceededLimits == [])
    }

    @Test func emptyAndHeaderOnlyMessages() {
        #expect(canonical("").headerLines.isEmpty)
        #expect(canonical("Subject: x").headerLines == ["Subject: x"])
        #expect(canonical("Subject: x").bodyLines.isEmpty)
    }

    @Test func iseHTMLFixtureYieldsTheCredentials() throws {
        let text = CanonicalText(MessageParser.parse(try Fixtures.bytes(Fixtures.messages.appendingPathComponent("ise-guest-html.eml"))))
        #expect(text.headerLines.contains("Subject: Your Guest Account Credentials"))
        #expect(text.bodyLines.contains("Username: jkowalski7"))
        #expect(text.bodyLines.contains("Password: Xy7&k9#Qm"))
        #expect(text.bodyLines.contains("Mobile Number: 4850123456789"))
        #expect(!text.bodyLines.joined().contains("not-this-one"))
    }
}
