import Foundation
import TestSupport
import Testing

/// What Postfix sees when the rules file itself is the problem, and what an admin sees with --check.
@Suite struct RulesFileTests {
    @Test func syntaxErrorDefersWithItsPosition() throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("broken.conf", """
            gateway kannel {
                url "http://127.0.0.1:9/cgi-bin/sendsms?username=u&password=secretpw&to=%number%&text=%data%"
            }
            if (/^Subject: x/
                log "y"
            """)
        let result = try Mail2SMSProcess.run([rules], stdin: Data("Subject: x\n\nbody\n".utf8))
        #expect(result.status == 75)
        #expect(result.stderr.hasPrefix("\(rules):4:18: error: expected ')' to end the condition"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.output.contains("secretpw"))
    }

    @Test func unreadableRulesDefer() throws {
        let result = try Mail2SMSProcess.run(["/nonexistent/mailfilter.conf"], stdin: Data("Subject: x\n\n".utf8))
        #expect(result.status == 75)
        #expect(result.stderr == "mail2sms: cannot read rules file /nonexistent/mailfilter.conf: No such file or directory\n")
    }

    @Test func checkListsEveryErrorWithCarets() throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("two.conf", """
            if ($A eq "x"
                log "a"
            sms to $TO text "hi" via nowhere
            """)
        let result = try Mail2SMSProcess.run(["--check", rules])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.hasPrefix("\(rules):1:14: error: expected ')'") })
        #expect(lines.contains { $0.hasPrefix("\(rules):3:22: error: unknown gateway 'nowhere'") })
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "^" })
    }

    @Test func checkAcceptsTheExample() throws {
        let result = try Mail2SMSProcess.run(["--check", SourceTree.root.appendingPathComponent("examples/mailfilter.conf").path])
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [["--bogus"], ["-f"], ["--check", "--dry-run", "x"]])
    func badCommandLineIsUsage(arguments: [String]) throws {
        let result = try Mail2SMSProcess.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("usage: mail2sms"))
    }
}
