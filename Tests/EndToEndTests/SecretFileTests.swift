import Foundation
import TestSupport
import Testing

/// A gateway's password kept in a file of its own (`password-file`), read when the SMS is sent: the rules
/// file holds no secret; a secrets file others may read stops the sending.
@Suite struct SecretFileTests {
    /// examples/mailfilter.conf names examples/secrets (a copy, mode 0600): the request carries its content.
    @Test func thePasswordComesFromItsFile() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        #expect(!(try String(contentsOfFile: rules, encoding: .utf8)).contains(ISEExample.gatewayPassword))
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().map { $0.values("password") } == [[ISEExample.gatewayPassword]])
    }

    /// Others may read the secrets file: 75, nothing sent, and the failure names the file and its mode, never
    /// its content.
    @Test(arguments: [
        (0o644, "others may read it"), (0o602, "others may write it"), (0o620, "its group may write it"),
        (0o666, "others may read it, others may write it, its group may write it"),
    ])
    func aSecretsFileOthersMayReadOrWriteStopsTheSending(mode: Int, why: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let secrets = folder.path("secrets")
        chmod(secrets, mode_t(mode))
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 75)
        #expect(
            result.stderr.contains(
                "secrets file \(secrets) has mode \(String(mode, radix: 8)): \(why); chmod o-rwx,g-w \(secrets)"),
            "\(result.stderr)")
        #expect(try gateway.requests().isEmpty)
        ISEExample.expectNoSecrets(result)
        #expect(!(try ISEExample.log(folder)).contains(ISEExample.gatewayPassword))
    }

    /// `--check` says nothing about a readable rules file without secrets; it warns about one that holds a
    /// password.
    @Test func checkWarnsAboutAReadableRulesFileThatHoldsAPassword() throws {
        let folder = try TemporaryFolder()
        let withoutSecrets = try ISEExample.rules(port: 13013, folder: folder)
        chmod(withoutSecrets, 0o644)
        #expect(try Mail2SMSProcess.run(["--check", withoutSecrets]).output == "")
        let text = try String(contentsOfFile: withoutSecrets, encoding: .utf8)
            .replacingOccurrences(of: #"password-file "\#(folder.path("secrets"))""#, with: "password      foobar")
        let withSecret = try folder.write("inline.conf", text)
        chmod(withSecret, 0o644)
        let check = try Mail2SMSProcess.run(["--check", withSecret])
        #expect(check.status == 0)
        #expect(check.stderr.contains("warning: this file is readable by every user (mode 644) and holds the password or API key of gateway 'kannel'"), "\(check.stderr)")
        chmod(withSecret, 0o640)
        #expect(try Mail2SMSProcess.run(["--check", withSecret]).output == "")
    }
}
