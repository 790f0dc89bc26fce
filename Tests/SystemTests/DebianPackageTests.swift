import Foundation
import TestSupport
import Testing

/// The Debian package that `make deb` built in .build/deb (make test builds it before running the tests),
/// installed on this machine with dpkg, used as an administrator would (the Postfix settings it ships in
/// /usr/share/doc/mail2sms/examples applied verbatim to a Postfix of the test's own, its
/// /etc/mail2sms/mailfilter.conf pointed at a real Kannel), then purged: the account, the directories, the
/// conffiles and every file of the package must be gone.
///
/// The machine is changed while the test runs (/usr/bin/mail2sms, the account mail2sms, /etc/mail2sms, …), so
/// the test refuses to run where any of that exists already, and two runs on one machine take turns (a lock in
/// /run/lock). A failing test still purges the package.
@Suite(.requiresRoot, .requires(.dpkg), .requires(.postfix), .requires(.kannel), .requires(.logrotate),
       .requires(.readelf), .requires(.setpriv), .requiresBuiltPackage)
struct DebianPackageTests {
    @Test(.hangLimit)
    func installSendAnSMSThroughPostfixAndPurge() throws {
        let deb = try #require(DebianPackage.built, "no package in .build/deb: make deb")
        let lock = try MachineLock(path: "/run/lock/mail2sms-package-test.lock")
        defer { withExtendedLifetime(lock) {} }
        try DebianPackage.requireAbsent()

        var purged = false
        defer {
            if !purged { _ = try? DebianPackage.dpkg(["--purge", DebianPackage.name]) }
        }
        try DebianPackage.dpkg(["-i", deb.path])
        let files = try DebianPackage.files()
        try DebianPackageTests.expectInstalled(deb)
        try DebianPackageTests.sendThroughPostfixAndKannel()
        try DebianPackageTests.expectLogRotation()

        try DebianPackage.dpkg(["--purge", DebianPackage.name])
        purged = true
        try DebianPackageTests.expectPurged(files)
    }

    /// The version, the account, the directories and files with their owners and modes, the conffiles, and a
    /// hardened binary that accepts the shipped rules when it runs as mail2sms.
    static func expectInstalled(_ deb: URL) throws {
        let version = try DebianPackage.query("${Version}")
        #expect(deb.lastPathComponent.hasPrefix("\(DebianPackage.name)_\(version)_"))
        let sourceVersion = try DebianPackage.changelogVersion()
        #expect(version == sourceVersion, "the package in .build/deb is not of this source tree's version: make deb")
        #expect(try ChildProcess.run(DebianPackage.binary, ["--version"]).stdout == "mail2sms \(version)\n")

        let account = try #require(getpwnam("mail2sms"), "no account mail2sms")
        let group = try #require(getgrnam("mail2sms"), "no group mail2sms")
        #expect(account.pointee.pw_uid < 1000, "not a system account")
        #expect(account.pointee.pw_gid == group.pointee.gr_gid)
        #expect(String(cString: account.pointee.pw_shell) == "/usr/sbin/nologin")
        #expect(String(cString: account.pointee.pw_dir) == "/nonexistent")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent"))

        for (path, owner, group, mode) in [("/usr/bin/mail2sms", "root", "root", 0o755),
                                           ("/etc/mail2sms", "root", "root", 0o755),
                                           ("/etc/mail2sms/mailfilter.conf", "root", "mail2sms", 0o640),
                                           ("/etc/mail2sms/secrets", "root", "mail2sms", 0o640),
                                           ("/etc/logrotate.d/mail2sms", "root", "root", 0o644),
                                           ("/var/lib/mail2sms", "mail2sms", "mail2sms", 0o750),
                                           ("/var/log/mail2sms", "mail2sms", "adm", 0o750)] {
            #expect(try DebianPackage.ownership(path) == DebianPackage.Ownership(owner: owner, group: group, mode: mode), "\(path)")
        }
        #expect(try String(contentsOfFile: "/etc/mail2sms/secrets", encoding: .utf8) == SourceTree.example("secrets"))
        // maildrop's package has mailfilter(5): the package's is mail2sms-mailfilter(5), and mail2sms(1) says so.
        #expect(FileManager.default.fileExists(atPath: "/usr/share/man/man5/mail2sms-mailfilter.5.gz"))
        #expect(!(try DebianPackage.files()).contains("/usr/share/man/man5/mailfilter.5.gz"))
        let rules = try String(contentsOfFile: DebianPackage.rules, encoding: .utf8)
        #expect(rules.contains(#"logfile "/var/log/mail2sms/mail2sms.log""#))
        #expect(rules.contains(DebianPackage.exampleGateway))
        #expect(rules.contains(#"password-file "/etc/mail2sms/secrets""#), "the rules do not take the password from secrets")
        let conffiles = try DebianPackage.query("${Conffiles}").split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(conffiles) == ["/etc/mail2sms/mailfilter.conf", "/etc/mail2sms/secrets", "/etc/logrotate.d/mail2sms"])

