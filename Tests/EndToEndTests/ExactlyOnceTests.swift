import Foundation
import TestSupport
import Testing

/// The journal's promises on the built binary, attacked the way Postfix runs it: many deliveries of one mail
/// at once, many mails to one number at once, a run stopped by SIGTERM. What counts is what reached the
/// gateway. (SystemTests' ExactlyOnceTests kill runs during their request and read the journal by sqlite3.)
@Suite struct ExactlyOnceTests {
    /// Postfix delivers one mail to several recipients at once: twenty runs of the same mail on one state
    /// directory send one SMS, fast gateway or slow; and a second round sends nothing more.
    @Test(.hangLimit, arguments: [0.0, 0.5])
    func twentyConcurrentRunsOfOneMailSendOneSMS(delay: Double) throws {
        let gateway = try FakeGateway(status: 202, delay: delay)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        for round in 1...2 {
            let results = try Mail2SMSProcess.runConcurrently([rules], stdins: Array(repeating: mail, count: 20),
                                                              stateDirectory: state.url.path)
            #expect(results.allSatisfy { [0, 75].contains($0.status) }, "round \(round): \(results.map(\.status)) \(results.map(\.stderr))")
            #expect(try gateway.requests().count == 1, "round \(round)")
            for result in results { ISEExample.expectNoSecrets(result) }
        }
        let log = try ISEExample.log(folder)
        #expect(log.components(separatedBy: "outcome=sent").count - 1 == 1)
    }

    /// Thirty mails to one number at once, `rate-per-number 5`: five SMS, whatever the gateway's speed; the
    /// rest deferred (the example's `over-limit defer`) or dropped.
    @Test(.hangLimit, arguments: [(0.0, "defer"), (0.3, "defer"), (0.0, "drop"), (0.3, "drop")])
    func thirtyConcurrentMailsToOneNumberPassTheRateLimitFiveTimes(delay: Double, overLimit: String) throws {
        let gateway = try FakeGateway(status: 202, delay: delay)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        var rules = try String(contentsOfFile: try ISEExample.rules(port: gateway.port, folder: folder), encoding: .utf8)
        rules = rules.replacingOccurrences(of: "    rate-per-number 5\n", with: "    rate-per-number 5\n    over-limit \(overLimit)\n")
        let path = try folder.write("mailfilter.conf", rules)
        let results = try Mail2SMSProcess.runConcurrently([path], stdins: try (1...30).map { try ISEExample.mail($0) },
                                                          stateDirectory: state.url.path)
        #expect(try gateway.requests().count == 5)
        let statuses = results.map(\.status)
        #expect(statuses.filter { $0 == 0 }.count == (overLimit == "defer" ? 5 : 30), "\(statuses)")
        #expect(statuses.filter { $0 == 75 }.count == (overLimit == "defer" ? 25 : 0), "\(statuses)")
        let log = try ISEExample.log(folder)
        #expect(log.components(separatedBy: "rate limit: 5 SMS per hour to this number").count - 1 == 25,
                "\(log.split(separator: "\n").filter { !$0.contains("rate limit") && $0.contains(" sms ") })")
    }

    /// SIGTERM while a fast gateway answers: the answer is awaited, recorded, and the retry sends nothing.
    @Test(.hangLimit)
    func sigtermLetsARequestInFlightFinish() throws {
        let gateway = try FakeGateway(status: 202, delay: 0.3)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        let running = try Mail2SMSProcess.start([rules], stdin: mail, stateDirectory: state.url.path)
        try Poll.until("the request at the gateway") { try gateway.requests().count == 1 }
        running.send(SIGTERM)
        #expect(running.wait().status == 75)
        #expect(try ISEExample.log(folder).contains("outcome=sent"))
        #expect(try Mail2SMSProcess.run([rules], stdin: mail, stateDirectory: state.url.path).status == 0)
        #expect(try gateway.requests().count == 1)
    }
}
