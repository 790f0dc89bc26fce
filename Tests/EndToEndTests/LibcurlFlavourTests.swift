import Foundation
import TestSupport
import Testing

/// Which libcurl a send loads: GnuTLS's flavour first (it starts faster), as Sources/CCurl/shim.h says.
@Suite(.requires(.strace)) struct LibcurlFlavourTests {
    @Test func gnuTLSFlavourIsLoadedWhenInstalled() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4"),
                     "libcurl3-gnutls is not installed (make test-deps)")
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        let trace = folder.path("strace")
        let result = try ChildProcess.run(SystemProgram.strace.url,
                                          ["-f", "-qq", "-e", "trace=openat", "-o", trace, Mail2SMSProcess.executable.path]
                                              + Mail2SMSProcess.commandLine(["-f", "sponsor@example.com", rules], stateDirectory: folder.url.path),
                                          stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        let opened = try String(contentsOfFile: trace, encoding: .utf8)
        #expect(opened.contains("libcurl-gnutls.so.4"))
        #expect(!opened.contains("/libcurl.so.4"))
        #expect(try gateway.requests().count == 1)
    }
}
