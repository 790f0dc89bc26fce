import Foundation
import TestSupport
import Testing

/// Every preset against a local fake of its provider: the request it sends for the ISE mail (method, path,
/// authentication, parameters), and how each answer the provider documents reaches Postfix.
@Suite struct PresetTests {
    static let text = ISEExample.text

    /// One preset's case: its settings (the URL pointed at the fake), and what the provider must receive.
    struct Case: Sendable, CustomTestStringConvertible {
        var preset: String
        var settings: String
        var method: String
        var path: String
        /// Expected parameters (query for GET, form for POST), in order; nil: the body is checked instead.
        var parameters: [(String, String)]?
        var body: String? = nil
        var headers: [(String, String)] = []
        var testDescription: String { preset }
    }

    static let cases: [Case] = [
        Case(preset: "kannel", settings: """
                url "http://127.0.0.1:PORT/cgi-bin/sendsms"
                username tester
                password foobar
                sender ISE
            """, method: "GET", path: "/cgi-bin/sendsms",
             parameters: [("username", "tester"), ("password", "foobar"), ("from", "ISE"), ("to", "+4850123456789"),
                          ("text", text)]),
        Case(preset: "clickatell", settings: """
                url "http://127.0.0.1:PORT/http/sendmsg"
                username user1
                password pass1
                api-key 3456789
            """, method: "GET", path: "/http/sendmsg",
             parameters: [("user", "user1"), ("password", "pass1"), ("api_id", "3456789"), ("to", "4850123456789"),
                          ("text", text), ("concat", "1")]),
        Case(preset: "clickatell-rest", settings: """
                url "http://127.0.0.1:PORT/v1/message"
                api-key "ck-secret-key"
            """, method: "POST", path: "/v1/message", parameters: nil,
             body: #"{"messages":[{"channel":"sms","to":"4850123456789","content":"\#(text)"}]}"#,
             headers: [("Authorization", "ck-secret-key"), ("Content-Type", "application/json")]),
        Case(preset: "twilio", settings: """
                url "http://127.0.0.1:PORT/2010-04-01/Accounts/%username%/Messages.json"
                username AC0123456789abcdef
                password twilio-token
                sender "+15005550006"
            """, method: "POST", path: "/2010-04-01/Accounts/AC0123456789abcdef/Messages.json",
             parameters: [("To", "+4850123456789"), ("From", "+15005550006"), ("Body", text)],
             headers: [("Authorization", "Basic " + Data("AC0123456789abcdef:twilio-token".utf8).base64EncodedString()),
                       ("Content-Type", "application/x-www-form-urlencoded")]),
        Case(preset: "vonage", settings: """
                url "http://127.0.0.1:PORT/sms/json"
                api-key abcd1234
                password vonage-secret
                sender ISE
            """, method: "POST", path: "/sms/json",
             parameters: [("api_key", "abcd1234"), ("api_secret", "vonage-secret"), ("from", "ISE"),
                          ("to", "4850123456789"), ("text", text)]),
        Case(preset: "smseagle", settings: """
                url "http://127.0.0.1:PORT/http_api/send_sms"
                api-key eagle-token
            """, method: "GET", path: "/http_api/send_sms",
             parameters: [("access_token", "eagle-token"), ("to", "+4850123456789"), ("message", text),
                          ("responsetype", "simple")]),
        Case(preset: "jasmin", settings: """
                url "http://127.0.0.1:PORT/send"
                username foo
                password bar
            """, method: "GET", path: "/send",
             parameters: [("username", "foo"), ("password", "bar"), ("to", "+4850123456789"), ("content", text)]),
    ]

    /// examples/mailfilter.conf with the gateway replaced by `preset` and its settings.
    static func rules(_ testCase: Case, port: Int, folder: TemporaryFolder) throws -> String {
        let example = try SourceTree.example("mailfilter.conf")
            .replacingOccurrences(of: "/var/log/mail2sms/mail2sms.log", with: folder.path("mail2sms.log"))
        let start = try #require(example.range(of: "gateway kannel {"))
        let end = try #require(example.range(of: "}", range: start.upperBound..<example.endIndex))
        let gateway = "gateway kannel {\n    preset \(testCase.preset)\n"
            + testCase.settings.replacingOccurrences(of: "PORT", with: String(port)) + "\n}"
        return try folder.write("mailfilter.conf", example.replacingCharacters(in: start.lowerBound..<end.upperBound, with: gateway))
    }

