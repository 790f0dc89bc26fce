import Foundation

/// Runs the built `mail2sms` binary as Postfix would: arguments, the message on stdin, and what came back.
package struct Mail2SMSProcess {
    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String
        /// Both streams, as Postfix captures them for bounces and mail.log.
        package var output: String { stdout + stderr }
    }

    /// The binary sits next to the test bundle in SwiftPM's build folder.
    package static let executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("mail2sms")

    /// The ISE node examples/mailfilter.conf's `allow-client` lists first: the SMTP client of every run unless
    /// a test says otherwise.
    package static let iseClient = "192.0.2.10"

    /// Runs the binary with `--client CLIENT` before `arguments`, as the README's pipe(8) line passes
    /// `${client_address}`. Unless `stateDirectory` is given, each run gets a journal of its own, so that
    /// runs of the same mail in different tests never see each other's SMS as already sent.
    package static func run(_ arguments: [String], stdin: Data = Data(), stateDirectory: String? = nil,
                    client: String? = iseClient) throws -> Result {
        let fresh = stateDirectory == nil ? try TemporaryFolder() : nil
        defer { withExtendedLifetime(fresh) {} }
        return try ChildProcess.run(executable, commandLine(arguments, stateDirectory: stateDirectory ?? fresh!.url.path, client: client),
                                    stdin: stdin)
    }

    /// The whole command line of a run: state directory and client first.
    package static func commandLine(_ arguments: [String], stateDirectory: String, client: String? = iseClient) -> [String] {
        ["--state-dir", stateDirectory] + (client.map { ["--client", $0] } ?? []) + arguments
    }
}

/// Paths of the source tree, found from this file.
package enum SourceTree {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    package static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    package static func fixture(_ path: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(path))
    }

    package static func example(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("examples/\(name)"), encoding: .utf8)
    }
}

/// A fresh temporary folder, removed when the value is dropped.
package final class TemporaryFolder {
    package let url: URL

    package init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mail2sms-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    package func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    package func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension Mail2SMSProcess {
    /// Starts the binary without waiting (see `run` for the arguments).
    package static func start(_ arguments: [String], stdin: Data, stateDirectory: String, client: String? = iseClient) throws -> RunningProcess {
        try RunningProcess(executable, commandLine(arguments, stateDirectory: stateDirectory, client: client), stdin: stdin)
    }

    /// Runs the binary once per input, all at once, sharing `stateDirectory`, and returns each result.
    package static func runConcurrently(_ arguments: [String], stdins: [Data], stateDirectory: String,
                                client: String? = iseClient) throws -> [Result] {
        let running = try stdins.map { try start(arguments, stdin: $0, stateDirectory: stateDirectory, client: client) }
        return running.map { $0.wait() }
    }
}
