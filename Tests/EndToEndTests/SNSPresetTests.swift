import Foundation
import TestSupport
import Testing

/// `preset sns` against fake-sns.py, which checks each request's AWS Signature Version 4 as AWS does: the
/// ISE mail's SMS published with its attributes, and what a wrong secret, a refused parameter and
/// `--dry-run` come to. The secret key is read from its file at send time and shown nowhere.
@Suite struct SNSPresetTests {
    static let accessKey = "AKIDEXAMPLE"
    static let secretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    /// The example's rules with an `sns` gateway pointed at `port`, its secret key in a 0600 file holding
    /// `secret`.
    static func rules(port: Int, secret: String, folder: TemporaryFolder) throws -> String {
        let secretFile = try folder.write("sns-secret", secret + "\n")
        chmod(secretFile, 0o600)
        let testCase = PresetTests.Case(preset: "sns", settings: """
                url "http://127.0.0.1:PORT/"
                region eu-west-1
                access-key \(accessKey)
                secret-key-file "\(secretFile)"
                sender ISE
            """, method: "POST", path: "/", parameters: nil)
        return try PresetTests.rules(testCase, port: port, folder: folder)
    }

    static func fake(secret: String = secretKey, status: Int? = nil, body: String? = nil) throws -> FakeGateway {
        var arguments = ["--access-key", accessKey, "--secret-key", secret, "--region", "eu-west-1"]
        if let status { arguments += ["--status", String(status)] }
        if let body { arguments += ["--body", body] }
        return try FakeGateway(script: "fake-sns.py", arguments: arguments)
    }

    static func expectSecretNowhere(_ result: Mail2SMSProcess.Result, log: String) {
        #expect(!result.output.contains(secretKey), "\(result.output)")
        #expect(!log.contains(secretKey), "\(log)")
        ISEExample.expectNoSecrets(result)
    }

    @Test func publishesSigned() throws {
        let gateway = try Self.fake()
        let folder = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, secret: Self.secretKey, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        let request = try #require(try gateway.requests().first)
        #expect(request.signatureProblem == nil)
        #expect(request.method == "POST" && request.path == "/")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("Host") == "127.0.0.1:\(gateway.port)")
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
        #expect(authorization.contains("/eu-west-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, "))
        #expect(request.form.map(\.0) == [
            "Action", "PhoneNumber", "Message", "MessageAttributes.entry.1.Name",
            "MessageAttributes.entry.1.Value.DataType", "MessageAttributes.entry.1.Value.StringValue",
            "MessageAttributes.entry.2.Name", "MessageAttributes.entry.2.Value.DataType",
            "MessageAttributes.entry.2.Value.StringValue", "Version",
        ])
        #expect(request.form.map(\.1) == [
            "Publish", "+4850123456789", ISEExample.text, "AWS.SNS.SMS.SMSType", "String", "Transactional",
            "AWS.SNS.SMS.SenderID", "String", "ISE", "2010-03-31",
        ])
        Self.expectSecretNowhere(result, log: (try? String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)) ?? "")
    }

    @Test func wrongSecretIsTemporary() throws {
        let gateway = try Self.fake()
        let folder = try TemporaryFolder()
        let wrong = "wrongSecretKeyWrongSecretKeyWrongSecret1"
        let rules = try Self.rules(port: gateway.port, secret: wrong, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 75, "\(result.output)")
        #expect(try gateway.requests().first?.signatureProblem == "signature differs")
        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        #expect(log.contains("SignatureDoesNotMatch"), "\(log)")
        #expect(!log.contains("does not match the signature you provided"), "free text in the log: \(log)")
        for secret in [wrong, Self.secretKey] {
            #expect(!result.output.contains(secret) && !log.contains(secret))
        }
    }

    /// Each answer AWS documents, and the exit status it must give.
    @Test(arguments: [
        (400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: PhoneNumber</Message></Error></ErrorResponse>", Int32(69)),
        (400, "<ErrorResponse><Error><Type>Sender</Type><Code>ParameterValueInvalid</Code></Error></ErrorResponse>", 69),
        (400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", 75),
        (403, "<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code></Error></ErrorResponse>", 75),
        (403, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code></Error></ErrorResponse>", 75),
        (429, "", 75),
        (500, "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code></Error></ErrorResponse>", 75),
        (200, "<html>captive portal</html>", 69),
    ])
    func answersMapToExitStatus(status: Int, body: String, exit: Int32) throws {
        let gateway = try Self.fake(status: status, body: body)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(port: gateway.port, secret: Self.secretKey, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == exit, "\(status) \(body): \(result.output)")
        let log = try String(contentsOfFile: folder.path("mail2sms.log"), encoding: .utf8)
        if let code = body.firstRange(of: "<Code>").map({ body[$0.upperBound...].prefix { $0 != "<" } }) {
            #expect(log.contains(String(code)), "\(log)")
        }
        #expect(!log.contains("Invalid parameter: PhoneNumber") && !log.contains("Rate exceeded"))
        Self.expectSecretNowhere(result, log: log)
    }

    @Test func dryRunMasksTheSignature() throws {
        let gateway = try Self.fake()
        let folder = try TemporaryFolder()
        // A literal secret-key this time: the one --dry-run could show.
        let rules = try Self.rules(port: gateway.port, secret: Self.secretKey, folder: folder)
        let text = try String(contentsOfFile: rules, encoding: .utf8)
        try text.replacingOccurrences(of: "secret-key-file \"\(folder.path("sns-secret"))\"",
                                      with: "secret-key \"\(Self.secretKey)\"").write(toFile: rules, atomically: true, encoding: .utf8)
        let result = try Mail2SMSProcess.run(["--dry-run", rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().isEmpty)
        #expect(result.output.contains("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "\(result.output)")
        #expect(result.output.contains("SignedHeaders=content-type;host;x-amz-date, Signature=***"), "\(result.output)")
        #expect(result.output.contains("X-Amz-Date: "))
        #expect(!result.output.contains(Self.secretKey))
    }
}
