import Foundation
import TestSupport
import Testing

/// The README's setup for `make install`, run as written: its commands (the account, the directories, the
/// rules and the secrets file) from the source tree, then the binary as the account mail2sms (pipe(8)'s
/// `user=mail2sms`) with /etc/mail2sms/mailfilter.conf sends the ISE mail with the password from
/// /etc/mail2sms/secrets, logs to /var/log/mail2sms and keeps its journal in /var/lib/mail2sms. Then the
/// README's removal commands leave nothing. Takes turns with DebianPackageTests (the same account and paths).
@Suite(.requiresRoot, .requires(.setpriv), .requires(.adduser))
struct SourceInstallTests {
    static let password = "the-gateway-password"

    /// The shell block after `marker` in README.md.
    static func readmeBlock(after marker: String) throws -> String {
        let readme = try String(contentsOf: SourceTree.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: marker), "README.md has no '\(marker)'")
        let block = try #require(readme[start.upperBound...].range(of: "```sh\n"))
        let end = try #require(readme[block.upperBound...].range(of: "```\n"))
        return String(readme[block.upperBound..<end.lowerBound])
    }

    static func shell(_ script: String) throws -> Mail2SMSProcess.Result {
        let environment = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        return try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"),
                                    ["-ec", "cd '\(SourceTree.root.path)'\n" + script], environment: environment)
    }

    /// make test builds the release binary before the tests; the limit also covers waiting for the package
    /// test, which holds the machine lock.
    @Test(.hangLimit)
    func theReadmesCommandsMakeAWorkingSetup() throws {
        let lock = try MachineLock(path: "/run/lock/mail2sms-package-test.lock")
        defer { withExtendedLifetime(lock) {} }
        try DebianPackage.requireAbsent()
        let setup = try Self.readmeBlock(after: "It creates no\naccount, directory or configuration; as root:")
        #expect(setup.contains("printf '%s\\n' '\(Self.password)' > /etc/mail2sms/secrets"))
        let removal = try Self.readmeBlock(after: "To remove them after `make uninstall`:")
        var removed = false
        defer { if !removed { _ = try? Self.shell(removal) } }
        let result = try Self.shell(setup)
        #expect(result.status == 0, "\(result.output)")

        for (path, owner, group, mode) in [("/etc/mail2sms/mailfilter.conf", "root", "mail2sms", 0o640),
                                           ("/etc/mail2sms/secrets", "root", "mail2sms", 0o640),
                                           ("/var/lib/mail2sms", "mail2sms", "mail2sms", 0o750),
                                           ("/var/log/mail2sms", "mail2sms", "adm", 0o750),
                                           ("/etc/logrotate.d/mail2sms", "root", "root", 0o644)] {
            #expect(try DebianPackage.ownership(path) == DebianPackage.Ownership(owner: owner, group: group, mode: mode), "\(path)")
        }
        // The gateway moved to a stand-in, in place: the file keeps its owner and mode.
        let gateway = try FakeGateway(status: 202)
        let rules = try String(contentsOfFile: DebianPackage.rules, encoding: .utf8)
        try Data(rules.replacingOccurrences(of: DebianPackage.exampleGateway, with: "127.0.0.1:\(gateway.port)").utf8)
            .write(to: URL(fileURLWithPath: DebianPackage.rules))

        let bin = try TemporaryFolder()
        let executable = try JournalFaultTests.executableForNobody(in: bin)
        let run = try ChildProcess.run(
            SystemProgram.setpriv.url,
            DebianPackage.asMail2SMS + [executable, "-f", "ise@ise.example.com", "-r", "guest-sms@sms.example.com",
                                        "--client", Mail2SMSProcess.iseClient, DebianPackage.rules],
            stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(run.status == 0, "\(run.output)")
        #expect(try gateway.requests().map { $0.values("password") } == [[Self.password]])
        #expect(try DebianPackage.ownership(DebianPackage.log).owner == "mail2sms")
        #expect(try DebianPackage.ownership("/var/lib/mail2sms/journal.sqlite").owner == "mail2sms")
        withExtendedLifetime(bin) {}

        let cleanup = try Self.shell(removal)
        removed = true
        #expect(cleanup.status == 0, "\(cleanup.output)")
        #expect(getpwnam("mail2sms") == nil && getgrnam("mail2sms") == nil, "the account or group mail2sms is left")
        for path in ["/etc/mail2sms", "/var/lib/mail2sms", "/var/log/mail2sms", "/etc/logrotate.d/mail2sms"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left")
        }
    }
}
