import Foundation
#if canImport(Testing)
import Testing
#endif

/// examples/mailfilter.conf and the ISE notification it was written for (Tests/Fixtures/messages/
/// ise-guest-plain.eml), as the end-to-end and system tests use them: the rules pointed at a local gateway,
/// mails of their own, the log the rules write, and the secrets nothing may show.
package enum ISEExample {
    /// The guest's password in the notification.
    package static let password = "t6ub79_6r"
    /// The example gateway's password.
    package static let gatewayPassword = "foobar"
    /// The SMS the example makes of the notification.
    package static let text = "ISE Guest portal Username: jsmith02 Password: t6ub79_6r"
    /// The example's `sms` statement, as `location(of:)` finds it.
    package static let smsStatement = "sms to $TO text"

    /// The example's secrets file, which the tests replace by one of their own (`secrets(in:)`).
    package static let secretsPath = "/etc/mail2sms/secrets"

    /// examples/mailfilter.conf with its gateway moved to `port`, its log into `folder` and its secrets file
    /// (the gateway's password, mode 0600) in `folder` too.
    package static func rules(port: Int, folder: TemporaryFolder) throws -> String {
        let example = try SourceTree.example("mailfilter.conf")
            .replacingOccurrences(of: "127.0.0.1:13013", with: "127.0.0.1:\(port)")
            .replacingOccurrences(of: "/var/log/mail2sms/mail2sms.log", with: folder.path("mail2sms.log"))
            .replacingOccurrences(of: secretsPath, with: try secrets(in: folder))
        return try folder.write("mailfilter.conf", example)
    }

    /// A copy of examples/secrets in `folder`, mode 0600 (as mail2sms requires: others may not read it).
    package static func secrets(in folder: TemporaryFolder) throws -> String {
        let path = try folder.write("secrets", try String(contentsOf: SourceTree.root.appendingPathComponent("examples/secrets"), encoding: .utf8))
        chmod(path, 0o600)
        return path
    }

    /// The ISE notification with a password and number of its own, and a Message-ID of its own.
    package static func mail(_ index: Int, number: String = "4850123456789") throws -> Data {
        let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
        return Data(original.replacingOccurrences(of: "Password: t6ub79_6r", with: "Password: pw\(index)")
            .replacingOccurrences(of: "to: 4850123456789", with: "to: \(number)")
            .replacingOccurrences(of: "<1385847587000.7.JavaMail.ise@ise.example.com>", with: "<mail\(index)@ise.example.com>")
            .utf8)
    }

    /// The log that `rules(port:folder:)` writes.
    package static func log(_ folder: TemporaryFolder) throws -> String {
        try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
    }

    /// Line and column (from 1) of the first occurrence of `fragment` in the example.
    package static func location(of fragment: String) throws -> (line: Int, column: Int) {
        let lines = try SourceTree.example("mailfilter.conf").split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(fragment) }), let range = lines[index].range(of: fragment) else {
            throw Missing(fragment: fragment)
        }
        return (index + 1, lines[index].distance(from: lines[index].startIndex, to: range.lowerBound) + 1)
    }

    /// A fragment the tests look for is no longer in the example.
    package struct Missing: Error, CustomStringConvertible {
        package let fragment: String
        package var description: String { "examples/mailfilter.conf lacks '\(fragment)'" }
    }
}

// Where Testing can be imported only: see Traits.swift.
#if canImport(Testing)
extension ISEExample {
    /// Nothing Postfix could copy into a bounce or mail.log may hold a secret or the SMS text.
    package static func expectNoSecrets(_ result: Mail2SMSProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [password, gatewayPassword, text, "Password%3A"] {
            #expect(!result.output.contains(secret), "output leaks '\(secret)': \(result.output)",
                    sourceLocation: sourceLocation)
        }
    }
}
#endif
