import Foundation
import TestSupport
import Testing

/// Several relays, one journal in PostgreSQL (a real server started by the test, on 127.0.0.1): three
/// "relays" are three state folders, rules files and password files, no file shared, one database. The guard's
/// rates and the exactly-once promise hold across them; a database that cannot be used defers the mail and
/// sends nothing.
@Suite(.requiresRoot, .requires(.postgresql)) struct SharedJournalTests {
    /// The example's rules for one relay, its log in `folder`, its journal the `journal` block naming the
    /// relay's database and password file.
    static func rules(port: Int, folder: TemporaryFolder, relay: TestJournal) throws -> String {
        let options = relay.options
        let example = try String(contentsOfFile: try ISEExample.rules(port: port, folder: folder), encoding: .utf8)
        return try folder.write(
            "mailfilter.conf",
            "journal {\n    url \"\(options[1])\"\n    password-file \"\(options[3])\"\n}\n\n" + example)
    }

    /// Thirty mails to one number at once, ten on each relay, `rate-per-number 5`: five SMS in all (with a
    /// journal per relay, fifteen would go).
    @Test(.hangLimit)
    func threeRelaysShareTheRateLimit() throws {
        let gateway = try FakeGateway(status: 202)
        let first = try TestJournal(.postgresql)
        let relays = [first, try first.relay(), try first.relay()]
        let folders = try relays.map { _ in try TemporaryFolder() }
        let rules = try relays.indices.map { try Self.rules(port: gateway.port, folder: folders[$0], relay: relays[$0]) }
        let running = try (1...30).map { index in
            try Mail2SMSProcess.start([rules[index % 3]], stdin: try ISEExample.mail(index),
                                      stateDirectory: relays[index % 3].state.url.path)
        }
        let statuses = running.map { $0.wait().status }
        #expect(try gateway.requests().count == 5)
        #expect(statuses.filter { $0 == 0 }.count == 5, "\(statuses)")
        #expect(statuses.filter { $0 == 75 }.count == 25, "\(statuses)")
        #expect(try first.query("SELECT count(*) FROM sms WHERE state = 'sent'") == "5")
    }

    /// One mail delivered to all three relays at once (an SMTP client that retried to the next MX), three
    /// times each: one SMS; the retries on each relay later send nothing more. `mail2sms journal list` on any
    /// relay shows it.
    @Test(.hangLimit)
    func oneMailOnThreeRelaysSendsOnce() throws {
        let gateway = try FakeGateway(status: 202, delay: 0.3)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let first = try TestJournal(.postgresql)
        let relays = [first, try first.relay(), try first.relay()]
        let mail = try ISEExample.mail(1)
        let running = try (0..<9).map { try relays[$0 % 3].start(rules, mail) }
        let statuses = running.map { $0.wait().status }
        #expect(statuses.allSatisfy { [0, 75].contains($0) }, "\(statuses)")
        #expect(try gateway.requests().count == 1)
        for relay in relays {
            #expect(try relay.run(rules, mail).status == 0)
        }
        #expect(try gateway.requests().count == 1)
        let listing = try Mail2SMSProcess.run(relays[2].options + ["journal", "list"], stateDirectory: relays[2].state.url.path)
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.stdout.contains("sent to=+**********789 gateway=kannel msgid=<mail1@ise.example.com>"), "\(listing.stdout)")
    }

    /// PostgreSQL stopped: every mail is deferred (75) and no request leaves; once it is back, the retries send
    /// each SMS once, and a second retry nothing.
    @Test(.hangLimit)
    func databaseDownDefersAndSendsNothing() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let journal = try TestJournal(.postgresql)
        let mails = try (1...3).map { try ISEExample.mail($0) }
        try journal.postgresql!.stop()
        let down = try journal.runConcurrently(rules, mails)
        #expect(down.allSatisfy { $0.status == 75 }, "\(down.map(\.status)) \(down.map(\.stderr))")
        #expect(down.allSatisfy { $0.stderr.contains("journal: postgresql://mail2sms@127.0.0.1:") }, "\(down.map(\.stderr))")
        for result in down { ISEExample.expectNoSecrets(result) }
        #expect(try gateway.requests().isEmpty)
        try journal.postgresql!.start()
        let back = try journal.runConcurrently(rules, mails)
        #expect(back.allSatisfy { $0.status == 0 }, "\(back.map(\.status)) \(back.map(\.stderr))")
        #expect(try gateway.requests().count == 3)
        _ = try journal.runConcurrently(rules, mails)
        #expect(try gateway.requests().count == 3)
    }

    /// A wrong password in the password file: deferred, nothing sent, and neither password in any output or
    /// the log.
    @Test(.hangLimit)
    func wrongPasswordDefersWithoutShowingIt() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let postgresql = try RealPostgreSQL()
        let wrong = "Wr0ng-journal-pw"
        let file = try postgresql.passwordFile(in: folder.url, name: "wrong", password: wrong)
        let result = try Mail2SMSProcess.run(
            ["--journal", postgresql.url, "--journal-password-file", file, rules], stdin: try ISEExample.mail(1),
            stateDirectory: folder.url.path)
        #expect(result.status == 75, "\(result.output)")
        #expect(result.stderr.contains("password authentication failed"), "\(result.stderr)")
        #expect(try gateway.requests().isEmpty)
        ISEExample.expectNoSecrets(result)
        let log = try ISEExample.log(folder)
        for secret in [wrong, postgresql.password] {
            #expect(!result.output.contains(secret) && !log.contains(secret))
        }
    }

    /// On a database no delivery wrote to: the dry run, `journal list`, `rate` and `forget` answer (nothing
    /// sent, nothing to forget) and create no table; the first delivery does.
    @Test(.hangLimit)
    func readersCreateNothing() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let journal = try TestJournal(.postgresql)
        let state = journal.state.url.path
        let dryRun = try Mail2SMSProcess.run(journal.options + ["-n", "-f", "sponsor@example.com", rules],
                                             stdin: try ISEExample.mail(1), stateDirectory: state)
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.stdout.contains("verdict: send"), "\(dryRun.stdout)")
        for command in [["list"], ["rate", "+4850123456789"], ["forget", "<mail1@ise.example.com>"]] {
            let result = try Mail2SMSProcess.run(journal.options + ["journal"] + command, stateDirectory: state)
            #expect(result.status == 0, "\(command): \(result.output)")
        }
        let table = "SELECT to_regclass('mail2sms_sms') IS NULL"
        #expect(try journal.postgresql!.psql(table) == "t")
        #expect(try gateway.requests().isEmpty)
        #expect(try journal.run(rules, try ISEExample.mail(1)).status == 0)
        #expect(try journal.postgresql!.psql(table) == "f")
    }

    /// A database that answers but takes no write (sessions read-only, as a replica or a full disk leaves it):
    /// ten mails deferred with nothing at the gateway; writable again, each sent once.
    @Test(.hangLimit)
    func aReadOnlyDatabaseDefersAndSendsNothing() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let journal = try TestJournal(.postgresql)
        // Each to a number of its own: the example's guard allows five an hour to one number.
        let mails = try (1...11).map { try ISEExample.mail($0, number: String(format: "48600%06d", $0)) }
        #expect(try journal.run(rules, mails[0]).status == 0)
        try journal.postgresql!.psql("ALTER DATABASE mail2sms SET default_transaction_read_only = on", database: "postgres")
        let refused = try journal.runConcurrently(rules, Array(mails.dropFirst()))
        #expect(refused.allSatisfy { $0.status == 75 }, "\(refused.map(\.status)) \(refused.map(\.stderr))")
        #expect(refused.allSatisfy { $0.stderr.contains("read-only transaction") }, "\(refused.map(\.stderr))")
        for result in refused { ISEExample.expectNoSecrets(result) }
        #expect(try gateway.requests().count == 1)
        try journal.postgresql!.psql("ALTER DATABASE mail2sms RESET default_transaction_read_only", database: "postgres")
        #expect(try journal.runConcurrently(rules, mails).allSatisfy { $0.status == 0 })
        #expect(try journal.runConcurrently(rules, mails).allSatisfy { $0.status == 0 })
        #expect(try gateway.requests().count == 11)
    }
}
