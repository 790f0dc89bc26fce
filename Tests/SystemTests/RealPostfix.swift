import Foundation
import TestSupport

/// A real Postfix 3.7 (the Debian package `postfix`) on 127.0.0.1, started by
/// Tests/Fixtures/servers/postfix/start-postfix.sh as an instance of its own in a fresh temporary folder. Mail
/// for `*@sms.test` goes through pipe(8) to a copy of the built `mail2sms`, run as `nobody` exactly as in
/// production (`flags=Rq`, one recipient per run, the journal in `state`); mail for `*@e2e.test`, bounces
/// included, is captured in `state/bounces.mbox`; anything else is refused by `error:`, so nothing leaves.
/// Stopped by PID, and its folder removed, when the value is dropped.
///
/// A test that starts one requires root and `SystemProgram.postfix` in its traits, and is skipped where either
/// is missing; should one forget, `init` throws, saying what to install.
final class RealPostfix {
    /// One delivery attempt as Postfix logged it (pipe(8), error(8)):
    /// `QUEUEID: to=<RECIPIENT>, relay=RELAY, delay=…, dsn=DSN, status=STATUS (REASON)`.
    struct Delivery {
        var queueID: String
        var recipient: String
        /// The transport: `sms` (mail2sms), `capture`, or `none` for `error:`.
        var relay: String
        var dsn: String
        /// `sent`, `deferred`, `bounced` or `expired`.
        var status: String
        /// For pipe(8): `delivered via sms service`, or the sysexits text (`temporary failure`) followed by
        /// `. Command output: ` and what mail2sms wrote to stdout and stderr.
        var reason: String
        /// The whole log line, for messages.
        var line: String
    }

    /// One message in the queue, from `postqueue -j`.
    struct QueuedMail: Decodable {
        struct Recipient: Decodable {
            var address: String
            /// Why the last attempt failed: what postqueue -p shows in parentheses.
            var delayReason: String?

            enum CodingKeys: String, CodingKey {
                case address
                case delayReason = "delay_reason"
            }
        }

        /// `incoming`, `active`, `deferred`, `hold` or `maildrop`.
        var queueName: String
        var queueID: String
        var sender: String
        var recipients: [Recipient]

        enum CodingKeys: String, CodingKey {
            case sender, recipients
            case queueName = "queue_name"
            case queueID = "queue_id"
        }
    }

    /// Why Postfix could not be started, or what it did not do in time, with what helps to find out.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Bounds the waits: a mail reaches mail2sms within a fraction of a second, a deferred one is retried
    /// within `POSTFIX_MAX_BACKOFF` (4 s).
    static let deliveryTimeout: Duration = .seconds(20)

    /// smtpd on 127.0.0.1.
    let smtpPort: Int
    /// The instance: etc/ (main.cf, master.cf), spool/, log/postfix.log, bin/, rules/, state/.
    let folder: URL
    /// Owned by nobody: the journal, mail2sms's log file (when the rules put it here) and bounces.mbox.
    let state: URL
    /// The rules mail2sms runs on; change it with `replaceRules(_:)`.
    let rulesFile: URL

    private var configDirectory: String { folder.appendingPathComponent("etc").path }
    private static let scripts = SourceTree.fixtures.appendingPathComponent("servers/postfix")