    @Test(arguments: cases)
    func sendsWhatTheProviderDocuments(testCase: Case) throws {
        let answer = Self.answers[testCase.preset]!.first!
        let gateway = try FakeGateway(status: answer.status, body: answer.body)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(testCase, port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == 0, "\(result.output)")
        let requests = try gateway.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == testCase.method)
        #expect(request.path == testCase.path)
        if let parameters = testCase.parameters {
            let received = testCase.method == "GET" ? request.params.map { ($0[0], $0[1]) } : request.form
            #expect(received.map(\.0) == parameters.map(\.0))
            #expect(received.map(\.1) == parameters.map(\.1))
        }
        if let body = testCase.body { #expect(request.body == body) }
        for (name, value) in testCase.headers { #expect(request.header(name) == value, "header \(name)") }
        ISEExample.expectNoSecrets(result)
    }

    /// What each provider documents as an answer, and the exit status it must give.
    static let answers: [String: [(status: Int, body: String, exit: Int32)]] = [
        "kannel": [(202, "0: Accepted for delivery", 0), (202, "3: Queued for later delivery", 0), (202, "Sent.", 0),
                   (503, "Temporal failure, try again later.", 75), (500, "Sending failed.", 75),
                   (403, "Authorization failed for sendsms", 75), (403, "Not routable. Do not try again.", 69),
                   (400, "Missing receiver number, rejected", 69)],
        "clickatell": [(200, "ID: 3c2d7b0e6f1f0d3e", 0), (200, "ERR: 001, Authentication failed", 75),
                       (200, "ERR: 301, No credit left", 75), (200, "ERR: 105, Invalid Destination Address", 69),
                       (200, "ERR: 114, Cannot route message", 69), (503, "", 75)],
        "clickatell-rest": [(202, #"{"messages":[{"apiMessageId":"a1","accepted":true,"to":"4850123456789","error":null}],"error":null}"#, 0),
                            (202, #"{"messages":[{"apiMessageId":"","accepted":false,"to":"4850123456789","error":{"code":105,"description":"Invalid destination"}}],"error":null}"#, 69),
                            (400, #"{"messages":[],"error":{"code":1,"description":"bad request"}}"#, 69),
                            (401, #"{"error":{"code":2,"description":"auth"}}"#, 75), (402, "{}", 75), (503, "", 75)],
        "twilio": [(201, #"{"sid":"SM1","status":"queued"}"#, 0),
                   (400, #"{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}"#, 69),
                   (429, #"{"code":20429,"message":"Too Many Requests","status":429}"#, 75),
                   (401, #"{"code":20003,"message":"Authenticate","status":401}"#, 75), (500, "", 75)],
        "vonage": [(200, #"{"message-count":"1","messages":[{"to":"4850123456789","message-id":"0A","status":"0"}]}"#, 0),
                   (200, #"{"message-count":"1","messages":[{"status":"1","error-text":"Throughput Rate Exceeded"}]}"#, 75),
                   (200, #"{"message-count":"1","messages":[{"status":"4","error-text":"Bad Credentials"}]}"#, 75),
                   (200, #"{"message-count":"1","messages":[{"status":"3","error-text":"Invalid to"}]}"#, 69),
                   (200, #"{"message-count":"1","messages":[{"status":"7","error-text":"Number barred"}]}"#, 69),
                   (500, "", 75)],
        "smseagle": [(200, "OK; ID=[748]", 0), (200, "Invalid login or password", 75), (200, "Wrong parameters", 69)],
        "jasmin": [(200, #"Success "07033084-5cfd-4812-90a4-e4d24ffb6e3d""#, 0),
                   (403, #"Error "User throughput exceeded""#, 75), (403, #"Error "Authentication failure for username:foo""#, 75),
                   (400, #"Error "Mandatory argument [to] is not found.""#, 69), (412, #"Error "No route found""#, 69),
                   (500, "", 75)],
    ]

    static let answerCases: [(preset: String, status: Int, body: String, exit: Int32)] =
        answers.sorted { $0.key < $1.key }.flatMap { preset, answers in answers.map { (preset, $0.status, $0.body, $0.exit) } }

    @Test(arguments: answerCases)
    func answersMapToExitStatus(preset: String, status: Int, body: String, exit: Int32) throws {
        let testCase = try #require(Self.cases.first { $0.preset == preset })
        let gateway = try FakeGateway(status: status, body: body)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(testCase, port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        #expect(result.status == exit, "\(preset) \(status) \(body): \(result.output)")
        ISEExample.expectNoSecrets(result)
    }

    /// A text outside GSM 03.38 gets each provider's Unicode parameters.
    @Test func unicodeParameters() throws {
        let expected: [String: [(String, String)]] = [
            "kannel": [("coding", "2"), ("charset", "UTF-8")],
            "vonage": [("type", "unicode")],
            "clickatell": [("unicode", "1")],
            "jasmin": [("coding", "8")],
            "smseagle": [("unicode", "1")],
        ]
        for (preset, parameters) in expected {
            let testCase = try #require(Self.cases.first { $0.preset == preset })
            let gateway = try FakeGateway(status: Self.answers[preset]!.first!.status, body: Self.answers[preset]!.first!.body)
            let folder = try TemporaryFolder()
            let rules = try Self.rules(testCase, port: gateway.port, folder: folder)
            let message = try SendingTests.iseMessage(username: "Zażółć", password: "gęślą")
            let result = try Mail2SMSProcess.run([rules], stdin: message)
            #expect(result.status == 0, "\(preset): \(result.output)")
            let request = try #require(try gateway.requests().first)
            let received = request.method == "GET" ? request.params.map { ($0[0], $0[1]) } : request.form
            for (name, value) in parameters {
                #expect(received.contains { $0.0 == name && $0.1 == value }, "\(preset) lacks \(name)=\(value)")
            }
            if preset == "jasmin" {
                // UTF-16BE hex instead of `content`.
                let hex = received.first { $0.0 == "hex-content" }?.1 ?? ""
                #expect(hex.hasPrefix("004900530045"), "\(hex)")  // "ISE"
                #expect(!received.contains { $0.0 == "content" })
            }
        }
    }
}
