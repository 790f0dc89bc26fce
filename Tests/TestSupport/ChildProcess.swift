import Foundation

/// Running other programs from the tests: a command with its input and collected output, and the harness
/// scripts that start daemons (Kannel, Postfix).
package enum ChildProcess {
    /// Runs `executable` to its end with `stdin` on its standard input. Only for commands that start no
    /// daemon: a pipe read to its end waits for every process holding it.
    package static func run(_ executable: URL, _ arguments: [String], stdin: Data = Data(),
                    environment: [String: String]? = nil) throws -> Mail2SMSProcess.Result {
        // A child may exit without reading its input (as Postfix allows); that must not kill the runner.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // EPIPE is the child's business, not a test failure (FileHandle.write(_:) would trap on it).
        try? input.fileHandleForWriting.write(contentsOf: stdin)
        try input.fileHandleForWriting.close()
        // stdout first, to its end (postqueue -j can print more than a pipe holds); stderr is short.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Mail2SMSProcess.Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs the harness script `script` on `folder` to its end. Its output goes through files in `folder`:
    /// a pipe read to its end would wait for every daemon that might hold it.
    package static func runScript(_ script: URL, in folder: URL, environment: [String: String] = [:],
                          _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let name = script.lastPathComponent
        let stdoutFile = folder.appendingPathComponent("\(name).out"), stderrFile = folder.appendingPathComponent("\(name).err")
        guard FileManager.default.createFile(atPath: stdoutFile.path, contents: nil),
              FileManager.default.createFile(atPath: stderrFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: folder.path])
        }
        let stdout = try FileHandle(forWritingTo: stdoutFile), stderr = try FileHandle(forWritingTo: stderrFile)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script.path, folder.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: stdoutFile, encoding: .utf8),
                try String(contentsOf: stderrFile, encoding: .utf8))
    }
}

/// A child started without waiting for it, as Postfix starts several deliveries at once: its input from a file,
/// its output into files, so that dozens can run side by side without a reader per pipe.
package final class RunningProcess {
    package let process = Process()
    private let folder: TemporaryFolder
    private let stdoutFile: String, stderrFile: String

    package init(_ executable: URL, _ arguments: [String], stdin: Data, environment: [String: String]? = nil) throws {
        folder = try TemporaryFolder()
        let input = try folder.write("stdin", String(decoding: stdin, as: UTF8.self))
        stdoutFile = folder.path("stdout")
        stderrFile = folder.path("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle(forReadingAtPath: input)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutFile)
        process.standardError = FileHandle(forWritingAtPath: stderrFile)
        try process.run()
    }

    package var processIdentifier: Int32 { process.processIdentifier }

    package func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the end (and reaps the process: a zombie would still look like a running owner).
    @discardableResult
    package func wait() -> Mail2SMSProcess.Result {
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: stdoutFile, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
        return Mail2SMSProcess.Result(status: process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus,
                                      stdout: out, stderr: err)
    }
}
