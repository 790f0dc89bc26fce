import Foundation
import TestSupport

/// A real rsyslogd (the Debian package `rsyslog`) of a test's own, started by
/// Tests/Fixtures/servers/rsyslog/start-rsyslog.sh in a fresh temporary folder: imuxsock listens on
/// `socket` only (never /dev/log: the host's syslog is not touched), and every record it receives is written
/// to `records.log` as `PRI TAG TEXT`. Stopped by PID, and its folder removed, when the value is dropped.
///
/// mail2sms sends to it when `MAIL2SMS_SYSLOG_SOCKET` names `socket` (mail2sms(1), SYSLOG).
final class RealRsyslog {
    /// One record as rsyslog received it.
    struct Record: Equatable, CustomStringConvertible {
        /// facility × 8 + severity.
        var priority: Int
        /// `mail2sms[PID]:`.
        var tag: String
        /// What followed the tag: `QUEUEID: EVENT key=value …`.
        var text: String

        var description: String { "<\(priority)> \(tag) \(text)" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let folder: URL
    /// The datagram socket mail2sms sends to.
    let socket: String

    private static let scripts = SourceTree.fixtures.appendingPathComponent("servers/rsyslog")

    init() throws {
        guard SystemProgram.rsyslog.isInstalled else { throw Failure(description: "rsyslog \(SystemProgram.rsyslog.skipReason)") }
        // Short: a socket's path holds 107 bytes.
        folder = URL(fileURLWithPath: "/tmp/mail2sms-rsyslog-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let start = try ChildProcess.runScript(RealRsyslog.scripts.appendingPathComponent("start-rsyslog.sh"), in: folder,
                                               [String(getpid())])
        guard start.status == 0 else {
            throw Failure(description: "rsyslogd did not start (start-rsyslog.sh exited \(start.status), see \(folder.path)): \(start.stderr)")
        }
        socket = folder.appendingPathComponent("log").path
    }

    deinit {
        _ = try? ChildProcess.runScript(RealRsyslog.scripts.appendingPathComponent("stop-rsyslog.sh"), in: folder, [])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Every whole record written so far.
    func records() throws -> [Record] {
        let text = try String(contentsOf: folder.appendingPathComponent("records.log"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, let priority = Int(fields[0]) else { return nil }
            return Record(priority: priority, tag: String(fields[1]), text: String(fields[2]))
        }
    }

    /// Waits until at least `count` records came, and returns them all.
    @discardableResult
    func waitForRecords(_ count: Int, timeout: Duration = .seconds(10)) throws -> [Record] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let found = try records()
            if found.count >= count { return found }
            guard clock.now < deadline else {
                throw Failure(description: "not within \(timeout): \(count) syslog records; got \(found)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
