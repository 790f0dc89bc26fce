import Foundation
import TestSupport
import Testing

/// mail2sms's canonical lines against real maildrop's, message by message: `mail2sms --canonical` must
/// print what maildrop's `:h` patterns see followed by what its `:b` patterns see, line for line, except
/// for the differences mailfilter(5) documents — and each message must show exactly the differences
/// listed for it here, no fewer and no more.
@Suite(.serialized) struct MaildropDifferentialTests {
    /// Our fixtures, with the documented differences each one shows.
    static let fixtures: [String: Set<MaildropDifference>] = [
        "bad-base64.eml": [],
        "bad-qp.eml": [],
        "charsets.eml": [],
        "crlf.eml": [.carriageReturnRemoved],
        "headers-addresses.eml": [],
        "headers-encoded-words.eml": [],
        "headers-odd.eml": [],
        "headers-unknown-charset-word.eml": [.unknownCharsetWordKept],
        "invalid-utf8.eml": [],
        "mbox-from-line.eml": [.mboxFromLineSkipped],
        "ise-guest-html.eml": [.htmlRendered],
        "ise-guest-plain.eml": [.carriageReturnRemoved],
        "mime-base64-utf8.eml": [],
        "mime-multipart-mixed.eml": [],
        "mime-nested.eml": [],
        "mime-part-glue.eml": [.partEndsLine],
        "mime-qp-latin1.eml": [],
        "mime-rfc822-attached.eml": [],
        "no-final-newline.eml": [.finalLineMatched],
        "no-mime-version.eml": [],
        "unknown-charset.eml": [.searchedWhereMaildropStops],
    ]

    /// The single-part messages of CPython's email test corpus (those without MIME-Version are single-part
    /// whatever their Content-Type says), with their differences.
    static let corpus: [String: Set<MaildropDifference>] = [
        "msg_01.txt": [], "msg_03.txt": [],
        "msg_14.txt": [.searchedWhereMaildropStops],  // `Content-Type: text` has no subtype
        "msg_18.txt": [], "msg_19.txt": [.colonlessHeaderLine], "msg_20.txt": [], "msg_23.txt": [],
        "msg_27.txt": [], "msg_29.txt": [], "msg_32.txt": [], "msg_34.txt": [],
        "msg_35.txt": [.colonlessHeaderLine], "msg_37.txt": [], "msg_40.txt": [.htmlRendered],
        "msg_42.txt": [],
    ]

    @Test func enoughMessagesAreCompared() {
        #expect(Self.fixtures.count + Self.corpus.count >= 25)
    }

    @Test(.requires(.maildrop), arguments: fixtures.keys.sorted())
    func fixtureAgreesWithMaildrop(name: String) throws {
        try compare(SourceTree.fixture("messages/\(name)"), expected: Self.fixtures[name]!)
    }

    @Test(.requires(.maildrop), .requiresEmailCorpus, arguments: corpus.keys.sorted())
    func corpusMessageAgreesWithMaildrop(name: String) throws {
        let directory = try #require(MaildropCorpus.directory,
                                     "CPython's email test corpus not found: install libpython3.11-testsuite (make test-deps)")
        try compare(Data(contentsOf: directory.appendingPathComponent(name)), expected: Self.corpus[name]!)
    }

    private func compare(_ message: Data, expected: Set<MaildropDifference>) throws {
        try #require(MaildropRunner.isInstalled, "maildrop is not installed: make test-deps")
        let headers = try MaildropRunner.lines(of: message, options: "h")
        let body = try MaildropRunner.lines(of: message, options: "b")
        let result = try Mail2SMSProcess.run(["--canonical"], stdin: message)
        #expect(result.status == 0)
        let ours = MaildropRunner.splitLines(Data(result.stdout.utf8))

        var found: Set<MaildropDifference> = []
        if expected.contains(.htmlRendered) {
            // Same header lines; in the body, the same words once maildrop's markup is taken away.
            try #require(ours.count >= headers.count)
            let headerComparison = MaildropComparison(maildrop: headers, ours: Array(ours[..<headers.count]))
            found = try headerComparison.differences().get()
            let theirWords = MaildropHTMLWords.words(ofMarkup: body.joined(separator: "\n"))
            let ourWords = MaildropHTMLWords.words(ours[headers.count...].joined(separator: "\n"))
            #expect(ourWords == theirWords)
            #expect(!ours[headers.count...].contains { $0.contains("<") && $0.contains(">") && $0.contains("</") },
                    "rendered HTML still has tags")
            found.insert(.htmlRendered)
        } else {
            switch MaildropComparison(maildrop: headers + body, ours: ours).differences() {
            case .success(let differences): found = differences
            case .failure(let mismatch): Issue.record("\(mismatch)")
            }
        }
        #expect(found == expected)
    }
}