        // dpkg-buildflags' hardening, which lintian only partly checks (bind-now is an I: there).
        let dynamic = try ChildProcess.run(SystemProgram.readelf.url, ["-d", DebianPackage.binary.path]).stdout
        let segments = try ChildProcess.run(SystemProgram.readelf.url, ["-lW", DebianPackage.binary.path]).stdout
        #expect(dynamic.contains("Flags: NOW PIE"), "not a PIE bound at start: \(dynamic)")
        #expect(segments.contains("GNU_RELRO"))

        let check = try ChildProcess.run(SystemProgram.setpriv.url, DebianPackage.asMail2SMS + [DebianPackage.binary.path, "--check", DebianPackage.rules])
        #expect(check.status == 0, "mail2sms --check as mail2sms: \(check.output)")
    }

    /// The package's Postfix settings, verbatim, in a Postfix of the test's own: the ISE's sample mail from
    /// /usr/share/doc/mail2sms/examples, sent over SMTP from an ISE node's address, becomes exactly one SMS at
    /// Kannel's SMSC, sent by /usr/bin/mail2sms running as mail2sms with /etc/mail2sms/mailfilter.conf and the
    /// password in /etc/mail2sms/secrets, which logs to /var/log/mail2sms and keeps its journal in
    /// /var/lib/mail2sms. The same mail from another address is refused at RCPT TO (ise_clients) and sends
    /// nothing.
    static func sendThroughPostfixAndKannel() throws {
        let kannel = try RealKannel()
        // Written in place, so that the conffile keeps its owner and mode.
        let rules = try String(contentsOfFile: DebianPackage.rules, encoding: .utf8)
        try Data(rules.replacingOccurrences(of: DebianPackage.exampleGateway, with: "127.0.0.1:\(kannel.sendsmsPort)").utf8)
            .write(to: URL(fileURLWithPath: DebianPackage.rules))
        #expect(try DebianPackage.ownership(DebianPackage.rules) == DebianPackage.Ownership(owner: "root", group: "mail2sms", mode: 0o640))

        let postfix = try RealPostfix(snippet: DebianPackage.examples)
        let mail = try Data(contentsOf: DebianPackage.examples.appendingPathComponent("ise-guest-plain.eml"))
        // ise_clients and the guard allow 192.0.2.10 (RealPostfix.send's client), the guard senders at
        // (ise.)example.com.
        try postfix.send(from: "ise@ise.example.com", to: "guest-sms@sms.example.com", message: mail)
        do {
            try postfix.send(from: "ise@ise.example.com", to: "guest-sms@sms.example.com", message: mail, client: "198.51.100.7")
            Issue.record("a client not in ise_clients could send to the SMS domain")
        } catch let refusal as RealPostfix.Failure {
            #expect(refusal.description.contains("554"), "\(refusal)")
        }
        let sent = try postfix.waitForSent(1)
        #expect(sent.map(\.reason) == ["delivered via sms service"], "\(sent.map(\.line))")

        let parts = try kannel.parts(atLeast: 1)
        #expect(parts.map(\.to) == ["+4850123456789"])
        #expect(parts.map(\.text) == [ISEExample.text])
        try postfix.waitUntilQueueEmpty()
        #expect(try postfix.deliveries(relay: "sms").count == 1)
        #expect(try postfix.bounces().isEmpty)

        let log = try String(contentsOfFile: DebianPackage.log, encoding: .utf8)
        #expect(log.contains(" outcome=sent "), "\(log)")
        for secret in [ISEExample.password, ISEExample.gatewayPassword] {
            #expect(!log.contains(secret), "the log holds '\(secret)'")
        }
        #expect(try DebianPackage.ownership(DebianPackage.log) == DebianPackage.Ownership(owner: "mail2sms", group: "mail2sms", mode: 0o600))
        #expect(try DebianPackage.ownership("/var/lib/mail2sms/journal.sqlite").owner == "mail2sms")
    }

    /// logrotate with the package's file, forced: the log moves aside and a new one is there at once, as mail2sms
    /// would create it (0600, mail2sms's user and group), so that nothing but the next run's record changes.
    static func expectLogRotation() throws {
        let state = try TemporaryFolder()
        let rotation = try ChildProcess.run(SystemProgram.logrotate.url, ["-f", "-s", state.path("status"), "/etc/logrotate.d/mail2sms"])
        #expect(rotation.status == 0, "logrotate: \(rotation.output)")
        #expect(try DebianPackage.ownership(DebianPackage.log + ".1") == DebianPackage.Ownership(owner: "mail2sms", group: "mail2sms", mode: 0o600))
        #expect(try DebianPackage.ownership(DebianPackage.log) == DebianPackage.Ownership(owner: "mail2sms", group: "mail2sms", mode: 0o600))
        #expect(try String(contentsOfFile: DebianPackage.log, encoding: .utf8).isEmpty)
    }

    /// Nothing of the package is left: not the package in dpkg's database, not the account or the group, not
    /// /etc/mail2sms, /var/lib/mail2sms or /var/log/mail2sms, and of `files` (dpkg -L before the purge) only
    /// directories that other packages ship.
    static func expectPurged(_ files: [String]) throws {
        let status = try ChildProcess.run(SystemProgram.dpkg.url("dpkg-query"), ["-W", "-f", "${db:Status-Status}", DebianPackage.name])
        #expect(status.status != 0 || status.stdout == "not-installed", "dpkg still knows mail2sms: \(status.output)")
        #expect(getpwnam("mail2sms") == nil, "the account mail2sms is left")
        #expect(getgrnam("mail2sms") == nil, "the group mail2sms is left")
        for path in ["/etc/mail2sms", "/var/lib/mail2sms", "/var/log/mail2sms"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left")
        }
        for path in files where FileManager.default.fileExists(atPath: path) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let owners = try ChildProcess.run(SystemProgram.dpkg.url("dpkg-query"), ["-S", path])
            #expect(isDirectory.boolValue && owners.status == 0, "\(path) is left, and is no directory of another package")
        }
    }
}

