import Foundation
import TestSupport
import Testing

/// Mail built to exhaust a parser, through the binary as Postfix runs it (delivery mode, a rules file that
/// searches headers and bodies): each run ends with 0 (a limit reached is logged, not an error), within a
/// time and a memory bound, and what lies before the limit is still searched.
///
/// The bounds are for the debug build `swift test` uses, on a loaded 2-CPU machine with other suites
/// running beside; the release binary needs a small fraction of the time (HARDENING.md). Memory is
/// bounded by `MessageLimit.messageBytes` (64 MiB kept of any message) plus a little: 160 MiB for the
/// messages larger than that, 64 MiB for the others.
@Suite(.serialized) struct HostileMailTests {
    static let rules = """
        if (/^Username:\\s*(\\S+)/:b)
            USERNAME=$MATCH1
        if (/^Subject:\\s*(.*)/:h)
            SUBJECT=$MATCH1
        if (/^.*(zz|qq)$/:hb || /Password:\\s*(\\S+)/:hb)
            X=1
        L=length($SUBJECT)
        log "username=$USERNAME subject-bytes=$L"

        """

    /// Runs the rules on the message in `file` and checks the policy: exit 0, no signal, within bounds.
    /// Returns the run and the log the rules wrote.
    @discardableResult
    static func deliver(_ file: MessageFile, in folder: TemporaryFolder, seconds: Double, megabytes: Double,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> (MeasuredProcess, String) {
        try file.close()
        let log = folder.path("mail2sms.log")
        let rules = try folder.write("rules.conf", "logfile \"\(log)\"\n" + Self.rules)
        let run = try MeasuredProcess.run([rules], stdinPath: file.path, killAfter: seconds * 4)
        #expect(run.signal == nil, "\(run.summary)", sourceLocation: sourceLocation)
        #expect(run.status == 0, "\(run.summary)", sourceLocation: sourceLocation)
        #expect(run.seconds < seconds, "\(run.summary)", sourceLocation: sourceLocation)
        #expect(run.peakMegabytes < megabytes, "\(run.summary)", sourceLocation: sourceLocation)
        return (run, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func oneHundredThousandHeaderLines() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "headers.eml")
        try file.write("Subject: many fields\n")
        for i in 0..<100_000 { try file.write("X-Header-\(i): value \(i)\n") }
        try file.write("\nUsername: after-the-header\n")
        let (_, log) = try Self.deliver(file, in: folder, seconds: 3, megabytes: 64)
        #expect(log.contains("username=after-the-header"))
        #expect(log.contains("fields past that are not searched"))
    }

    @Test(arguments: ["multipart/mixed", "message/rfc822"])
    func oneThousandNestedLevels(type: String) throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "nested.eml")
        try file.write("MIME-Version: 1.0\nSubject: outermost\n")
        for level in 0..<1_000 {
            if type == "message/rfc822" {
                try file.write("Content-Type: message/rfc822\n\nMIME-Version: 1.0\n")
            } else {
                try file.write("Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n")
            }
        }
        try file.write("Content-Type: text/plain\n\nUsername: innermost\n")
        let (_, log) = try Self.deliver(file, in: folder, seconds: 3, megabytes: 64)
        #expect(log.contains("subject-bytes=9"), "\(log)")
        #expect(log.contains("nested deeper than \(32) levels"))
        #expect(!log.contains("username=innermost"))
    }

    @Test(arguments: ["body", "header"])
    func aFiftyMegabyteLine(place: String) throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "line.eml")
        if place == "body" {
            try file.write("Subject: a long line\n\nUsername: before-the-line\n")
            try file.repeating(Array("a".utf8), total: 50 * 1024 * 1024)
            try file.write("zz\n")
        } else {
            try file.write("Subject: ")
            try file.repeating(Array("a".utf8), total: 50 * 1024 * 1024)
            try file.write("\n\nUsername: after-the-line\n")
        }
        let (_, log) = try Self.deliver(file, in: folder, seconds: 8, megabytes: 160)
        #expect(log.contains(place == "body" ? "username=before-the-line" : "username=after-the-line"), "\(log)")
        #expect(log.contains(place == "body" ? "decodes to more than" : "header is larger than"))
    }

    /// 283 MB of base64 for 200 MB of text: read to its end, 64 MiB of it kept, 1 MiB of text decoded.
    @Test func base64DecodingToTwoHundredMegabytes() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "base64.eml")
        try file.write("MIME-Version: 1.0\nSubject: big\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n")
        // 57 bytes of text are one 76-character line of base64.
        let text = Data("Username: first-line and a little more text to fill 57 b\n".utf8)
        try #require(text.count == 57)
        let line = Array((text.base64EncodedString() + "\n").utf8)
        try file.repeating(line, total: 200 * 1024 * 1024 / 57 * line.count)
        let (_, log) = try Self.deliver(file, in: folder, seconds: 10, megabytes: 160)
        #expect(log.contains("username=first-line"))
        #expect(log.contains("bytes or more; the bytes past that are not searched"))
        #expect(log.contains("decodes to more than"))
    }

    @Test func aBoundaryThatNeverEnds() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "unclosed.eml")
        try file.write("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=never\n\n--never\nContent-Type: text/plain\n\n")
        try file.write("Username: first-part\n")
        try file.repeating(Array("--neverthe-less not a delimiter of its own\n--nev\n".utf8), total: 20 * 1024 * 1024)
        let (_, log) = try Self.deliver(file, in: folder, seconds: 5, megabytes: 64)
        #expect(log.contains("username=first-part"))
    }

    @Test func aOneMegabyteBoundary() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "boundary.eml")
        let boundary = String(repeating: "b", count: 1_000_000)
        try file.write("MIME-Version: 1.0\nContent-Type: multipart/mixed;\n boundary=\"\(boundary)\"\n\nUsername: preamble\n")
        for _ in 0..<5 { try file.write("--\(boundary)\n\nUsername: part\n") }
        let (_, log) = try Self.deliver(file, in: folder, seconds: 3, megabytes: 64)
        #expect(log.contains("header is larger than"))
    }

    /// 4 MB of NUL bytes, invalid UTF-8 (lone continuation bytes, overlong forms, surrogates) and the
    /// characters that mean something to the parser, in the header, the boundary, the charset and the body.
    @Test func nulBytesAndInvalidUTF8Everywhere() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "junk.eml")
        try file.write(Array("MIME-Version: 1.0\0\u{FF}\nSubject: \0=?utf-8?q?=00=FF?= \u{C3}\n".utf8) + [0xC3, 0x28, 0xED, 0xA0, 0x80, 0x0A])
        try file.write(Array("Content-Type: multipart/mixed; boundary=\"\0".utf8) + [0xFF, 0x22, 0x0A, 0x0A])
        let alphabet: [UInt8] = [0, 0, 0xFF, 0xFE, 0xC0, 0xAF, 0xE0, 0x80, 0xED, 0xA0, 0xF8, 0x80, 0xC3, 0x0A, 0x0D, 0x3A,
                                 0x2D, 0x3D, 0x3F, 0x3C, 0x26, 0x41, 0x20]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var body: [UInt8] = []
        body.reserveCapacity(4 * 1024 * 1024)
        for i in 0..<(4 * 1024 * 1024) {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            body.append(alphabet[Int(state % UInt64(alphabet.count))])
            if i % 65_536 == 0 { body += Array("\n--\0".utf8) + [0xFF, 0x0A] + Array("Content-Type: text/html; charset=utf-8\0\n\n".utf8) }
        }
        try file.write(body)
        try Self.deliver(file, in: folder, seconds: 5, megabytes: 64)
    }

    @Test func aSubjectOfOneMegabyteOfEncodedWords() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "subject.eml")
        try file.write("Subject: ")
        try file.repeating(Array("=?utf-8?B?w6nDqcOp?= ".utf8), total: 1024 * 1024)
        try file.write("\n\nUsername: after-the-subject\n")
        let (_, log) = try Self.deliver(file, in: folder, seconds: 3, megabytes: 64)
        #expect(log.contains("username=after-the-subject"))
        #expect(log.contains("header is larger than"))
    }

    /// Just under the header limit, so every encoded word is decoded: 12,000 of them on folded lines.
    @Test func aSubjectOfEncodedWordsUnderTheHeaderLimit() throws {
        let folder = try TemporaryFolder()
        let file = try MessageFile(folder, "subject.eml")
        try file.write("Subject: " + String(repeating: "=?utf-8?B?w6nDqcOp?=\n =?iso-8859-2?q?=B1_=E6?=\n ", count: 5_000))
        try file.write("\n\nUsername: after-the-subject\n")
        let (_, log) = try Self.deliver(file, in: folder, seconds: 3, megabytes: 64)
        #expect(log.contains("username=after-the-subject"))
        #expect(!log.contains("header is larger than"))
        // Six bytes of "ééé" and five of "ą ć" for each pair of words (the blank between words goes).
        #expect(log.contains("subject-bytes=\(5_000 * 11)"), "\(log.suffix(500))")
    }
}
