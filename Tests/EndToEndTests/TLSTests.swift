import Foundation
import TestSupport
import Testing

/// HTTPS to the gateway through the libcurl mail2sms loads (GnuTLS's flavour when installed): the example
/// pointed at a fake gateway that speaks TLS with a certificate of a CA made for the test. Trusted through
/// `ca-file` it sends; untrusted, or without the client certificate the gateway asks for, nothing reaches the
/// gateway and the mail is deferred (75) with no secret in the output.
@Suite(.requires(.openssl)) struct TLSTests {
    /// A CA, a certificate for 127.0.0.1 signed by it (the gateway's), and one for a client (mail2sms's).
    struct Certificates {
        let folder: TemporaryFolder
        var ca: String { folder.path("ca.pem") }
        var server: (certificate: String, key: String) { (folder.path("server.pem"), folder.path("server.key")) }
        var client: (certificate: String, key: String) { (folder.path("client.pem"), folder.path("client.key")) }

        init() throws {
            folder = try TemporaryFolder()
            try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=mail2sms test CA",
                         "-keyout", folder.path("ca.key"), "-out", folder.path("ca.pem")])
            _ = try folder.write("server.ext", "subjectAltName=IP:127.0.0.1\n")
            _ = try folder.write("client.ext", "extendedKeyUsage=clientAuth\n")
            for (name, subject) in [("server", "/CN=127.0.0.1"), ("client", "/CN=mail2sms")] {
                try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                             "-keyout", folder.path("\(name).key"), "-out", folder.path("\(name).csr")])
                try openssl(["x509", "-req", "-days", "2", "-in", folder.path("\(name).csr"), "-CA", ca,
                             "-CAkey", folder.path("ca.key"), "-CAcreateserial", "-extfile", folder.path("\(name).ext"),
                             "-out", folder.path("\(name).pem")])
            }
        }

        private func openssl(_ arguments: [String]) throws {
            let result = try ChildProcess.run(SystemProgram.openssl.url, arguments)
            try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)")
        }
    }

    /// The example's rules with the gateway's URL made https:// and `settings` added to its block.
    static func rules(port: Int, folder: TemporaryFolder, settings: [String]) throws -> String {
        let path = try ISEExample.rules(port: port, folder: folder)
        let example = try String(contentsOfFile: path, encoding: .utf8)
        let url = "\"http://127.0.0.1:\(port)/"
        try #require(example.contains(url))
        let block = settings.map { "    \($0)\n" }.joined()
        return try folder.write("mailfilter.conf", example.replacingOccurrences(of: url, with: "\"https://127.0.0.1:\(port)/")
            .replacingOccurrences(of: "gateway kannel {\n", with: "gateway kannel {\n" + block))
    }

    static func send(_ rules: String) throws -> Mail2SMSProcess.Result {
        try Mail2SMSProcess.run(["-f", "sponsor@example.com", rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
    }

    @Test func trustedThroughCAFileSends() throws {
        let certificates = try Certificates()
        let gateway = try FakeGateway(script: "fake-gateway.py", arguments: ["--tls", certificates.server.certificate, certificates.server.key])
        let folder = try TemporaryFolder()
        let result = try Self.send(try Self.rules(port: gateway.port, folder: folder, settings: ["ca-file \"\(certificates.ca)\""]))
        #expect(result.status == 0, "\(result.output)")
        let requests = try gateway.requests()
        try #require(requests.count == 1)
        #expect(requests[0].values("text") == [ISEExample.text])
    }

    @Test func untrustedCertificateSendsNothingAndDefers() throws {
        let certificates = try Certificates()
        let gateway = try FakeGateway(script: "fake-gateway.py", arguments: ["--tls", certificates.server.certificate, certificates.server.key])
        let folder = try TemporaryFolder()
        // No ca-file: the system's CAs do not know the test's.
        let result = try Self.send(try Self.rules(port: gateway.port, folder: folder, settings: []))
        #expect(result.status == 75, "\(result.output)")
        #expect(try gateway.requests().isEmpty)
        ISEExample.expectNoSecrets(result)
    }

    @Test func clientCertificateWhenTheGatewayAsks() throws {
        let certificates = try Certificates()
        let gateway = try FakeGateway(script: "fake-gateway.py", arguments: ["--tls", certificates.server.certificate, certificates.server.key,
                                                                              "--client-ca", certificates.ca])
        let trust = "ca-file \"\(certificates.ca)\""
        let first = try TemporaryFolder(), second = try TemporaryFolder()
        let without = try Self.send(try Self.rules(port: gateway.port, folder: first, settings: [trust]))
        #expect(without.status == 75, "\(without.output)")
        #expect(try gateway.requests().isEmpty)
        ISEExample.expectNoSecrets(without)

        let with = try Self.send(try Self.rules(port: gateway.port, folder: second, settings: [
            trust, "client-cert \"\(certificates.client.certificate)\"", "client-key \"\(certificates.client.key)\"",
        ]))
        #expect(with.status == 0, "\(with.output)")
        #expect(try gateway.requests().count == 1)
    }
}
