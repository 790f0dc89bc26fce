import Foundation

/// Runs the built `mail2sms` binary as Postfix would: arguments, the message on stdin, and what came back.
struct Mail2SMSProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Both streams, as Postfix captures them for bounces and mail.log.
        var output: String { stdout + stderr }
    }

    /// The binary sits next to the test bundle in SwiftPM's build folder.
    static let executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("mail2sms")

    /// Runs the binary. Unless `stateDirectory` is given, each run gets a journal of its own, so that runs
    /// of the same mail in different tests never see each other's SMS as already sent.
    static func run(_ arguments: [String], stdin: Data = Data(), stateDirectory: String? = nil) throws -> Result {
        // mail2sms may exit without reading its input (as Postfix allows); that must not kill the runner.
        signal(SIGPIPE, SIG_IGN)
        let fresh = stateDirectory == nil ? try TemporaryFolder() : nil
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--state-dir", stateDirectory ?? fresh!.url.path] + arguments
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // A child may exit before reading everything: EPIPE then is its business, not a test failure
        // (FileHandle.write(_:) would trap on it).
        try? input.fileHandleForWriting.write(contentsOf: stdin)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        withExtendedLifetime(fresh) {}
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}

/// Paths of the source tree, found from this file.
enum SourceTree {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    static func fixture(_ path: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(path))
    }

    static func example(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("examples/\(name)"), encoding: .utf8)
    }
}

/// A fresh temporary folder, removed when the value is dropped.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mail2sms-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