    /// Starts Postfix with the rules `rules(state)` returns; `state` is where nobody may write, for the rules'
    /// `logfile`. `environment` tunes start-postfix.sh (`POSTFIX_MIN_BACKOFF`, `POSTFIX_SMS_TIME_LIMIT`, …).
    init(rules: (_ state: URL) -> String, environment: [String: String] = [:]) throws {
        guard SystemProgram.postfix.isInstalled else {
            throw Failure(description: "Postfix \(SystemProgram.postfix.skipReason); preseed postfix/main_mailer_type with 'No configuration'")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mail2sms-postfix-\(UUID().uuidString)")
        state = folder.appendingPathComponent("state")
        rulesFile = folder.appendingPathComponent("rules/mailfilter.conf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("mailfilter.conf")
        try rules(state).write(to: source, atomically: false, encoding: .utf8)
        // The test process is the owner: should it die before deinit, the harness stops Postfix itself.
        let start = try ChildProcess.runScript(RealPostfix.scripts.appendingPathComponent("start-postfix.sh"), in: folder,
                                               environment: environment,
                                               [Mail2SMSProcess.executable.path, source.path, String(getpid())])
        guard start.status == 0 else {
            // The folder stays, with the logs.
            throw Failure(description: "Postfix did not start (start-postfix.sh exited \(start.status), see \(folder.path)): \(start.stderr)")
        }
        // One line: smtp=PORT rules=PATH state=PATH log=PATH
        var fields: [String: String] = [:]
        for field in start.stdout.split(whereSeparator: \.isWhitespace) {
            let pair = field.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let port = fields["smtp"].flatMap({ Int($0) }), fields["rules"] == rulesFile.path else {
            _ = try? ChildProcess.runScript(RealPostfix.scripts.appendingPathComponent("stop-postfix.sh"), in: folder, [])
            try? FileManager.default.removeItem(at: folder)
            throw Failure(description: "start-postfix.sh printed no port or other paths: '\(start.stdout)'")
        }
        smtpPort = port
    }

    /// Starts Postfix with a Postfix snippet as the Debian package ships it (a folder with master.cf, main.cf and
    /// transport; start-postfix.sh's `POSTFIX_SNIPPET`) applied verbatim: mail for the snippet's domain goes
    /// through its `sms` line, to whichever mail2sms, rules and user that line names.
    convenience init(snippet: URL, environment: [String: String] = [:]) throws {
        try self.init(rules: { _ in "# not used: the snippet's pipe line names the rules\n" },
                      environment: environment.merging(["POSTFIX_SNIPPET": snippet.path]) { $1 })
    }

    deinit {
        _ = try? ChildProcess.runScript(RealPostfix.scripts.appendingPathComponent("stop-postfix.sh"), in: folder, [])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Hands `message` to Postfix over SMTP as a client at `client` would (smtp-send.py: XCLIENT ADDR=CLIENT,
    /// MAIL FROM, RCPT TO each recipient); pipe(8) then passes `client` to mail2sms as `${client_address}`.
    /// By default the client is the ISE node examples/mailfilter.conf allows. Throws unless every recipient
    /// was accepted.
    func send(from sender: String, to recipient: String, message: Data,
              client: String = Mail2SMSProcess.iseClient) throws {
        try send(from: sender, toAll: [recipient], message: message, client: client)
    }

    /// One mail to several recipients (one SMTP transaction).
    func send(from sender: String, toAll recipients: [String], message: Data,
              client: String = Mail2SMSProcess.iseClient) throws {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                          ["python3", RealPostfix.scripts.appendingPathComponent("smtp-send.py").path,
                                           String(smtpPort), client, sender] + recipients, stdin: message)
        guard result.status == 0 else {
            throw Failure(description: "smtp-send.py exited \(result.status): \(result.output)")
        }
    }

    /// `postqueue -f`: every deferred mail is retried now. First waits until no mail is active: qmgr logs a
    /// deferral a moment before it moves the mail from active/ to deferred/, and a flush in between misses
    /// it, which then waits out its backoff (300 s with `noAutomaticRetry`).
    func flush() throws {
        try waitUntil("no mail in the active queue") { try queue().allSatisfy { $0.queueName != "active" } }
        let result = try ChildProcess.run(SystemProgram.postfix.url("postqueue"), ["-c", configDirectory, "-f"])
        guard result.status == 0 else { throw Failure(description: "postqueue -f exited \(result.status): \(result.output)") }
    }

    /// The queue, as `postqueue -j` lists it (one JSON object per message).
    func queue() throws -> [QueuedMail] {
        let result = try ChildProcess.run(SystemProgram.postfix.url("postqueue"), ["-c", configDirectory, "-j"])
        guard result.status == 0 else { throw Failure(description: "postqueue -j exited \(result.status): \(result.output)") }
        return try result.stdout.split(separator: "\n").map { try JSONDecoder().decode(QueuedMail.self, from: Data($0.utf8)) }
    }

    /// Every whole line of log/postfix.log (postlogd's maillog_file) so far.
    func log() throws -> [String] {
        let file = folder.appendingPathComponent("log/postfix.log")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        // A line still being written has no newline yet: leave it for the next read.
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return lines.map(String.init)
    }

    /// The delivery attempts logged so far, through `relay` if given, in the order logged.
    func deliveries(relay: String? = nil) throws -> [Delivery] {
        try log().compactMap(RealPostfix.delivery(from:)).filter { relay == nil || $0.relay == relay }
    }

    /// Everything Postfix delivered to `*@e2e.test` (bounces, mostly), as one mbox.
    func bounces() throws -> String {
        try String(contentsOf: state.appendingPathComponent("bounces.mbox"), encoding: .utf8)
    }

    /// Replaces the rules in one rename, so that a mail2sms starting meanwhile reads the old rules or the new
    /// ones, never a part. Root-owned, mode 0644: mail2sms refuses rules that others could change.
    func replaceRules(_ text: String) throws {
        let temporary = rulesFile.deletingLastPathComponent().appendingPathComponent(".mailfilter.conf.\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o644]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        guard rename(temporary.path, rulesFile.path) == 0 else {
            throw Failure(description: "rename to \(rulesFile.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Polls `condition` until it holds; throws, naming `what` and showing the queue and the end of the log,
    /// once `timeout` has passed.
    func waitUntil(_ what: String, timeout: Duration = RealPostfix.deliveryTimeout, _ condition: () throws -> Bool) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while try !condition() {
            guard clock.now < deadline else {
                let queue = (try? self.queue().map { "\($0.queueID) \($0.queueName) \($0.recipients.map { "\($0.address) (\($0.delayReason ?? ""))" })" }) ?? []
                let log = (try? self.log().suffix(15)) ?? []
                throw Failure(description: "not within \(timeout): \(what)\nqueue:\n\(queue.joined(separator: "\n"))\nlog/postfix.log (end):\n\(log.joined(separator: "\n"))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until at least `count` deliveries through `relay` were logged `status=sent`, and returns them.
    @discardableResult
    func waitForSent(_ count: Int, relay: String = "sms", timeout: Duration = RealPostfix.deliveryTimeout) throws -> [Delivery] {
        try waitForDeliveries(count, status: "sent", relay: relay, timeout: timeout)
    }

    /// Waits until at least `count` attempts through `relay` were logged `status=deferred`, and returns them.
    @discardableResult
    func waitForDeferred(_ count: Int, relay: String = "sms", timeout: Duration = RealPostfix.deliveryTimeout) throws -> [Delivery] {
        try waitForDeliveries(count, status: "deferred", relay: relay, timeout: timeout)
    }

    /// Waits until no mail is queued.
    func waitUntilQueueEmpty(timeout: Duration = RealPostfix.deliveryTimeout) throws {
        try waitUntil("the queue is empty", timeout: timeout) { try queue().isEmpty }
    }

    /// Waits until at least `count` attempts through `relay` were logged with `status=STATUS`, and returns them.
    @discardableResult
    func waitForDeliveries(_ count: Int, status: String, relay: String = "sms",
                           timeout: Duration = RealPostfix.deliveryTimeout) throws -> [Delivery] {
        var found: [Delivery] = []
        try waitUntil("\(count) × relay=\(relay) status=\(status)", timeout: timeout) {
            found = try deliveries(relay: relay).filter { $0.status == status }
            return found.count >= count
        }
        return found
    }

    /// Parses one log line of a delivery attempt; nil for any other line.
    static func delivery(from line: String) -> Delivery? {
        let pattern = #/: (?<id>[0-9A-Za-z]+): to=<(?<to>[^>]*)>,(?: orig_to=<[^>]*>,)? relay=(?<relay>[^,]+), .*? dsn=(?<dsn>[0-9.]+), status=(?<status>[a-z]+) \((?<reason>.*)\)$/#
        guard let match = line.firstMatch(of: pattern) else { return nil }
        return Delivery(queueID: String(match.id), recipient: String(match.to), relay: String(match.relay),
                        dsn: String(match.dsn), status: String(match.status), reason: String(match.reason), line: line)
    }
}
