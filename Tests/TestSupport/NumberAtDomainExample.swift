import Foundation

/// examples/number-at-domain.conf and a monitoring alert it was written for (Tests/Fixtures/messages/
/// monitoring-alert.eml), as the end-to-end and system tests use them.
package enum NumberAtDomainExample {
    /// The monitoring host the example's `allow-client` lists first, and the sender its `allow-sender` allows.
    package static let client = "192.0.2.20"
    package static let sender = "nagios@monitor.example.com"
    /// What the example makes of the alert: its Subject, then its first body line that is not blank.
    package static let subject = "PROBLEM: web01/HTTP is CRITICAL"
    package static let text = subject + ": HTTP CRITICAL - connection refused on 192.0.2.80:80"

    /// The example with each of `changes` (old, new) made; throws if one's old text is not in it, so that a
    /// change of the example shows as that rather than as a test that sends nothing.
    package static func rules(_ changes: [(String, String)]) throws -> String {
        var text = try SourceTree.example("number-at-domain.conf")
        for (old, new) in changes {
            guard text.contains(old) else { throw ISEExample.Missing(fragment: "number-at-domain.conf: " + old) }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// The example with its gateway moved to `port`, its log into `folder` and its secrets file (mode 0600) in
    /// `folder` too.
    package static func rules(port: Int, folder: TemporaryFolder) throws -> String {
        let text = try rules([("127.0.0.1:13013", "127.0.0.1:\(port)"),
                              ("/var/log/mail2sms/mail2sms.log", folder.path("mail2sms.log")),
                              (ISEExample.secretsPath, try ISEExample.secrets(in: folder))])
        return try folder.write("number-at-domain.conf", text)
    }

    /// The alert; without its body (only the Subject then makes the text) when `body` is false.
    package static func mail(body: Bool = true) throws -> Data {
        let alert = String(decoding: try SourceTree.fixture("messages/monitoring-alert.eml"), as: UTF8.self)
        guard !body, let end = alert.range(of: "\n\n") else { return Data(alert.utf8) }
        return Data(alert[..<end.upperBound].utf8)
    }
}
