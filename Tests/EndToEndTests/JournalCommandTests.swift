import Foundation
import TestSupport
import Testing

/// `mail2sms journal` on the built binary, with the example's rules: what was sent and refused, a number's
/// rate, and the two ways back for a test mail (forget its Message-ID, forget a number's rate). Numbers are
/// masked in everything it prints.
@Suite struct JournalCommandTests {
    /// The example's mails go to +4850123456789.
    static let masked = "+**********789"
    static let number = "+4850123456789"

    /// One delivery of `message` with the example's rules, as the sponsor sends it.
    static func deliver(
        _ message: Data, gateway: FakeGateway, folder: TemporaryFolder, state: TemporaryFolder,
        sender: String = "sponsor@example.com"
    ) throws -> Mail2SMSProcess.Result {
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        return try Mail2SMSProcess.run(["-f", sender, rules], stdin: message, stateDirectory: state.url.path)
    }

    /// `mail2sms --state-dir STATE journal ARGUMENTS`.
    static func journal(_ arguments: [String], state: TemporaryFolder) throws -> Mail2SMSProcess.Result {
        try Mail2SMSProcess.run(["journal"] + arguments, stateDirectory: state.url.path, client: nil)
    }

    static func expectMasked(_ result: Mail2SMSProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            !result.output.contains("50123456789"), "number in clear: \(result.output)",
            sourceLocation: sourceLocation)
        ISEExample.expectNoSecrets(result, sourceLocation: sourceLocation)
    }

    @Test func aSentSMSIsListedWithItsNumberMasked() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        #expect(try Self.deliver(try ISEExample.mail(1), gateway: gateway, folder: folder, state: state).status == 0)
        let list = try Self.journal(["list"], state: state)
        #expect(list.status == 0, "\(list.output)")
        #expect(
            list.stdout.contains("sent to=\(Self.masked) gateway=kannel msgid=<mail1@ise.example.com>"),
            "\(list.stdout)")
        Self.expectMasked(list)
    }

    /// A sender the guard does not allow: the refusal is in the journal, with its reason. A dry run of the
    /// same mail records nothing.
    @Test func aGuardRefusalIsListed() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let dryRun = try Mail2SMSProcess.run(
            ["-n", "-f", "mallory@evil.example", rules], stdin: try ISEExample.mail(1),
            stateDirectory: state.url.path)
        #expect(dryRun.status == 0)
        #expect(try Self.journal(["list"], state: state).stdout == "no journal in \(state.url.path)\n")
        let result = try Self.deliver(
            try ISEExample.mail(1), gateway: gateway, folder: folder, state: state,
            sender: "mallory@evil.example")
        #expect(result.status == 0)
        #expect(try gateway.requests().isEmpty)
        let list = try Self.journal(["list"], state: state)
        #expect(
            list.stdout.contains(
                #"refused to=\#(Self.masked) gateway=kannel msgid=<mail1@ise.example.com> reason="the sender is not allowed by 'allow-sender'""#
            ),
            "\(list.stdout)")
        Self.expectMasked(list)
    }

    @Test func rateShowsTheWindowAfterSends() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        for index in 1...2 {
            #expect(
                try Self.deliver(try ISEExample.mail(index), gateway: gateway, folder: folder, state: state).status == 0
            )
        }
        let rate = try Self.journal(["rate", "+48 501 234 567 89"], state: state)
        #expect(rate.status == 0, "\(rate.output)")
        #expect(rate.stdout.contains("rate of \(Self.masked) over the last 3600 s"), "\(rate.stdout)")
        #expect(rate.stdout.contains("to this number: 2 SMS; the oldest leaves the window at "), "\(rate.stdout)")
        #expect(rate.stdout.contains("in all:         2 SMS"), "\(rate.stdout)")
        Self.expectMasked(rate)
        let other = try Self.journal(["rate", "+4850123456780"], state: state)
        #expect(other.stdout.contains("to this number: 0 SMS\n"), "\(other.stdout)")
    }

    /// The admin's test mail, saved and sent again: already sent, until its Message-ID is forgotten; the
    /// forget is confirmed on stdout and recorded in the log given.
    @Test func forgetMessageIDSendsATestMailAgain() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let mail = try ISEExample.mail(1)
        #expect(try Self.deliver(mail, gateway: gateway, folder: folder, state: state).status == 0)
        #expect(try Self.deliver(mail, gateway: gateway, folder: folder, state: state).status == 0)
        #expect(try gateway.requests().count == 1)
        #expect(try ISEExample.log(folder).contains("outcome=already-sent"))
        let forget = try Self.journal(
            ["forget", "--log", folder.path("mail2sms.log"), "mail1@ise.example.com"], state: state)
        #expect(forget.status == 0, "\(forget.output)")
        #expect(forget.stdout.contains("forgot msgid=mail1@ise.example.com: 1 SMS, 0 refusals"), "\(forget.stdout)")
        #expect(
            try ISEExample.log(folder).contains("journal action=forget msgid=mail1@ise.example.com sms=1 refusals=0"))
        #expect(try Self.deliver(mail, gateway: gateway, folder: folder, state: state).status == 0)
        #expect(try gateway.requests().count == 2)
    }

    /// The example allows 5 SMS an hour to one number: the sixth is deferred (and listed so), then goes
    /// out once the number's rate is forgotten; the five stay sent once.
    @Test func forgetRateLetsTheSixthSMSThrough() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let statuses = try (1...6).map {
            try Self.deliver(try ISEExample.mail($0), gateway: gateway, folder: folder, state: state).status
        }
        #expect(statuses == [0, 0, 0, 0, 0, 75])
        #expect(try Self.journal(["list", "--limit", "2"], state: state).stdout.split(separator: "\n").count == 2)
        let list = try Self.journal(["list"], state: state)
        #expect(list.stdout.split(separator: "\n").count == 6, "\(list.stdout)")
        #expect(
            list.stdout.contains(
                #"temporary to=\#(Self.masked) gateway=kannel msgid=<mail6@ise.example.com> reason="rate limit: 5 SMS per hour to this number""#
            ),
            "\(list.stdout)")
        let forget = try Self.journal(["forget-rate", Self.number], state: state)
        #expect(forget.status == 0, "\(forget.output)")
        #expect(forget.stdout.contains("forgot the rate of \(Self.masked): 5 SMS"), "\(forget.stdout)")
        Self.expectMasked(forget)
        #expect(try Self.journal(["rate", Self.number], state: state).stdout.contains("to this number: 0 SMS"))
        #expect(try Self.deliver(try ISEExample.mail(6), gateway: gateway, folder: folder, state: state).status == 0)
        #expect(try Self.deliver(try ISEExample.mail(1), gateway: gateway, folder: folder, state: state).status == 0)
        #expect(try gateway.requests().count == 6)
    }

    /// A delivery holds the journal's write lock: list and rate read past it, without waiting (the lock's
    /// timeout is ten seconds).
    @Test(.hangLimit) func listDoesNotWaitForAWriter() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        #expect(try Self.deliver(try ISEExample.mail(1), gateway: gateway, folder: folder, state: state).status == 0)
        let locked = folder.path("locked")
        let writer = try RunningProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import sqlite3, time
                c = sqlite3.connect("\(state.path("journal.sqlite"))", isolation_level=None)
                c.execute("BEGIN IMMEDIATE")
                c.execute("UPDATE sms SET at = at")
                open("\(locked)", "w").close()
                time.sleep(5)
                c.execute("ROLLBACK")
                """,
            ], stdin: Data())
        try Poll.until("the writer holds the lock") { FileManager.default.fileExists(atPath: locked) }
        let started = Date()
        let list = try Self.journal(["list"], state: state)
        let rate = try Self.journal(["rate", Self.number], state: state)
        let seconds = Date().timeIntervalSince(started)
        #expect(writer.process.isRunning)
        writer.wait()
        #expect(seconds < 3, "list and rate took \(seconds) s")
        #expect(list.status == 0 && list.stdout.contains("sent to=\(Self.masked)"), "\(list.output)")
        #expect(rate.status == 0 && rate.stdout.contains("to this number: 1 SMS"), "\(rate.output)")
    }

    @Test func aMissingJournalIsNoError() throws {
        let state = try TemporaryFolder()
        for arguments in [["list"], ["rate", Self.number], ["forget", "<x@y>"], ["forget-rate", Self.number]] {
            let result = try Self.journal(arguments, state: state)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout == "no journal in \(state.url.path)\n", "\(arguments)")
        }
    }

    /// Usage errors are 64 and never repeat a number; a journal that cannot be read is 75.
    @Test func usageErrorsAndAnUnreadableJournal() throws {
        let state = try TemporaryFolder()
        for arguments in [
            [], ["lsit"], ["list", "--limit", "0"], ["list", "extra"], ["rate"], ["rate", "4850123456789x"],
            ["forget"], ["list", "--log", "/tmp/x"],
        ] {
            let result = try Self.journal(arguments, state: state)
            #expect(result.status == 64, "\(arguments): \(result.output)")
            #expect(!result.output.contains("4850123456789"))
        }
        _ = try state.write("journal.sqlite", "not a database, but long enough to be read as a header of one\n")
        let result = try Self.journal(["list"], state: state)
        #expect(result.status == 75, "\(result.output)")
        #expect(result.stderr.hasPrefix("mail2sms: journal: \(state.path("journal.sqlite")): "), "\(result.stderr)")
    }
}
