import Foundation
import TestSupport

/// Runs the real maildrop (Debian's `maildrop` package) in manual mode on a message and returns the
/// lines its patterns see: `foreach /^.*$/:OPTS` visits each canonical line, and a shell appends `$MATCH`
/// to a file. (`log "$MATCH"` would interpret backslash escapes in the text; the shell's `printf %s`
/// does not. maildrop exports its variables to the commands it runs.)
enum MaildropRunner {
    static let executable = "/usr/bin/maildrop"

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// The lines maildrop's `:options` patterns (`h` or `b`) see in `message`.
    static func lines(of message: Data, options: String) throws -> [String] {
        let folder = try TemporaryFolder()
        let filter = folder.path("filter")
        try """
            DEFAULT="./Maildir"
            logfile "maildrop.log"
            foreach /^.*$/:\(options)
            {
                system 'printf "%s\\n" "$MATCH" >> lines.txt'
            }
            exit

            """.write(toFile: filter, atomically: true, encoding: .utf8)
        // maildrop refuses a filter that others may write.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: filter)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["./filter"]
        process.currentDirectoryURL = folder.url
        process.environment = ["PATH": "/usr/bin:/bin"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A child may exit before reading everything: EPIPE then is its business, not a test failure
        // (FileHandle.write(_:) would trap on it).
        try? input.fileHandleForWriting.write(contentsOf: message)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MaildropFailure(status: process.terminationStatus) }
        guard let data = FileManager.default.contents(atPath: folder.path("lines.txt")) else { return [] }
        return MaildropRunner.splitLines(data)
    }

    /// `data` split at LF only (a CR stays with its line; Swift's `Character` would take CRLF as one).
    static func splitLines(_ data: Data) -> [String] {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    struct MaildropFailure: Error, CustomStringConvertible {
        let status: Int32
        var description: String { "maildrop exited with status \(status)" }
    }
}

/// Where the CPython email test corpus (`test/test_email/data/msg_*.txt`) is on this machine: Debian's
/// `libpython3.X-testsuite` package, or the `test` package of the `python3` on PATH, or
/// `$MAIL2SMS_EMAIL_CORPUS`.
enum MaildropCorpus {
    /// Every folder on this machine that holds the corpus, Debian's first.
    static let directories: [URL] = {
        let manager = FileManager.default
        var candidates: [String] = []
        if let forced = ProcessInfo.processInfo.environment["MAIL2SMS_EMAIL_CORPUS"] { candidates.append(forced) }
        let pythons = ((try? manager.contentsOfDirectory(atPath: "/usr/lib")) ?? [])
            .filter { $0.hasPrefix("python3.") }.sorted().reversed()
        candidates += pythons.map { "/usr/lib/\($0)/test/test_email/data" }
        if let fromPath = pythonCorpus() { candidates.append(fromPath) }
        return candidates.filter { manager.fileExists(atPath: $0 + "/msg_01.txt") }.map { URL(fileURLWithPath: $0) }
    }()

    static var directory: URL? { directories.first }

    /// Asks the `python3` on PATH where its `test.test_email` package is.
    private static func pythonCorpus() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c",
                             "import os, test.test_email as t; print(os.path.join(os.path.dirname(t.__file__), 'data'))"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every file of the corpus (messages, and the images and sounds its tests attach), from all its
    /// folders: Python versions differ by a message or two.
    static func allFiles() -> [URL] {
        var byName: [String: URL] = [:]
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where byName[name] == nil {
                byName[name] = directory.appendingPathComponent(name)
            }
        }
        return byName.keys.sorted().map { byName[$0]! }
    }
}
