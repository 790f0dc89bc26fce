import Foundation
import TestSupport
import Testing

/// Hostile and broken input through the binary: every file of CPython's email corpus (65, images and
/// sounds included), the malformed fixtures and generated extremes go through `--canonical` and through a
/// rules file that searches everything, each well under a second, with a normal exit.
@Suite struct MaildropMalformedInputTests {
    /// Generous for a debug build on a loaded machine; a release build takes a few milliseconds.
    static let timeLimit: TimeInterval = 1.0

    static let rules = """
        if (/^Username:\\s*(\\S+)/:b)
            USERNAME=$MATCH1
        if (/^.*(zz|qq)$/:hb)
            LAST=$MATCH
        if (/^Subject:.*/:h || /Password:\\s*(\\S+)/:hb)
            X=1

        """

    static let fixtures = ["malformed-truncated-multipart.eml", "malformed-nul-bytes.eml",
                           "malformed-8bit-headers.eml", "bad-base64.eml", "bad-qp.eml", "invalid-utf8.eml"]

    /// Generated messages too big or too odd to keep as files.
    static let generated: [String: Data] = {
        var messages: [String: Data] = ["empty": Data()]
        var headers = "Subject: 10,000 header lines\n"
        for i in 0..<10_000 { headers += "X-Header-\(i): value \(i)\n" }
        messages["10000-header-lines"] = Data((headers + "\nbody\n").utf8)

        var nested = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 1..<100 { nested += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
        nested += "--b99\nContent-Type: text/plain\n\nUsername: deep\n"
        messages["100-level-multipart"] = Data(nested.utf8)

        var attached = "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
        for _ in 0..<100 { attached += "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n" }
        messages["100-level-rfc822"] = Data((attached + "Subject: innermost\n\nUsername: deep\n").utf8)

        messages["unclosed-html"] = Data(("MIME-Version: 1.0\nContent-Type: text/html\n\n"
            + String(repeating: "<a href=\"x <b &amp", count: 20_000)).utf8)
        messages["many-encoded-word-starts"] = Data(("Subject: " + String(repeating: "=?utf-8?q?", count: 50_000)
            + "\n\nbody\n").utf8)
        messages["many-parts"] = Data(("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=p\n\n"
            + String(repeating: "--p\n\nUsername: part\n", count: 5_000) + "--p--\n").utf8)
        return messages
    }()

    @Test(.requiresEmailCorpus) func corpusIsComplete() throws {
        let files = MaildropCorpus.allFiles()
        try #require(!files.isEmpty, "CPython's email test corpus not found: install libpython3.11-testsuite")
        #expect(files.count >= 64)
    }

    @Test(.requiresEmailCorpus, arguments: MaildropCorpus.allFiles())
    func corpusFile(file: URL) throws {
        try run(Data(contentsOf: file))
    }

    @Test(arguments: fixtures)
    func malformedFixture(name: String) throws {
        try run(SourceTree.fixture("messages/\(name)"))
    }

    @Test(arguments: generated.keys.sorted())
    func generatedMessage(name: String) throws {
        try run(Self.generated[name]!)
    }

    @Test func nestingPastTheLimitIsNotSearchedButTheRestIs() throws {
        let result = try Mail2SMSProcess.run(["--canonical"], stdin: Self.generated["100-level-multipart"]!)
        #expect(result.status == 0)
        #expect(!result.stdout.contains("Username: deep"))
        #expect(result.stdout.hasPrefix("MIME-Version: 1.0\n"))
    }

    private func run(_ message: Data) throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("rules.conf", Self.rules)
        for arguments in [["--canonical"], ["--dry-run", rules]] {
            let start = Date()
            let result = try Mail2SMSProcess.run(arguments, stdin: message)
            let elapsed = Date().timeIntervalSince(start)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(elapsed < Self.timeLimit, "\(arguments) took \(elapsed) s")
        }
    }
}
