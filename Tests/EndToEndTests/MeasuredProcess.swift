import Foundation
import TestSupport
import Glibc

/// Runs the built `mail2sms` on a message in a file and measures what hostile input could exhaust: the
/// wall time and the peak memory (`ru_maxrss` from wait4(2)). A run past its time bound is killed, so a
/// hang fails its test instead of stalling the suite.
///
/// A small Python process starts the binary and reports its usage. Linux gives a new process the peak
/// memory of the process it was spawned from (the exec keeps the parent's high-water mark when the child
/// shared its memory, as posix_spawn's does), so a child of this test runner, which holds the generated
/// inputs, would report the runner's peak; a child of the wrapper reports at most the wrapper's 10 MiB.
struct MeasuredProcess {
    /// The exit status, or nil when a signal ended the process.
    var status: Int32?
    /// The signal that ended the process, if one did (SIGKILL when it ran past its bound).
    var signal: Int32?
    var seconds: Double
    /// Peak resident memory in MiB.
    var peakMegabytes: Double
    var stdout: String
    var stderr: String

    static let wrapper = """
        import os, sys, time
        result, argv = sys.argv[1], sys.argv[2:]
        start = time.monotonic()
        pid = os.posix_spawn(argv[0], argv, os.environ)
        _, status, usage = os.wait4(pid, 0)
        with open(result, "w") as f:
            f.write("%d %d %f\\n" % (status, usage.ru_maxrss, time.monotonic() - start))
        """

    /// Runs `mail2sms` with `arguments` (after a fresh `--state-dir`) and standard input from `stdinPath`,
    /// killing it after `killAfter` seconds. It starts with `blockedSignals` blocked and no others.
    static func run(_ arguments: [String], stdinPath: String, killAfter: Double = 60,
                    blockedSignals: [Int32] = []) throws -> MeasuredProcess {
        let folder = try TemporaryFolder()
        let resultPath = folder.path("usage")
        let argv = ["/usr/bin/python3", "-c", wrapper, resultPath,
                    Mail2SMSProcess.executable.path, "--state-dir", folder.url.path] + arguments
        let outPath = folder.path("stdout"), errPath = folder.path("stderr")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // A process group of its own, so that a run past its bound is killed with the wrapper.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // The signal mask is set, not inherited: the test runner's threads (libdispatch's) block SIGALRM,
        // which the run's deadline needs, and a run must not depend on which thread started it.
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in blockedSignals { sigaddset(&mask, signal) }
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }

        let start = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var killed = false
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECHILD) }
            if !killed && Date().timeIntervalSince(start) > killAfter {
                kill(-pid, SIGKILL)
                killed = true
            }
            usleep(5_000)
        }
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let usage = ((try? String(contentsOfFile: resultPath, encoding: .utf8)) ?? "").split(separator: " ")
        guard !killed, usage.count == 3, let waitStatus = Int32(usage[0]), let kilobytes = Double(usage[1]),
              let seconds = Double(usage[2].dropLast()) else {
            return MeasuredProcess(status: nil, signal: SIGKILL, seconds: Date().timeIntervalSince(start),
                                   peakMegabytes: 0, stdout: stdout, stderr: stderr + "(killed after \(killAfter) s)")
        }
        // <sys/wait.h>'s macros, which Swift does not import: low 7 bits the signal, else the status above.
        let signal = waitStatus & 0x7F
        return MeasuredProcess(status: signal == 0 ? (waitStatus >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                               seconds: seconds, peakMegabytes: kilobytes / 1024, stdout: stdout, stderr: stderr)
    }

    var summary: String {
        "status \(status.map(String.init) ?? "-") signal \(signal.map(String.init) ?? "-"), "
            + "\(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", peakMegabytes)) MiB; stderr: \(stderr.prefix(300))"
    }
}

/// Writes a generated message to a file piece by piece, so a test can make a 280 MB message without holding it.
struct MessageFile {
    let path: String
    private let handle: FileHandle

    init(_ folder: TemporaryFolder, _ name: String) throws {
        path = folder.path(name)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func write(_ text: String) throws { try handle.write(contentsOf: Data(text.utf8)) }
    func write(_ bytes: [UInt8]) throws { try handle.write(contentsOf: Data(bytes)) }

    /// `piece` written until `total` bytes of it have been written (whole pieces; the last may be cut).
    func repeating(_ piece: [UInt8], total: Int) throws {
        let chunk = Data([UInt8]((0..<max(1, (1 << 20) / piece.count)).lazy.flatMap { _ in piece }))
        var written = 0
        while written + chunk.count <= total {
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        try handle.write(contentsOf: chunk.prefix(total - written))
    }

    func close() throws { try handle.close() }
}
