import Foundation
import TestSupport
import Testing

/// The journal's promises where a run dies or is stopped during its request: kill -9 at random moments,
/// SIGTERM during a slow request. What counts is what reached the gateway, and what the journal holds
/// afterwards, read by the sqlite3 command.
@Suite(.requires(.sqlite3)) struct ExactlyOnceTests {
    /// Requests the gateway received, by the password in their text.
    static func requestsByPassword(_ gateway: FakeGateway) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for request in try gateway.requests() {
            let text = request.values("text").first ?? ""
            counts[String(text.split(separator: " ").last ?? ""), default: 0] += 1
        }
        return counts
    }

    /// The example with `in-doubt POLICY` in its guard, its gateway at `port`, its log in `folder`.
    static func rules(port: Int, folder: TemporaryFolder, inDoubt: String) throws -> String {
        let rules = try String(contentsOfFile: try ISEExample.rules(port: port, folder: folder), encoding: .utf8)
            .replacingOccurrences(of: "    rate-per-number 5\n", with: "    rate-per-number 5\n    in-doubt \(inDoubt)\n")
        return try folder.write("mailfilter.conf", rules)
    }

    /// kill -9 at thirty random moments of a send to a gateway that takes a second to answer, then a retry of
    /// each mail. `resend`: nothing lost, and every SMS that arrived twice is one the log called in doubt.
    /// `skip`: nothing twice, and every SMS that never arrived is one the log called in doubt.
    @Test(.hangLimit, arguments: ["resend", "skip"])
    func killedDuringTheRequestThenRetried(inDoubt: String) throws {
        let gateway = try FakeGateway(status: 202, delay: 1)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, folder: folder, inDoubt: inDoubt)
        let mails = try (1...30).map { try ISEExample.mail($0, number: String(format: "48600%06d", $0)) }
        let running = try mails.map { try Mail2SMSProcess.start([rules], stdin: $0, stateDirectory: state.url.path) }
        // Each at its own random moment from its start, in order of those moments.
        let start = Date()
        for (index, moment) in running.indices.map({ ($0, Double.random(in: 0...1.2)) }).sorted(by: { $0.1 < $1.1 }) {
            Thread.sleep(until: start.addingTimeInterval(moment))
            running[index].send(SIGKILL)
        }
        let first = running.map { $0.wait() }
        let retries = try Mail2SMSProcess.runConcurrently([rules], stdins: mails, stateDirectory: state.url.path)
        #expect(retries.allSatisfy { $0.status == 0 }, "\(retries.map(\.status)) \(retries.map(\.stderr))")
        let counts = try Self.requestsByPassword(gateway)
        let log = try ISEExample.log(folder).split(separator: "\n")
        var killedInFlight = 0
        for index in 1...30 {
            let count = counts["pw\(index)"] ?? 0
            let inDoubtRecord = log.contains { $0.contains("msgid=<mail\(index)@ise.example.com>") && $0.contains("outcome=in-doubt") }
            if first[index - 1].status == -SIGKILL && inDoubtRecord { killedInFlight += 1 }
            if inDoubt == "resend" {
                #expect(count >= 1, "mail \(index) lost")
                #expect(count <= 2, "mail \(index) sent \(count) times")
                if count == 2 { #expect(inDoubtRecord, "mail \(index) sent twice, not logged in doubt") }
            } else {
                #expect(count <= 1, "mail \(index) sent \(count) times")
                if count == 0 { #expect(inDoubtRecord, "mail \(index) never sent, not logged in doubt") }
            }
        }
        // The kills did land during requests: the test would prove nothing otherwise.
        #expect(killedInFlight >= 10, "only \(killedInFlight) of 30 kills left an SMS in doubt")
        #expect(try Self.pendingRows(state) == 0)
    }

    /// SIGTERM during a request the gateway takes five seconds to answer: 75 within two seconds, no pending
    /// row left, the SMS in doubt as the policy says; the retry does what the policy says.
    @Test(.hangLimit, arguments: ["resend", "skip"])
    func sigtermDuringASlowRequest(inDoubt: String) throws {
        let gateway = try FakeGateway(status: 202, delay: 5)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, folder: folder, inDoubt: inDoubt)
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        let running = try Mail2SMSProcess.start([rules], stdin: mail, stateDirectory: state.url.path)
        try Poll.until("the request at the gateway") { try gateway.requests().count == 1 }
        let signalled = Date()
        running.send(SIGTERM)
        let result = running.wait()
        let seconds = Date().timeIntervalSince(signalled)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(seconds < 2, "took \(seconds) s after SIGTERM")
        #expect(result.stderr.contains("signal 15"), "\(result.stderr)")
        ISEExample.expectNoSecrets(result)
        #expect(try Self.pendingRows(state) == 0)
        #expect(try Self.sqlite(state, "PRAGMA integrity_check") == "ok")
        #expect(try ISEExample.log(folder).contains("outcome=in-doubt"))
        let retry = try Mail2SMSProcess.run([rules], stdin: mail, stateDirectory: state.url.path)
        #expect(retry.status == 0)
        #expect(try gateway.requests().count == (inDoubt == "resend" ? 2 : 1))
    }

    /// The first column of the first row of `sql` on the journal in `state`, by the sqlite3 command.
    static func sqlite(_ state: TemporaryFolder, _ sql: String) throws -> String {
        let result = try ChildProcess.run(SystemProgram.sqlite3.url, [state.path("journal.sqlite"), sql])
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func pendingRows(_ state: TemporaryFolder) throws -> Int {
        Int(try sqlite(state, "SELECT count(*) FROM sms WHERE state = 'pending'")) ?? -1
    }
}