/// The package as `make deb` builds it and as it installs.
enum DebianPackage {
    static let name = "mail2sms"
    static let binary = URL(fileURLWithPath: "/usr/bin/mail2sms")
    static let rules = "/etc/mail2sms/mailfilter.conf"
    static let log = "/var/log/mail2sms/mail2sms.log"
    static let examples = URL(fileURLWithPath: "/usr/share/doc/mail2sms/examples")
    /// The gateway of examples/mailfilter.conf, which the test points at its Kannel.
    static let exampleGateway = "127.0.0.1:13013"
    /// setpriv's arguments that run a command as the account mail2sms, as pipe(8)'s `user=mail2sms` does.
    static let asMail2SMS = ["--reuid", "mail2sms", "--regid", "mail2sms", "--init-groups", "--"]

    /// The .deb in .build/deb (not its -dbgsym companion), if `make deb` built one.
    static var built: URL? {
        let folder = SourceTree.root.appendingPathComponent(".build/deb")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let debs = names.filter { $0.hasPrefix("\(name)_") && $0.hasSuffix(".deb") }
        return debs.count == 1 ? folder.appendingPathComponent(debs[0]) : nil
    }

    /// The version at the top of debian/changelog: `mail2sms (VERSION) …`.
    static func changelogVersion() throws -> String {
        let first = try String(contentsOf: SourceTree.root.appendingPathComponent("debian/changelog"), encoding: .utf8)
            .prefix { $0 != "\n" }
        guard let open = first.firstIndex(of: "("), let close = first.firstIndex(of: ")") else {
            throw Failure(description: "debian/changelog: no version in '\(first)'")
        }
        return String(first[first.index(after: open)..<close])
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Ownership: Equatable {
        var owner: String
        var group: String
        var mode: Int
    }

    static func ownership(_ path: String) throws -> Ownership {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return Ownership(owner: attributes[.ownerAccountName] as? String ?? "?", group: attributes[.groupOwnerAccountName] as? String ?? "?",
                         mode: (attributes[.posixPermissions] as? Int ?? -1) & 0o7777)
    }

    /// Throws unless nothing the package would make or remove exists: the test must not purge an administrator's
    /// installation, nor take a leftover for its own.
    static func requireAbsent() throws {
        let status = try ChildProcess.run(SystemProgram.dpkg.url("dpkg-query"), ["-W", "-f", "${db:Status-Status}", name])
        var found: [String] = []
        if status.status == 0 && status.stdout != "not-installed" { found.append("the package (\(status.stdout))") }
        if getpwnam("mail2sms") != nil { found.append("the account mail2sms") }
        if getgrnam("mail2sms") != nil { found.append("the group mail2sms") }
        found += ["/usr/bin/mail2sms", "/etc/mail2sms", "/var/lib/mail2sms", "/var/log/mail2sms"].filter {
            FileManager.default.fileExists(atPath: $0)
        }
        guard found.isEmpty else {
            throw Failure(description: "this machine has \(found.joined(separator: ", ")): the test installs mail2sms and purges it, "
                + "which would remove them; remove them first (dpkg --purge mail2sms)")
        }
    }

    /// Runs dpkg with ARGUMENTS; throws with its output unless it succeeds. Waits while another dpkg or apt holds
    /// dpkg's lock (up to a minute), since dpkg itself does not.
    static func dpkg(_ arguments: [String]) throws {
        let environment = ProcessInfo.processInfo.environment.merging(
            ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive"]) { $1 }
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let result = try ChildProcess.run(SystemProgram.dpkg.url, arguments, environment: environment)
            if result.status == 0 { return }
            guard result.stderr.contains("lock"), ContinuousClock.now < deadline else {
                throw Failure(description: "dpkg \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }

    /// `dpkg-query -W -f FORMAT mail2sms`.
    static func query(_ format: String) throws -> String {
        let result = try ChildProcess.run(SystemProgram.dpkg.url("dpkg-query"), ["-W", "-f", format, name])
        guard result.status == 0 else { throw Failure(description: "dpkg-query -W -f '\(format)' exited \(result.status): \(result.output)") }
        return result.stdout
    }

    /// Every path of the installed package (`dpkg -L`), directories included, but not `/.`.
    static func files() throws -> [String] {
        let result = try ChildProcess.run(SystemProgram.dpkg.url, ["-L", name])
        guard result.status == 0 else { throw Failure(description: "dpkg -L exited \(result.status): \(result.output)") }
        return result.stdout.split(separator: "\n").map(String.init).filter { $0 != "/." }
    }
}

/// An exclusive lock on a file, held while the value lives: runs of the test on one machine (make test in two
/// worktrees) take turns with the machine's one dpkg database and one /usr/bin/mail2sms.
final class MachineLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DebianPackage.Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw DebianPackage.Failure(description: "flock \(path): \(reason)")
        }
    }

    deinit { close(descriptor) }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `make deb` left a package in .build/deb (make test builds it first).
    static var requiresBuiltPackage: Self {
        .enabled(if: DebianPackage.built != nil, "needs the Debian package: make deb (make test builds it first)")
    }
}
