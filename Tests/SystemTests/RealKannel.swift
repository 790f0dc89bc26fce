import Foundation
import TestSupport

/// A real Kannel 1.4.5 (bearerbox + smsbox, the Debian package `kannel`) on 127.0.0.1, started
/// by Tests/Fixtures/servers/kannel/start-kannel.sh in a fresh temporary folder, with kannel-sink.py as its
/// only SMSC: every SMS part Kannel sends is captured there. Stopped by PID, and its folder removed, when
/// the value is dropped.
///
/// The sendsms user is `tester`/`foobar`, allowed 10 concatenated parts. A test that starts one requires
/// `SystemProgram.kannel` in its traits, and is skipped where it is missing; should one forget, `init` throws
/// (start-kannel.sh says what to install).
final class RealKannel {
    /// One SMS part as Kannel handed it to its SMSC (the GET that kannel-sink.py documents).
    struct Part {
        /// The concatenation information element of a part's user data header (3GPP TS 23.040 §9.2.3.24.1
        /// and .8): the same reference on every part of one message, and this part's place among them.
        struct Concatenation: Equatable {
            var reference: Int
            var count: Int
            var sequence: Int
        }

        var to: String
        var from: String
        /// 0 for GSM 7-bit, 2 for UCS-2; Kannel always sends it.
        var coding: Int?
        /// `UTF-8` with coding 0, `UTF-16BE` with coding 2.
        var charset: String?
        /// The text's octets, exactly as Kannel sent them.
        var octets: [UInt8]
        /// The user data header's octets, on concatenated parts only.
        var udh: [UInt8]?
        /// The raw query string, for messages.
        var query: String

        /// `octets` decoded by `charset`. A UCS-2 part can end inside a surrogate pair: join the octets of a
        /// message's parts (`RealKannel.text(of:)`) before decoding.
        var text: String { RealKannel.decode(octets, charset: charset) }

        /// The concatenation element of `udh`: IEI 0x00 (8-bit reference) or 0x08 (16-bit reference).
        var concatenation: Concatenation? {
            guard let udh, let length = udh.first, Int(length) + 1 == udh.count else { return nil }
            var index = 1
            while index + 1 < udh.count {
                let identifier = udh[index], size = Int(udh[index + 1]), data = Array(udh.dropFirst(index + 2).prefix(size))
                if identifier == 0x00 && size == 3 && data.count == 3 {
                    return Concatenation(reference: Int(data[0]), count: Int(data[1]), sequence: Int(data[2]))
                }
                if identifier == 0x08 && size == 4 && data.count == 4 {
                    return Concatenation(reference: Int(data[0]) << 8 | Int(data[1]), count: Int(data[2]),
                                         sequence: Int(data[3]))
                }
                index += 2 + size
            }
            return nil
        }
    }

    /// Why Kannel could not be started or did not deliver in time, with what helps to find out.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Bounds the wait for parts: Kannel hands a part to its SMSC within milliseconds.
    static let deliveryTimeout: Duration = .seconds(10)

    /// smsbox's sendsms interface: `http://127.0.0.1:PORT/cgi-bin/sendsms`.
    let sendsmsPort: Int
    /// bearerbox's admin interface (`/status.txt?password=statuspw`).
    let adminPort: Int
    /// Where kannel.conf, the logs and the capture live.
    let folder: URL

