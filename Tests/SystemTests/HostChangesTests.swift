import Foundation
import TestSupport
import Testing

/// `make demo`, `make build` and `make install` run on production mail servers: they install build
/// dependencies and change nothing else. Only `make test` keeps daemons from starting (a policy-rc.d, a
/// debconf answer for postfix), through Scripts/test-host.sh, which undoes what it did.
@Suite(.serialized, .requiresRoot) struct HostChangesTests {
    static let make = URL(fileURLWithPath: "/usr/bin/make")
    static let script = SourceTree.root.appendingPathComponent("Scripts/test-host.sh")

    /// What the targets admins run would execute: no policy-rc.d, no debconf.
    @Test func theAdminsTargetsTouchNeitherPolicyRcNorDebconf() throws {
        for target in ["demo", "build", "install", "uninstall", "deps", "deb"] {
            let dryRun = try ChildProcess.run(Self.make, ["-n", "-C", SourceTree.root.path, target])
            #expect(dryRun.status == 0, "make -n \(target): \(dryRun.stderr)")
            for word in ["policy-rc.d", "debconf", "test-host"] {
                #expect(!dryRun.stdout.contains(word), "make -n \(target) runs: \(dryRun.stdout)")
            }
        }
    }

    /// `make deps` on a machine where every build dependency is missing (a dpkg that knows none): apt-get
    /// installs them, and nothing writes a policy-rc.d or a debconf answer.
    @Test func makeDepsOnABareMachineOnlyRunsAptGet() throws {
        let folder = try TemporaryFolder()
        let calls = folder.path("calls")
        for program in ["dpkg", "apt-get", "debconf-set-selections", "debconf-communicate"] {
            let fake = try folder.write(program, """
                #!/bin/sh
                echo "\(program) $*" >> \(calls)
                [ "\(program)" = dpkg ] && exit 1
                exit 0
                """)
            chmod(fake, 0o755)
        }
        let policy = "/usr/sbin/policy-rc.d"
        let before = try? FileManager.default.attributesOfItem(atPath: policy)[.modificationDate] as? Date
        let environment = ["PATH": folder.url.path + ":/usr/bin:/bin:/usr/sbin:/sbin"]
        let result = try ChildProcess.run(Self.make, ["-C", SourceTree.root.path, "deps"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let log = try String(contentsOfFile: calls, encoding: .utf8)
        #expect(log.contains("apt-get install -y -qq --no-install-recommends libpcre2-dev libcurl4-openssl-dev libsqlite3-dev libpq-dev pkg-config"), "\(log)")
        #expect(!log.contains("debconf"), "\(log)")
        let after = try? FileManager.default.attributesOfItem(atPath: policy)[.modificationDate] as? Date
        #expect(before == after, "make deps changed \(policy)")
    }

    /// prepare then restore leaves the host as it was: its policy-rc.d removed, its answer purged.
    @Test(.requires(.debconfCommunicate)) func whatMakeTestAddsItRemoves() throws {
        let folder = try TemporaryFolder()
        let policy = folder.path("policy-rc.d"), record = folder.path("record")
        let environment = ["POLICY_RC_D": policy, "PRESEED": "mail2smsprobe mail2smsprobe/start select No",
                           "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"]
        #expect(try ChildProcess.run(Self.script, ["prepare", record], environment: environment).status == 0)
        #expect(try String(contentsOfFile: policy, encoding: .utf8).hasSuffix("exit 101\n"))
        #expect(try Self.answer("mail2smsprobe/start") == "0 No")
        #expect(try ChildProcess.run(Self.script, ["restore", record], environment: environment).status == 0)
        #expect(!FileManager.default.fileExists(atPath: policy))
        #expect(try Self.answer("mail2smsprobe/start").hasPrefix("10 "))
        #expect(!FileManager.default.fileExists(atPath: record))
    }

    /// A policy-rc.d and an answer that were there before make test stay as they were.
    @Test(.requires(.debconfCommunicate)) func whatWasThereBeforeStays() throws {
        let folder = try TemporaryFolder()
        let policy = try folder.write("policy-rc.d", "#!/bin/sh\n# the admin's\nexit 0\n")
        let record = folder.path("record")
        _ = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/debconf-set-selections"), [],
                                 stdin: Data("mail2smsprobe mail2smsprobe/start select Yes\n".utf8))
        defer { _ = try? ChildProcess.run(SystemProgram.debconfCommunicate.url, ["mail2smsprobe"], stdin: Data("PURGE\n".utf8)) }
        let environment = ["POLICY_RC_D": policy, "PRESEED": "mail2smsprobe mail2smsprobe/start select No",
                           "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"]
        #expect(try ChildProcess.run(Self.script, ["prepare", record], environment: environment).status == 0)
        #expect(try ChildProcess.run(Self.script, ["restore", record], environment: environment).status == 0)
        #expect(try String(contentsOfFile: policy, encoding: .utf8) == "#!/bin/sh\n# the admin's\nexit 0\n")
        #expect(try Self.answer("mail2smsprobe/start") == "0 Yes")
    }

    /// debconf's answer to `question`, as `debconf-communicate` prints it ("0 VALUE", or "10 ... doesn't exist").
    static func answer(_ question: String) throws -> String {
        try ChildProcess.run(SystemProgram.debconfCommunicate.url, [], stdin: Data("GET \(question)\n".utf8))
            .stdout.trimmingCharacters(in: .newlines)
    }
}
