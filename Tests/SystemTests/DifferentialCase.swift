import Foundation
import TestSupport

/// One case of the language differential suite: a filter in `Tests/Fixtures/differential/NAME.conf`, run
/// by real maildrop and by mail2sms on the same message. Its header comments say what it needs and, for
/// a documented difference, what each program must give:
///
///     # message: ise-guest-plain.eml          the message, from Tests/Fixtures/messages/
///     # files: included.inc lookup-list.txt   other fixture files the filter reads (optional)
///     # differs: WHY                          the two disagree on purpose (mailfilter(5) says where)
///     # maildrop: LINE                        with `differs`: every log line maildrop writes, in order
///     # mail2sms: LINE                        with `differs`: every log line mail2sms writes, in order
///     # maildrop-status: N                    with `differs`: the statuses, when they differ
///     # mail2sms-status: N
///
/// `@LOG@` in the filter is the log file's name. Without `differs`, the log lines and the exit statuses
/// of the two programs must be equal.
struct DifferentialCase {
    static let directory = SourceTree.fixtures.appendingPathComponent("differential")
    static let logName = "main.log"
    static let keys: Set<String> = ["message", "files", "differs", "maildrop", "mail2sms", "maildrop-status", "mail2sms-status"]

    let name: String
    /// The filter text, `@LOG@` replaced; both programs get exactly this.
    let filter: String
    let message: String
    let files: [String]
    let difference: String?
    let maildropLines: [String]
    let mail2smsLines: [String]
    let maildropStatus: Int32?
    let mail2smsStatus: Int32?

    /// The cases' names, without `.conf`, sorted.
    static func names() -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".conf") }.map { String($0.dropLast(".conf".count)) }.sorted()
    }

    init(name: String) throws {
        self.name = name
        let source = try String(contentsOf: DifferentialCase.directory.appendingPathComponent("\(name).conf"), encoding: .utf8)
        filter = source.replacingOccurrences(of: "@LOG@", with: DifferentialCase.logName)
        var header: [String: [String]] = [:]
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("# ") {
            let text = line.dropFirst(2)
            guard let colon = text.firstIndex(of: ":"), !text[..<colon].contains(" ") else { continue }
            var value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
            header[String(text[..<colon]), default: []].append(String(value))
        }
        if let unknown = Set(header.keys).subtracting(DifferentialCase.keys).first {
            throw Malformed(name: name, reason: "unknown header '# \(unknown):'")
        }
        guard let message = header["message"]?.first else { throw Malformed(name: name, reason: "no '# message:' line") }
        self.message = message
        files = header["files"]?.first?.split(separator: " ").map(String.init) ?? []
        difference = header["differs"]?.first
        maildropLines = header["maildrop"] ?? []
        mail2smsLines = header["mail2sms"] ?? []
        maildropStatus = header["maildrop-status"]?.first.flatMap { Int32($0) }
        mail2smsStatus = header["mail2sms-status"]?.first.flatMap { Int32($0) }
        if difference == nil && !(maildropLines.isEmpty && mail2smsLines.isEmpty && maildropStatus == nil && mail2smsStatus == nil) {
            throw Malformed(name: name, reason: "expected lines or statuses without '# differs:'")
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        let name: String
        let reason: String
        var description: String { "differential/\(name).conf: \(reason)" }
    }
}

/// What one program did with a case: its exit status, the lines of its log files, what it said on stderr,
/// and whether it delivered the message (it never should: every case ends with `exit`).
struct FilterRun {
    var status: Int32
    /// The lines of `main.log`; when the filter wrote other `*.log` files too, every file's lines, each
    /// file's preceded by `[NAME]`, files in name order.
    var log: [String]
    var stderr: String
    var delivered: Bool
}

/// Runs maildrop (manual mode, as `maildrop ./filter < message`) or mail2sms (`mail2sms ./filter < message`)
/// in a fresh folder holding the filter and the case's files, with the environment `PATH=/usr/bin:/bin`
/// only, and stops either after a time limit (maildrop loops forever on some patterns).
enum FilterRunner {
    static let timeLimit: TimeInterval = 10

    enum Program { case maildrop, mail2sms }

    static func run(_ program: Program, _ testCase: DifferentialCase) throws -> FilterRun {
        let folder = try TemporaryFolder()
        let filter = try folder.write("filter", testCase.filter)
        // maildrop refuses a filter that others may write.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: filter)
        for file in testCase.files {
            try FileManager.default.copyItem(at: DifferentialCase.directory.appendingPathComponent(file),
                                             to: folder.url.appendingPathComponent(file))
        }
        let stderrPath = folder.path("stderr.txt")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)

        let process = Process()
        process.executableURL = program == .maildrop ? URL(fileURLWithPath: MaildropRunner.executable)
                                                      : Mail2SMSProcess.executable
        process.arguments = ["./filter"]
        process.currentDirectoryURL = folder.url
        process.environment = ["PATH": "/usr/bin:/bin"]
        let message = SourceTree.fixtures.appendingPathComponent("messages/\(testCase.message)")
        process.standardInput = try FileHandle(forReadingFrom: message)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            process.terminate()
            finished.wait()
            throw TimedOut(program: program, name: testCase.name)
        }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus
                                                                   : process.terminationStatus

        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? [])
            .filter { $0.hasSuffix(".log") }.sorted()
        var log: [String] = []
        for name in names {
            if names != [DifferentialCase.logName] { log.append("[\(name)]") }
            log += MaildropRunner.splitLines(FileManager.default.contents(atPath: folder.path(name)) ?? Data())
        }
        let stderr = String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self)
        return FilterRun(status: status, log: log, stderr: stderr,
                         delivered: FileManager.default.fileExists(atPath: folder.path("Maildir")))
    }

    struct TimedOut: Error, CustomStringConvertible {
        let program: Program
        let name: String
        var description: String { "\(program) ran differential/\(name).conf for more than \(Int(timeLimit)) s" }
    }
}
