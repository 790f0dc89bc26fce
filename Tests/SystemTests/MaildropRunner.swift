import Foundation
import TestSupport

/// Runs the real maildrop (Debian's `maildrop` package) in manual mode on a message and returns the
/// lines its patterns see: `foreach /^.*$/:OPTS` visits each canonical line, and a shell appends `$MATCH`
/// to a file. (`log "$MATCH"` would interpret backslash escapes in the text; the shell's `printf %s`
/// does not. maildrop exports its variables to the commands it runs.)
enum MaildropRunner {
    static var executable: String { SystemProgram.maildrop.path }

    static var isInstalled: Bool { SystemProgram.maildrop.isInstalled }

    /// The lines maildrop's `:options` patterns (`h` or `b`) see in `message`.
    static func lines(of message: Data, options: String) throws -> [String] {
        let folder = try TemporaryFolder()
        let filter = folder.path("filter")
        // `system` runs through SHELL, which maildrop sets from the user's passwd entry: nologin for nobody.
        try """
            SHELL="/bin/sh"
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