    private static let scripts = SourceTree.fixtures.appendingPathComponent("servers/kannel")

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mail2sms-kannel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The test process is the owner: should it die before deinit, the harness stops Kannel itself.
        let start = try ChildProcess.runScript(RealKannel.scripts.appendingPathComponent("start-kannel.sh"), in: folder, [String(getpid())])
        guard start.status == 0 else {
            // The folder stays, with the logs.
            throw Failure(description: "Kannel did not start (start-kannel.sh exited \(start.status), see \(folder.path)): \(start.stderr)")
        }
        // One line: sendsms=PORT admin=PORT smsbox=PORT sink=PORT
        var ports: [String: Int] = [:]
        for field in start.stdout.split(whereSeparator: \.isWhitespace) {
            let pair = field.split(separator: "=", maxSplits: 1)
            if pair.count == 2, let port = Int(pair[1]) { ports[String(pair[0])] = port }
        }
        guard let sendsms = ports["sendsms"], let admin = ports["admin"] else {
            _ = try? ChildProcess.runScript(RealKannel.scripts.appendingPathComponent("stop-kannel.sh"), in: folder, [])
            try? FileManager.default.removeItem(at: folder)
            throw Failure(description: "start-kannel.sh printed no ports: '\(start.stdout)'")
        }
        sendsmsPort = sendsms
        adminPort = admin
    }

    deinit {
        _ = try? ChildProcess.runScript(RealKannel.scripts.appendingPathComponent("stop-kannel.sh"), in: folder, [])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Every part captured so far, in the order the SMSC received them.
    func parts() throws -> [Part] {
        let data = try Data(contentsOf: folder.appendingPathComponent("sink.jsonl"))
        // A line still being written has no newline yet: leave it for the next read.
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(Record.self, from: Data($0)).part }
    }

    /// The parts captured for `number` (for every number if nil) once there are at least `count` of them and
    /// Kannel is idle: then every part of what smsbox accepted has arrived, so one too many shows too. For
    /// senders that have their answer (a mail2sms that exited). Throws, with bearerbox's access log, if that
    /// is not so within `timeout`.
    func parts(to number: String? = nil, atLeast count: Int, timeout: Duration = RealKannel.deliveryTimeout) throws -> [Part] {
        try waitUntil("\(count) parts for \(number ?? "any number") at the SMSC, and Kannel idle", timeout: timeout) {
            try parts().filter { number == nil || $0.to == number }.count >= count && isIdle()
        }
        // Read again: parts that arrived between the read above and Kannel's last log line.
        return try parts().filter { number == nil || $0.to == number }
    }

    /// Waits until Kannel is idle (`isIdle`): every part of what smsbox accepted has reached the SMSC.
    func waitUntilIdle(timeout: Duration = RealKannel.deliveryTimeout) throws {
        try waitUntil("Kannel idle", timeout: timeout) { isIdle() }
    }

    /// Whether Kannel has finished every SMS smsbox accepted so far. smsbox logs each sendsms request it takes
    /// (`send-SMS request added`) before it answers; bearerbox logs each message once its SMSC answered for every
    /// part (`Sent SMS`; kannel-sink.py records a part before it answers) or refused one (`FAILED Send SMS`).
    /// Equal counts, once the senders have their answers, mean that no part is on its way any more.
    func isIdle() -> Bool {
        let accepted = accessLog("smsbox").split(separator: "\n").filter { $0.contains(" send-SMS request added ") }.count
        let finished = accessLog("bearerbox").split(separator: "\n")
            .filter { $0.contains(" Sent SMS [") || $0.contains(" FAILED Send SMS [") }.count
        return finished >= accepted
    }

    /// Polls `condition` until it holds; throws, naming `what` and showing what reached the SMSC and
    /// bearerbox's access log, once `timeout` has passed.
    private func waitUntil(_ what: String, timeout: Duration, _ condition: () throws -> Bool) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while try !condition() {
            guard clock.now < deadline else {
                let parts = (try? parts().count) ?? 0
                throw Failure(description: "not within \(timeout): \(what) (\(parts) parts at the SMSC); bearerbox-access.log:\n\(accessLog("bearerbox"))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// BOX-access.log as written so far.
    private func accessLog(_ box: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent("\(box)-access.log"), encoding: .utf8)) ?? ""
    }

    /// The text of one message from its parts, in whatever order they arrived: a single part's text, or the
    /// octets of concatenated parts joined in sequence order and then decoded. Throws unless the parts are
    /// exactly one message, each part present once.
    static func text(of parts: [Part]) throws -> String {
        if parts.count == 1 && parts[0].udh == nil { return parts[0].text }
        let elements = parts.compactMap(\.concatenation)
        guard elements.count == parts.count, let first = elements.first else {
            throw Failure(description: "no parts, or a part without a concatenation header: \(parts.map(\.udh))")
        }
        guard elements.allSatisfy({ $0.reference == first.reference && $0.count == first.count }),
              elements.map(\.sequence).sorted() == Array(1...max(1, first.count)),
              Set(parts.map(\.charset)).count == 1 else {
            throw Failure(description: "the parts are not one whole message: \(elements), charsets \(parts.map(\.charset))")
        }
        let ordered = zip(elements, parts).sorted { $0.0.sequence < $1.0.sequence }.map(\.1)
        return decode(ordered.flatMap(\.octets), charset: parts[0].charset)
    }

    /// UTF-16BE octets (what Kannel sends with coding 2) or UTF-8 ones (coding 0), as a string.
    static func decode(_ octets: [UInt8], charset: String?) -> String {
        guard charset?.uppercased() == "UTF-16BE" else { return String(decoding: octets, as: UTF8.self) }
        let units = stride(from: 0, to: octets.count - 1, by: 2).map { UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }

    /// One line of sink.jsonl.
    private struct Record: Decodable {
        var to: String
        var from: String
        var coding: Int?
        var charset: String?
        var textHex: String
        var udhHex: String?
        var query: String

        enum CodingKeys: String, CodingKey {
            case to, from, coding, charset, query
            case textHex = "text_hex"
            case udhHex = "udh_hex"
        }

        var part: Part {
            Part(to: to, from: from, coding: coding, charset: charset, octets: Record.bytes(textHex),
                 udh: udhHex.map(Record.bytes), query: query)
        }

        static func bytes(_ hex: String) -> [UInt8] {
            let digits = Array(hex.utf8)
            return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
                UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
            }
        }
    }
}
