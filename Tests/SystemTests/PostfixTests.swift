import Foundation
import TestSupport
import Testing

/// The built binary behind a real Postfix 3.7 and in front of a real Kannel 1.4.5, both on 127.0.0.1: mail
/// goes in over SMTP from the ISE's address, pipe(8) runs mail2sms as nobody with examples/mailfilter.conf, and what reaches
/// Kannel's SMSC is what a phone would get. What Postfix makes of mail2sms's exit status (sent, deferred and
/// retried, bounced) is read from its own log, its queue and the bounces it sends. Each test has its own
/// Postfix (about 0.5 s to start) and Kannel (about 1 s), so counts are exact and the tests run in parallel.
///
/// Every test of the example ends by checking that no Postfix log line, no bounce and no line of mail2sms's
/// log holds a guest password or the gateway's.
@Suite(.requiresRoot, .requires(.postfix)) struct PostfixTests {
    /// One ISE notification: the guest's password and the number it goes to, both its own. The example's guard
    /// allows 5 SMS an hour to one number, so every guest has a number of its own.
    struct Guest {
        var password: String
        /// As ISE writes it in the mail's `to:` line: international, without `+`.
        var number: String

        /// `count` guests: passwords `PREFIX0001`, … (the texts differ) and numbers +48 600 0NN NNN.
        static func numbered(_ prefix: String, _ count: Int, from first: Int = 1) -> [Guest] {
            (first..<first + count).map { Guest(password: String(format: "%@%04d", prefix, $0), number: String(format: "48600%06d", $0)) }
        }

        /// As mail2sms normalizes it and Kannel hands it to its SMSC.
        var e164: String { "+" + number }
        var text: String { "ISE Guest portal Username: jsmith02 Password: \(password)" }

        /// ise-guest-plain.eml with this password and number, and a Message-ID of its own (not made from the
        /// password, which would then show in Postfix's log).
        func message() throws -> Data {
            let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
            return Data(original.replacingOccurrences(of: "Password: t6ub79_6r", with: "Password: \(password)")
                .replacingOccurrences(of: "to: 4850123456789", with: "to: \(number)")
                .replacingOccurrences(of: "<1385847587000.7.JavaMail.ise@ise.example.com>", with: "<\(UUID().uuidString)@ise.example.com>")
                .utf8)
        }
    }

    /// The envelope sender of every test mail: the guard's `allow-sender` is set to allow it alone, and bounces
    /// to it land in RealPostfix's bounces.mbox.
    static let sender = "sponsor@e2e.test"
    static let recipient = "sms@sms.test"
    /// Deferred mail waits for `flush()` alone: no retry of its own in between, so counts stay exact.
    static let noAutomaticRetry = ["POSTFIX_MIN_BACKOFF": "300", "POSTFIX_MAX_BACKOFF": "300"]

    /// What the tests change in examples/mailfilter.conf; each must be there, so that a change of the example
    /// shows here rather than as a timeout.
    static let exampleGateway = "127.0.0.1:13013"
    static let exampleLogFile = "/var/log/mail2sms/mail2sms.log"
    static let exampleAllowSender = #"allow-sender    "[^@]+@([a-z0-9-]+\.)*example\.com""#
    static let exampleCondition = "if (/^Subject:.*Guest.*Text.*Notification/ || /^Subject:.*Guest Account Credentials/)"

    /// examples/mailfilter.conf with its gateway moved to `port`, its log into `state` (where nobody, pipe's
    /// user, may create it) and its guard allowing `sender`.
    static func rules(port: Int, state: URL) throws -> String {
        var text = try SourceTree.example("mailfilter.conf")
        for (old, new) in [(exampleGateway, "127.0.0.1:\(port)"),
                           (exampleLogFile, state.appendingPathComponent("mail2sms.log").path),
                           (ISEExample.secretsPath, state.appendingPathComponent("secrets").path),
                           (exampleAllowSender, #"allow-sender    "sponsor@e2e\.test""#)] {
            guard text.contains(old) else { throw RealPostfix.Failure(description: "examples/mailfilter.conf lacks '\(old)'") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// `rules(port:state:)` for `RealPostfix.init`, which knows `state` only once it made its folder.
    static func rules(port: Int) throws -> (URL) -> String {
        let text = try rules(port: port, state: URL(fileURLWithPath: "/STATE"))
        return { state in text.replacingOccurrences(of: "/STATE/", with: state.path + "/") }
    }

    /// Waits for at least `count` parts at Kannel's SMSC, whatever their numbers, and returns every part there
    /// once Kannel is idle (`RealKannel.isIdle`). For after Postfix logged the deliveries: their runs ended.
    static func parts(_ kannel: RealKannel, atLeast count: Int, timeout: Duration = .seconds(30)) throws -> [RealKannel.Part] {
        try kannel.parts(atLeast: count, timeout: timeout)
    }

    /// Requires one part for each guest's number, with that guest's text, and nothing else.
    static func expectOneSMSEach(_ parts: [RealKannel.Part], _ guests: [Guest], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(parts.count == guests.count, sourceLocation: sourceLocation)
        let received = Dictionary(grouping: parts, by: \.to).mapValues { $0.map(\.text) }
        let expected = Dictionary(uniqueKeysWithValues: guests.map { ($0.e164, [$0.text]) })
        #expect(received == expected, sourceLocation: sourceLocation)
        #expect(parts.allSatisfy { $0.udh == nil && $0.coding == 0 }, sourceLocation: sourceLocation)
    }

    /// Nothing bounced, and neither Postfix's log, nor a bounce, nor mail2sms's log holds a guest password, the
    /// gateway password or a percent-encoded credential.
    static func expectNoBounceAndNoSecrets(_ postfix: RealPostfix, _ guests: [Guest],
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bounces = try postfix.bounces()
        #expect(bounces.isEmpty, "a bounce: \(bounces.prefix(2000))", sourceLocation: sourceLocation)
        let mail2smsLog = (try? String(contentsOf: postfix.state.appendingPathComponent("mail2sms.log"), encoding: .utf8)) ?? ""
        let texts = [("log/postfix.log", try postfix.log().joined(separator: "\n")), ("bounces.mbox", bounces),
                     ("mail2sms.log", mail2smsLog)]
        for secret in guests.map(\.password) + [ISEExample.password, ISEExample.gatewayPassword, "Password%3A"] {
            for (name, text) in texts {
                let leak = text.split(separator: "\n").first { $0.contains(secret) }
                #expect(leak == nil, "\(name) leaks '\(secret)': \(leak ?? "")", sourceLocation: sourceLocation)
            }
        }
    }

    /// 100 notifications in a row: each becomes exactly its own SMS, and Postfix logs each mail sent once,
    /// with nothing deferred.
    @Test(.requires(.kannel), .hangLimit)
    func hundredMailsBecomeHundredSMS() throws {
        let kannel = try RealKannel()
        let postfix = try RealPostfix(rules: PostfixTests.rules(port: kannel.sendsmsPort))
        let guests = Guest.numbered("pw", 100)
        for guest in guests {
            try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient, message: guest.message())
        }
        let sent = try postfix.waitForSent(100, timeout: .seconds(60))
        PostfixTests.expectOneSMSEach(try PostfixTests.parts(kannel, atLeast: 100), guests)
        #expect(sent.count == 100)
        #expect(Set(sent.map(\.queueID)).count == 100)
        #expect(sent.allSatisfy { $0.recipient == PostfixTests.recipient && $0.dsn == "2.0.0" && $0.reason == "delivered via sms service" },
                "\(sent.first { $0.reason != "delivered via sms service" }?.line ?? "")")
        try postfix.waitUntilQueueEmpty()
        #expect(try postfix.deliveries(relay: "sms").count == 100, "an attempt that was not sent")
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, guests)
    }

    /// Nothing listens where the rules send: mail2sms exits 75, Postfix keeps the mail (4.3.0, `temporary
    /// failure`). Once Kannel is there and the rules point at it, the retry sends the SMS, once.
    @Test(.requires(.kannel), .hangLimit)
    func gatewayDownDefersAndTheRetryDeliversOnce() throws {
        let postfix = try RealPostfix(rules: PostfixTests.rules(port: FakeGateway.closedPort()), environment: PostfixTests.noAutomaticRetry)
        let guest = Guest.numbered("down", 1)[0]
        try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient, message: guest.message())
        let deferred = try postfix.waitForDeferred(1)
        let sms = try ISEExample.location(of: ISEExample.smsStatement)
        #expect(deferred[0].dsn == "4.3.0")
        #expect(deferred[0].reason.hasPrefix("temporary failure. Command output: mail2sms: sms at \(postfix.rulesFile.path):\(sms.line):\(sms.column) via gateway kannel"),
                "\(deferred[0].line)")
        #expect(deferred[0].reason.contains("will retry"), "\(deferred[0].line)")
        // qmgr logs the deferral a moment before it moves the file from active/ to deferred/.
        var queued: [RealPostfix.QueuedMail] = []
        try postfix.waitUntil("the mail in the deferred queue") {
            queued = try postfix.queue()
            return queued.first?.queueName == "deferred"
        }
        try #require(queued.count == 1)
        #expect(queued[0].queueID == deferred[0].queueID)
        #expect(queued[0].queueName == "deferred")
        #expect(queued[0].recipients.map(\.address) == [PostfixTests.recipient])
        #expect(queued[0].recipients.first?.delayReason?.hasPrefix("temporary failure. Command output: mail2sms: ") == true)

        let kannel = try RealKannel()
        try postfix.replaceRules(PostfixTests.rules(port: kannel.sendsmsPort, state: postfix.state))
        try postfix.flush()
        let sent = try postfix.waitForSent(1)
        #expect(sent.map(\.queueID) == [deferred[0].queueID])
        PostfixTests.expectOneSMSEach(try PostfixTests.parts(kannel, atLeast: 1), [guest])
        try postfix.waitUntilQueueEmpty()
        #expect(try postfix.deliveries(relay: "sms").map(\.status) == ["deferred", "sent"])
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, [guest])
    }

    /// Rules that do not compile defer the mail (the first error, without its source line, in Postfix's log);
    /// fixed rules deliver it on the next try.
    @Test(.requires(.kannel), .hangLimit)
    func brokenRulesDeferUntilFixed() throws {
        let kannel = try RealKannel()
        let good = try PostfixTests.rules(port: kannel.sendsmsPort)
        let broken = String(PostfixTests.exampleCondition.dropLast())   // without its ')'
        let postfix = try RealPostfix(rules: { good($0).replacingOccurrences(of: PostfixTests.exampleCondition, with: broken) },
                                      environment: PostfixTests.noAutomaticRetry)
        let guest = Guest.numbered("rules", 1)[0]
        try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient, message: guest.message())
        let deferred = try postfix.waitForDeferred(1)
        let condition = try ISEExample.location(of: PostfixTests.exampleCondition)
        #expect(deferred[0].dsn == "4.3.0")
        #expect(deferred[0].reason.hasPrefix("temporary failure. Command output: \(postfix.rulesFile.path):\(condition.line):\(condition.column + broken.count): error: expected ')'"),
                "\(deferred[0].line)")
        try kannel.waitUntilIdle()
        #expect(try kannel.parts().isEmpty)

        try postfix.replaceRules(good(postfix.state))
        try postfix.flush()
        let sent = try postfix.waitForSent(1)
        #expect(sent.map(\.queueID) == [deferred[0].queueID])
        PostfixTests.expectOneSMSEach(try PostfixTests.parts(kannel, atLeast: 1), [guest])
        try postfix.waitUntilQueueEmpty()
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, [guest])
    }

    /// 30 mails wait in the queue (their gateway was down) and go out together once it is back: pipe runs
    /// up to 10 mail2sms at once. Each SMS arrives once, and each line of mail2sms's log is whole: a log
    /// statement's line, or one `sms` record written by one process.
    @Test(.requires(.kannel), .hangLimit)
    func concurrentDeliveriesWriteWholeLogRecords() throws {
        let postfix = try RealPostfix(rules: PostfixTests.rules(port: FakeGateway.closedPort()), environment: PostfixTests.noAutomaticRetry)
        let guests = Guest.numbered("par", 30)
        for guest in guests {
            try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient, message: guest.message())
        }
        try postfix.waitForDeferred(30)

        let kannel = try RealKannel()
        try postfix.replaceRules(PostfixTests.rules(port: kannel.sendsmsPort, state: postfix.state))
        try postfix.flush()
        let sent = try postfix.waitForSent(30, timeout: .seconds(40))
        PostfixTests.expectOneSMSEach(try PostfixTests.parts(kannel, atLeast: 30), guests)
        try postfix.waitUntilQueueEmpty()
        // More than one pipe process delivered: the deliveries overlapped.
        let pipes = Set(sent.compactMap { $0.line.firstMatch(of: #/postfix/pipe\[(\d+)\]/#).map { String($0.1) } })
        #expect(pipes.count > 1, "one pipe process delivered all: \(pipes)")

        let log = try String(contentsOf: postfix.state.appendingPathComponent("mail2sms.log"), encoding: .utf8)
        #expect(log.hasSuffix("\n"))
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let sms = try ISEExample.location(of: ISEExample.smsStatement)
        let record = try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} mail2sms\[(?<pid>\d+)\]: sms to=\+48600\d{6} gateway=kannel "#
            + #"status=(?<status>\d{3}|-) outcome=(?<outcome>sent|temporary) .* msgid=<[^>]+> rule=\S+:"# + String(sms.line)
            + #"(?: error="[^"]*")?$"#)
        let statement = #/^ISE guest notification: sending credentials to 48600\d{6}$/#
        // Each deferred run also said that it sent nothing.
        let nothingSent = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} mail2sms\[\d+\]: nosms reason=deferred sms=1 msgid=<[^>]+>$/#
        var outcomes: [String: Int] = [:], senders: Set<String> = [], statements = 0, deferredRuns = 0
        for line in lines {
            if line.wholeMatch(of: statement) != nil {
                statements += 1
                continue
            }
            if line.wholeMatch(of: nothingSent) != nil {
                deferredRuns += 1
                continue
            }
            guard let match = line.wholeMatch(of: record), let outcome = match["outcome"]?.substring,
                  let status = match["status"]?.substring, let pid = match["pid"]?.substring else {
                Issue.record("not a whole record: '\(line)'")
                continue
            }
            outcomes[String(outcome), default: 0] += 1
            if outcome == "sent" {
                #expect(status == "202")
                senders.insert(String(pid))
            }
        }
        #expect(outcomes == ["temporary": 30, "sent": 30])
        #expect(deferredRuns == 30)
        #expect(senders.count == 30)
        #expect(statements == 60)
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, guests)
    }

    /// The guard judges the envelope sender that pipe(8) passes as `-f ${sender}`: mail from a sender the
    /// example does not allow is dropped (exit 0, so that no bounce goes to a forged sender) without an
    /// attempt, which here would have deferred it.
    @Test(.hangLimit)
    func guardRefusesASenderFromPostfixsEnvelope() throws {
        let postfix = try RealPostfix(rules: PostfixTests.rules(port: FakeGateway.closedPort()))
        let guest = Guest.numbered("guard", 1)[0]
        try postfix.send(from: "mallory@e2e.test", to: PostfixTests.recipient, message: guest.message())
        let sent = try postfix.waitForSent(1)
        #expect(sent[0].dsn == "2.0.0")
        try postfix.waitUntilQueueEmpty()
        let log = try String(contentsOf: postfix.state.appendingPathComponent("mail2sms.log"), encoding: .utf8)
        let records = log.split(separator: "\n").filter { $0.contains(" mail2sms[") }
        #expect(records.count == 2)
        #expect(records.first?.contains("outcome=refused") == true, "\(records)")
        #expect(records.first?.contains(#"error="the sender is not allowed by 'allow-sender'""#) == true, "\(records)")
        #expect(records.last?.contains(" nosms reason=refused sms=1 refused-by=allow-sender ") == true, "\(records)")
        #expect(try postfix.deliveries(relay: "sms").map(\.status) == ["sent"])
        // pipe(8) shows mail2sms's line with exit 0 too: mail.log tells the dropped mail from a sent one.
        #expect(sent[0].reason == "delivered via sms service (mail2sms: no SMS sent: refused by the guard (allow-sender))",
                "\(sent[0].line)")
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, [guest])
    }

    /// Any SMTP client may claim the ISE's envelope sender: one connecting from elsewhere (198.51.100.7, not
    /// the example's `allow-client`) with exactly the allowed sender gets no SMS out of real Kannel.
    @Test(.requires(.kannel), .hangLimit)
    func guardRefusesAnOutsiderClaimingTheAllowedSender() throws {
        let kannel = try RealKannel()
        let postfix = try RealPostfix(rules: PostfixTests.rules(port: kannel.sendsmsPort))
        let guest = Guest.numbered("outsider", 1)[0]
        try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient, message: guest.message(), client: "198.51.100.7")
        try postfix.waitForSent(1)
        try postfix.waitUntilQueueEmpty()
        let log = try String(contentsOf: postfix.state.appendingPathComponent("mail2sms.log"), encoding: .utf8)
        #expect(log.contains(#"outcome=refused"#) && log.contains("the client address is not allowed by 'allow-client'"), "\(log)")
        // The run ended (Postfix logged it): had it sent anything, smsbox accepted it before answering.
        try kannel.waitUntilIdle()
        #expect(try kannel.parts().isEmpty)
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, [guest])
    }

    /// Postfix delivers one mail's recipients in parallel (one pipe(8) run each): ten recipients of the sms
    /// transport are ten mail2sms runs at the same moment with the same Message-ID, and the ISE rules take the
    /// number from the body. Real Kannel's SMSC gets the SMS once; each run ends well (one sent, nine found
    /// it sent, after waiting for the first when they came while it was sending).
    @Test(.requires(.kannel), .hangLimit)
    func oneMailToTenRecipientsIsOneSMS() throws {
        let kannel = try RealKannel()
        let postfix = try RealPostfix(rules: PostfixTests.rules(port: kannel.sendsmsPort))
        let guest = Guest.numbered("ten", 1)[0]
        try postfix.send(from: PostfixTests.sender, toAll: (1...10).map { "sms\($0)@sms.test" }, message: guest.message())
        let sent = try postfix.waitForSent(10)
        #expect(Set(sent.map(\.queueID)).count == 1)
        PostfixTests.expectOneSMSEach(try PostfixTests.parts(kannel, atLeast: 1), [guest])
        try postfix.waitUntilQueueEmpty()
        #expect(try postfix.deliveries(relay: "sms").map(\.status) == Array(repeating: "sent", count: 10))
        let log = try String(contentsOf: postfix.state.appendingPathComponent("mail2sms.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "outcome=sent").count - 1 == 1, "\(log)")
        #expect(log.components(separatedBy: "outcome=already-sent").count - 1 == 9, "\(log)")
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, [guest])
    }

    /// A number that is none is a permanent failure (69): Postfix bounces the mail (5.3.0) to its sender, and
    /// the bounce says why in mail2sms's words, without the gateway's credentials.
    @Test(.hangLimit)
    func noPhoneNumberBouncesToTheSender() throws {
        let postfix = try RealPostfix(rules: { state in
            """
            logfile "\(state.appendingPathComponent("mail2sms.log").path)"
            gateway kannel {
                preset   kannel
                url      "http://127.0.0.1:\(FakeGateway.closedPort())/cgi-bin/sendsms"
                username tester
                password foobar
            }
            sms to "abc" text "hello" via kannel

            """
        })
        try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient,
                         message: Data("From: sponsor@e2e.test\nSubject: no number\n\nhello\n".utf8))
        let bounced = try postfix.waitForDeliveries(1, status: "bounced")
        #expect(bounced[0].dsn == "5.3.0")
        #expect(bounced[0].reason.hasPrefix("service unavailable. Command output: mail2sms: sms at \(postfix.rulesFile.path):8:1 via gateway kannel"),
                "\(bounced[0].line)")
        #expect(bounced[0].reason.contains("the number is not a phone number"), "\(bounced[0].line)")
        try postfix.waitForSent(1, relay: "capture")
        try postfix.waitUntilQueueEmpty()
        let bounce = try postfix.bounces()
        #expect(bounce.hasPrefix("From MAILER-DAEMON "))
        #expect(bounce.contains("\nTo: \(PostfixTests.sender)\n"))
        // Postfix folds long lines, the header fields of the delivery report and its human text alike.
        let unfolded = bounce.replacing(#/\n[ \t]+/#, with: " ")
        #expect(unfolded.contains("Status: 5.3.0\nDiagnostic-Code: x-unix; mail2sms: sms at \(postfix.rulesFile.path):8:1 via gateway kannel"),
                "\(bounce)")
        #expect(unfolded.contains("the number is not a phone number; not sent"))
        #expect(!bounce.contains(ISEExample.gatewayPassword))
        #expect(try !postfix.log().joined(separator: "\n").contains(ISEExample.gatewayPassword))
    }

    /// One mail, two SMS: the first is accepted, the second's gateway is down (75). The retry, once that
    /// gateway is back, sends only the second: the journal in the state folder remembers the first.
    @Test(.requires(.kannel), .hangLimit)
    func retryAfterPartialFailureSendsOnlyWhatIsMissing() throws {
        let kannel = try RealKannel()
        func rules(secondPort: Int, state: URL) -> String {
            """
            logfile "\(state.appendingPathComponent("mail2sms.log").path)"
            gateway kannel {
                preset   kannel
                url      "http://127.0.0.1:\(kannel.sendsmsPort)/cgi-bin/sendsms"
                username tester
                password foobar
            }
            gateway second {
                preset   kannel
                url      "http://127.0.0.1:\(secondPort)/cgi-bin/sendsms"
                username tester
                password foobar
            }
            if (/^Password:\\s*(\\S+)/:b)
                PASSWORD=$MATCH1
            sms to "+48600100301" text "first $PASSWORD" via kannel
            sms to "+48600100302" text "second $PASSWORD" via second

            """
        }
        let postfix = try RealPostfix(rules: { rules(secondPort: FakeGateway.closedPort(), state: $0) },
                                      environment: PostfixTests.noAutomaticRetry)
        let guest = Guest.numbered("half", 1)[0]
        try postfix.send(from: PostfixTests.sender, to: PostfixTests.recipient, message: guest.message())
        try postfix.waitForDeferred(1)
        #expect(try kannel.parts(to: "+48600100301", atLeast: 1).map(\.text) == ["first \(guest.password)"])

        // Only the port changes: the sms statements keep their lines, which are part of the journal's key.
        try postfix.replaceRules(rules(secondPort: kannel.sendsmsPort, state: postfix.state))
        try postfix.flush()
        try postfix.waitForSent(1)
        #expect(try kannel.parts(to: "+48600100302", atLeast: 1).map(\.text) == ["second \(guest.password)"])
        #expect(try kannel.parts().filter { $0.to == "+48600100301" }.count == 1)
        try postfix.waitUntilQueueEmpty()
        try PostfixTests.expectNoBounceAndNoSecrets(postfix, [guest])
    }
}
