import Foundation
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Where the test data lives, and the few helpers every test file shares: reading fixtures, temporary
/// files, a fake HTTP transport and buffer streams for in-process runs.
enum Fixtures {
    /// `Tests/`, found from this file's own path so the tests run from any working directory.
    static let testsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // Mail2SMSCoreTests
        .deletingLastPathComponent()  // Tests

    static let packageDirectory = testsDirectory.deletingLastPathComponent()
    static let messages = testsDirectory.appendingPathComponent("Fixtures/messages")
    static let rules = testsDirectory.appendingPathComponent("Fixtures/rules")
    static let diagnostics = testsDirectory.appendingPathComponent("Fixtures/diagnostics")
    static let examples = packageDirectory.appendingPathComponent("examples")

    /// The names (without extension) of the files in `directory` ending in `.ext`, sorted.
    static func names(in directory: URL, ext: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".\(ext)") }.map { String($0.dropLast(ext.count + 1)) }.sorted()
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try bytes(url), as: UTF8.self)
    }

    static func message(_ name: String) throws -> [UInt8] {
        try bytes(messages.appendingPathComponent(name))
    }

    /// The lines patterns see. The one place the tests go through the Message folder's parser.
    static func canonicalText(_ message: [UInt8]) -> CanonicalText {
        CanonicalText(MessageParser.parse(message))
    }

    /// The rules in `examples/mailfilter.conf`, logging to `logPath` instead of /var/log, with the gateway's
    /// password read from `secretsPath` (written, mode 0600, when given) instead of /etc/mail2sms/secrets.
    static func exampleRules(logPath: String, secretsPath: String? = nil) throws -> String {
        var text = try Fixtures.text(examples.appendingPathComponent("mailfilter.conf"))
            .replacingOccurrences(of: "/var/log/mail2sms/mail2sms.log", with: logPath)
        if let secretsPath {
            try Data(contentsOf: examples.appendingPathComponent("secrets")).write(to: URL(fileURLWithPath: secretsPath))
            chmod(secretsPath, 0o600)
            text = text.replacingOccurrences(of: "/etc/mail2sms/secrets", with: secretsPath)
        }
        return text
    }
}

/// A fresh directory under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mail2sms-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The lines of a file, or `[]` if it does not exist.
    func lines(_ name: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path(name)) else { return [] }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// An `HTTPTransport` that records each request and answers every one with the same result.
final class RecordingTransport: HTTPTransport {
    private(set) var requests: [HTTPRequest] = []
    let result: Result<HTTPResponse, HTTPFailure>
    /// Statuses by URL prefix, for routes over several gateways; `result` answers the rest.
    var statuses: [String: Int] = [:]

    init(_ result: Result<HTTPResponse, HTTPFailure>) { self.result = result }

    convenience init(status: Int) { self.init(.success(HTTPResponse(status: status, body: []))) }

    convenience init(statuses: [String: Int]) {
        self.init(.failure(HTTPFailure(code: 7, message: "Couldn't connect to server")))
        self.statuses = statuses
    }

    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        requests.append(request)
        if let status = statuses.first(where: { request.url.hasPrefix($0.key) })?.value {
            return .success(HTTPResponse(status: status, body: []))
        }
        return result
    }
}

/// stdout and stderr collected in memory.
final class StreamBuffers {
    private(set) var output = ""
    private(set) var error = ""

    var streams: StandardStreams {
        StandardStreams(output: { self.output += $0 }, error: { self.error += $0 })
    }
}

extension Context {
    /// A context for an in-process run: `message` on stdin, a fixed clock, a fixed host and process id. The
    /// user is the test runner's, as in the real process: the rules files the tests write are its own, and
    /// would be refused as another user's under any user but root otherwise.
    static func testing(message: [UInt8], transport: HTTPTransport, streams: StreamBuffers) -> Context {
        var context = Context(
            streams: streams.streams,
            transport: transport,
            clock: Clock(now: { 1_700_000_000 }, milliseconds: { 0 }),
            readMessage: { () throws(FileDescriptor.Errno) -> [UInt8] in message },
            hostname: "sms.example.com",
            processID: 4242)
        context.userID = geteuid()
        return context
    }
}

extension URL {
    /// The percent-decoded value of query parameter `name`.
    func queryValue(_ name: String) -> String? {
        URLComponents(url: self, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == name }?.value
    }
}

/// A small deterministic generator (SplitMix64), so "random" inputs are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Fixtures {
    /// The variables a run on `message` starts with, as `mail2sms RULES ARG…` would set them.
    static func variables(message: [UInt8], arguments: [String]) throws -> [String: String] {
        let options = try Options.parse(["rules.conf"] + arguments)
        let context = Context.testing(message: message, transport: RecordingTransport(status: 200), streams: StreamBuffers())
        return Mail2SMS.variables(options, MessageParser.parse(message), context)
    }
}

/// A fixture file that does not say what a test needs, in words for the test report.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Journal openers for `SendSMS`.
enum Journals {
    /// The SQLite journal in `directory`.
    static func sqlite(_ directory: TemporaryDirectory) -> () throws(JournalFailure) -> Journal {
        { () throws(JournalFailure) -> Journal in try SQLiteJournal(directory: directory.url.path) }
    }

    /// This test process, as the owner of pending rows: running.
    static let running = RunOwner.current(processID: getpid())
    /// An owner that is gone: no process has this ID.
    static let gone = RunOwner(processID: 0x3FFF_FFFF, startTicks: 1, bootID: RunOwner.currentBootID)
}
