import Foundation
import TestSupport
import Testing

/// Secrets that the rules spell out instead of naming `%password%` or `%api-key%` (a bot token in the URL
/// path, a literal `X-Token` header, the declared API key written into the URL) never reach what Postfix
/// copies into bounces (stderr), the log file, or the `--dry-run` report.
@Suite struct RedactionTests {
    static let botToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    static let headerToken = "Zq9xKw2mPvLt"
    /// Letters only and short: no path rule would take it for a secret, but it is the declared `api-key`.
    static let apiKey = "qwertyuiopasdf"
    static let secrets = [botToken, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", headerToken, apiKey]

    static func rules(port: Int, folder: TemporaryFolder) throws -> String {
        try folder.write("secrets.conf", """
            logfile "\(folder.path("mail2sms.log"))"
            gateway bot {
                url      "http://127.0.0.1:\(port)/bot\(botToken)/sendMessage/\(apiKey)?chat_id=%number%&text=%data%"
                header   "X-Token: \(headerToken)"
                api-key  \(apiKey)
            }
            if (/^Subject: guest/)
                sms to $1 text "hello"
            """)
    }

    static let message = Data("Subject: guest\n\nhi\n".utf8)

    static func expectNoSecrets(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!text.contains(secret), "\(what) leaks '\(secret)': \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func aFailedSendShowsNoSecretOnStderrOrInTheLog() throws {
        let folder = try TemporaryFolder()
        let port = FakeGateway.closedPort()
        let rules = try Self.rules(port: port, folder: folder)
        let result = try Mail2SMSProcess.run([rules, "4850123456789"], stdin: Self.message)
        #expect(result.status == 75)
        #expect(result.stderr.contains("via gateway bot (http://127.0.0.1:\(port)/***/sendMessage/***)"), "\(result.stderr)")
        Self.expectNoSecrets(result.output, "stderr")
        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        #expect(log.contains("gateway=bot") && log.contains("outcome=temporary"), "\(log)")
        Self.expectNoSecrets(log, "the log")
    }

    @Test func dryRunShowsNoSecret() throws {
        let folder = try TemporaryFolder()
        let port = FakeGateway.closedPort()
        let rules = try Self.rules(port: port, folder: folder)
        let result = try Mail2SMSProcess.run(["--dry-run", rules, "4850123456789"], stdin: Self.message)
        #expect(result.status == 0)
        #expect(result.stdout.contains("    request: GET http://127.0.0.1:\(port)/***/sendMessage/***?chat_id=%2B4850123456789&text=hello\n"),
                "\(result.stdout)")
        #expect(result.stdout.contains("    header:  X-Token: ***\n"), "\(result.stdout)")
        Self.expectNoSecrets(result.output, "--dry-run")
    }
}
