import Foundation
import TestSupport
import Testing

/// `--check --user nobody`: the deployment as the pipe's `user=nobody` would find it. A correct one passes in
/// silence; each usual fault is named with its file and its fix, and the status is 65.
@Suite(.requiresRoot) struct DeploymentCheckTests {
    /// The example deployed in a folder as the README deploys it for `nobody`: the rules root's and
    /// readable, the secrets file nobody's (0600), the log and state directories nobody's.
    struct Deployment {
        let folder: TemporaryFolder
        var rules: String { folder.path("etc/mailfilter.conf") }
        var secrets: String { folder.path("etc/secrets") }
        var log: String { folder.path("log") }
        var state: String { folder.path("state") }

        init(inlinePassword: Bool = false) throws {
            folder = try TemporaryFolder()
            chmod(folder.url.path, 0o755)
            let files = FileManager.default
            for directory in ["etc", "log", "state"] {
                try files.createDirectory(atPath: folder.path(directory), withIntermediateDirectories: true)
            }
            chmod(folder.path("etc"), 0o755)
            var rules = try SourceTree.example("mailfilter.conf")
                .replacingOccurrences(of: "/var/log/mail2sms/mail2sms.log", with: folder.path("log/mail2sms.log"))
                .replacingOccurrences(of: ISEExample.secretsPath, with: secrets)
            if inlinePassword {
                rules = rules.replacingOccurrences(of: "password-file \"\(secrets)\"", with: "password      playersecret")
            }
            _ = try folder.write("etc/mailfilter.conf", rules)
            chmod(self.rules, 0o644)
            _ = try folder.write("etc/secrets", "playersecret\n")
            chmod(secrets, 0o600)
            let nobody = getpwnam("nobody")!.pointee
            for path in [secrets, log, state] { chown(path, nobody.pw_uid, nobody.pw_gid) }
            chmod(log, 0o750)
            chmod(state, 0o700)
        }

        func check() throws -> Mail2SMSProcess.Result {
            try ChildProcess.run(
                Mail2SMSProcess.executable, ["--check", "--user", "nobody", "--state-dir", state, rules])
        }
    }

    @Test func aCorrectDeploymentPassesInSilence() throws {
        let deployment = try Deployment()
        let result = try deployment.check()
        #expect(result.status == 0)
        #expect(result.output == "")
    }

    /// A fault made in a correct deployment, and the line that must name it.
    struct Fault: CustomStringConvertible, Sendable {
        var description: String
        var inlinePassword = false
        var make: @Sendable (Deployment) throws -> Void
        var finding: @Sendable (Deployment) -> String
    }

    static let faults: [Fault] = [
        Fault(
            description: "group-writable rules file", make: { chmod($0.rules, 0o664) },
            finding: {
                "\($0.rules): group or others may write it (mode 0664); delivery refuses such a rules file;"
                    + " fix: chmod go-w \($0.rules)"
            }),
        Fault(
            description: "rules file the user cannot read", make: { chmod($0.rules, 0o600) },
            finding: {
                "\($0.rules): nobody cannot read it (owner root, mode 0600); fix: chgrp nogroup \($0.rules)"
                    + " && chmod g+r,g-w \($0.rules)"
            }),
        Fault(
            description: "world-readable file with a password", inlinePassword: true, make: { _ in },
            finding: {
                "\($0.rules): every user can read it (mode 0644) and it holds the password or API key of gateway"
                    + " 'kannel'; fix: chmod o-r \($0.rules), or move the secret to a 'password-file' or 'api-key-file'"
            }),
        Fault(
            description: "secrets file others can read", make: { chmod($0.secrets, 0o644) },
            finding: {
                "\($0.secrets): others may read it, or group or others write it (mode 0644); delivery refuses such"
                    + " a secrets file; fix: chmod o-rwx,g-w \($0.secrets)"
            }),
        Fault(
            description: "secrets file the user cannot read", make: { chown($0.secrets, 0, 0) },
            finding: { "\($0.secrets): nobody cannot read it (owner root, mode 0600); fix: chgrp nogroup" }),
        Fault(
            description: "missing log directory", make: { try FileManager.default.removeItem(atPath: $0.log) },
            finding: {
                "\($0.log): the log directory does not exist; fix: install -d -o nobody -m 0750 \($0.log)"
            }),
        Fault(
            description: "missing state directory", make: { try FileManager.default.removeItem(atPath: $0.state) },
            finding: {
                "\($0.state): the state directory does not exist; fix: install -d -o nobody -m 0750 \($0.state)"
            }),
        Fault(
            description: "state directory the user cannot write", make: { chown($0.state, 0, 0); chmod($0.state, 0o755) },
            finding: {
                "\($0.state): nobody cannot write in this directory (owner root, mode 0755); fix: chown nobody"
                    + " \($0.state)"
            }),
        Fault(
            description: "journal that is not a database",
            make: { deployment in
                let journal = deployment.state + "/journal.sqlite"
                try Data("not a database".utf8).write(to: URL(fileURLWithPath: journal))
                let nobody = getpwnam("nobody")!.pointee
                chown(journal, nobody.pw_uid, nobody.pw_gid)
            },
            finding: {
                "\($0.state)/journal.sqlite: the journal cannot be read (file is not a database); every delivery"
                    + " would defer (exit 75)"
            }),
    ]

    @Test(arguments: faults)
    func eachFaultIsNamedWithItsFix(_ fault: Fault) throws {
        let deployment = try Deployment(inlinePassword: fault.inlinePassword)
        try fault.make(deployment)
        let result = try deployment.check()
        #expect(result.status == 65, "\(result.output)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix(fault.finding(deployment)), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.output.contains("playersecret"))
    }

    /// The journal a delivery left is part of a correct deployment.
    @Test func aJournalLeftByADeliveryPasses() throws {
        let deployment = try Deployment()
        let gateway = try FakeGateway(status: 202)
        let rules = try String(contentsOfFile: deployment.rules, encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:13013", with: "127.0.0.1:\(gateway.port)")
        try rules.write(toFile: deployment.rules, atomically: true, encoding: .utf8)
        chmod(deployment.rules, 0o644)
        // The test binary's folder is not nobody's to enter: a copy in the deployment's is.
        let executable = URL(fileURLWithPath: deployment.folder.path("mail2sms"))
        try FileManager.default.copyItem(at: Mail2SMSProcess.executable, to: executable)
        let delivery = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/sbin/runuser"),
            ["-u", "nobody", "--", executable.path] + Mail2SMSProcess.commandLine(
                ["-f", "ise@ise.example.com", deployment.rules], stateDirectory: deployment.state),
            stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        try #require(delivery.status == 0, "\(delivery.output)")
        #expect(try gateway.requests().count == 1)
        let result = try deployment.check()
        #expect(result.status == 0)
        #expect(result.output == "")
    }

    @Test func anUnknownUserIsAUsageError() throws {
        let deployment = try Deployment()
        let result = try ChildProcess.run(
            Mail2SMSProcess.executable, ["--check", "--user", "no-such-user-here", deployment.rules])
        #expect(result.status == 64)
        #expect(result.stderr.contains("no-such-user-here': no such user"))
    }
}
