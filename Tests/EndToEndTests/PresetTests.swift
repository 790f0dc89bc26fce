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
        Case(preset: "messagebird", settings: """
                url "http://127.0.0.1:PORT/messages"
                api-key "mb-access-key"
                sender ISE
            """, method: "POST", path: "/messages", parameters: nil,
             body: #"{"recipients":["4850123456789"],"originator":"ISE","body":"\#(text)","datacoding":"auto"}"#,
             headers: [("Authorization", "AccessKey mb-access-key"), ("Content-Type", "application/json")]),
        Case(preset: "sinch", settings: """
                url "http://127.0.0.1:PORT/xms/v1/%username%/batches"
                username plan123
                api-key "sinch-token"
                sender "+48500000000"
            """, method: "POST", path: "/xms/v1/plan123/batches", parameters: nil,
             body: #"{"from":"+48500000000","to":["+4850123456789"],"body":"\#(text)"}"#,
             headers: [("Authorization", "Bearer sinch-token"), ("Content-Type", "application/json")]),
        Case(preset: "plivo", settings: """
                url "http://127.0.0.1:PORT/v1/Account/%username%/Message/"
                username MAAUTHID
                password plivo-token
                sender "48500000000"
            """, method: "POST", path: "/v1/Account/MAAUTHID/Message/", parameters: nil,
             body: #"{"src":"48500000000","dst":"4850123456789","text":"\#(text)"}"#,
             headers: [("Authorization", "Basic " + Data("MAAUTHID:plivo-token".utf8).base64EncodedString()), ("Content-Type", "application/json")]),
        Case(preset: "clicksend", settings: """
                url "http://127.0.0.1:PORT/v3/sms/send"
                username cs-user
                password cs-api-key
            """, method: "POST", path: "/v3/sms/send", parameters: nil,
             body: #"{"messages":[{"source":"mail2sms","to":"+4850123456789","body":"\#(text)"}]}"#,
             headers: [("Authorization", "Basic " + Data("cs-user:cs-api-key".utf8).base64EncodedString()), ("Content-Type", "application/json")]),
        Case(preset: "bulksms", settings: """
                url "http://127.0.0.1:PORT/v1/messages"
                username bulk-user
                password bulk-pass
            """, method: "POST", path: "/v1/messages", parameters: nil,
             body: #"{"to":"+4850123456789","body":"\#(text)","encoding":"TEXT"}"#,
             headers: [("Authorization", "Basic " + Data("bulk-user:bulk-pass".utf8).base64EncodedString()), ("Content-Type", "application/json")]),
        Case(preset: "infobip", settings: """
                url "http://127.0.0.1:PORT/sms/2/text/advanced"
                api-key "ib-api-key"
                sender ISE
            """, method: "POST", path: "/sms/2/text/advanced", parameters: nil,
             body: #"{"messages":[{"destinations":[{"to":"4850123456789"}],"from":"ISE","text":"\#(text)"}]}"#,
             headers: [("Authorization", "App ib-api-key"), ("Content-Type", "application/json")]),
        Case(preset: "telnyx", settings: """
                url "http://127.0.0.1:PORT/v2/messages"
                api-key "KEY0123"
                sender "+48500000000"
            """, method: "POST", path: "/v2/messages", parameters: nil,
             body: #"{"from":"+48500000000","to":"+4850123456789","text":"\#(text)"}"#,
             headers: [("Authorization", "Bearer KEY0123"), ("Content-Type", "application/json")]),
        Case(preset: "46elks", settings: """
                url "http://127.0.0.1:PORT/a1/sms"
                username u0123456789
                password elks-secret
                sender ISE
            """, method: "POST", path: "/a1/sms",
             parameters: [("from", "ISE"), ("to", "+4850123456789"), ("message", text)],
             headers: [("Authorization", "Basic " + Data("u0123456789:elks-secret".utf8).base64EncodedString()), ("Content-Type", "application/x-www-form-urlencoded")]),
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
                   (200, "Error: unknown", 75),
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
                   (200, #"{"code":21211,"message":"The 'To' number is not a valid phone number."}"#, 69),
                   (201, #"{"sid":"SM2","status":"failed","error_code":30003}"#, 69),
                   (200, #"{"code":20429,"message":"Too Many Requests"}"#, 75),
                   (200, "<html>proxy</html>", 75),
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
        "messagebird": [(201, #"{"id":"e8077d803532c0b5937c639b60216938","recipients":{"totalCount":1,"totalSentCount":1,"items":[{"recipient":4850123456789,"status":"sent"}]}}"#, 0),
                        (401, #"{"errors":[{"code":2,"description":"Request not allowed (incorrect access_key)","parameter":"access_key"}]}"#, 75),
                        (402, #"{"errors":[{"code":25,"description":"Not enough balance","parameter":null}]}"#, 75),
                        (422, #"{"errors":[{"code":10,"description":"Invalid recipients","parameter":"recipients"}]}"#, 69),
                        (429, "", 75), (500, "", 75)],
        "sinch": [(201, #"{"id":"01FC66621XXXXX119Z8PMV1QPQ","to":["4850123456789"],"from":"+48500000000","canceled":false,"body":"x","type":"mt_text"}"#, 0),
                  (400, #"{"code":"syntax_invalid_parameter_format","text":"Parameter 'to' has invalid format"}"#, 69),
                  (401, "", 75), (403, #"{"code":"missing_feature","text":"not enabled"}"#, 75),
                  (429, "", 75), (503, "", 75)],
        "plivo": [(202, #"{"api_id":"4e1f954c-baf3-11ec-bafe-0242ac110003","message":"message(s) queued","message_uuid":["4e2d8426-baf3-11ec-bafe-0242ac110003"]}"#, 0),
                  (202, #"{"api_id":"a","message":"message(s) queued","message_uuid":[],"invalid_number":["4850123456789"]}"#, 69),
                  (400, #"{"api_id":"b","error":"src parameter not present"}"#, 69), (401, "", 75), (500, "", 75)],
        "clicksend": [(200, #"{"http_code":200,"response_code":"SUCCESS","response_msg":"Messages queued for delivery.","data":{"total_count":1,"queued_count":1,"messages":[{"to":"+4850123456789","status":"SUCCESS","message_id":"BF7AD270"}]}}"#, 0),
                      (200, #"{"http_code":200,"response_code":"SUCCESS","data":{"messages":[{"to":"+4850123456789","status":"INVALID_RECIPIENT"}]}}"#, 69),
                      (200, #"{"http_code":200,"response_code":"SUCCESS","data":{"messages":[{"to":"+4850123456789","status":"INSUFFICIENT_CREDIT"}]}}"#, 75),
                      (401, #"{"http_code":401,"response_code":"UNAUTHORIZED","response_msg":"Unauthorized","data":null}"#, 75),
                      (400, #"{"http_code":400,"response_code":"BAD_REQUEST","data":null}"#, 69), (429, "", 75), (500, "", 75)],
        "bulksms": [(201, #"[{"id":"1234567890","type":"SENT","from":null,"to":"+4850123456789","body":"x","encoding":"TEXT","status":{"id":"ACCEPTED.null","type":"ACCEPTED"}}]"#, 0),
                    (400, #"{"type":"https://developer.bulksms.com/json/v1/errors#validation-failed","title":"Validation failed","status":400,"detail":"to is invalid"}"#, 69),
                    (401, #"{"title":"Authentication failed","status":401}"#, 75),
                    (403, #"{"title":"Insufficient credits","status":403}"#, 75), (429, "", 75), (500, "", 75)],
        "infobip": [(200, #"{"bulkId":"2034072219640523072","messages":[{"messageId":"2250be2d4219-3af1-78856-aabe-1362af1edfd2","status":{"groupId":1,"groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED","description":"Message sent to next instance"},"to":"4850123456789"}]}"#, 0),
                    (200, #"{"messages":[{"messageId":"m","status":{"groupId":5,"groupName":"REJECTED","id":51,"name":"REJECTED_DESTINATION"},"to":"4850123456789"}]}"#, 69),
                    (200, #"{"messages":[{"messageId":"m","status":{"groupId":5,"groupName":"REJECTED","id":12,"name":"REJECTED_NOT_ENOUGH_CREDITS"},"to":"4850123456789"}]}"#, 75),
                    (400, #"{"requestError":{"serviceException":{"messageId":"BAD_REQUEST","text":"Bad request"}}}"#, 69),
                    (401, #"{"requestError":{"serviceException":{"messageId":"UNAUTHORIZED","text":"Invalid login details"}}}"#, 75),
                    (429, #"{"requestError":{"serviceException":{"messageId":"TOO_MANY_REQUESTS","text":"Too many requests"}}}"#, 75), (500, "", 75)],
        "telnyx": [(200, #"{"data":{"id":"b0c7e8cb-6227-4c74-9f32-c7f80c30934b","record_type":"message","direction":"outbound","type":"SMS"}}"#, 0),
                   (422, #"{"errors":[{"code":"40310","title":"Invalid 'to' address","detail":"The 'to' address should be in +E.164 format."}]}"#, 69),
                   (401, #"{"errors":[{"code":"10009","title":"Authentication failed"}]}"#, 75),
                   (403, #"{"errors":[{"code":"10010","title":"Authorization failed"}]}"#, 75),
                   (429, #"{"errors":[{"code":"10011","title":"Too many requests"}]}"#, 75), (500, "", 75)],
        "46elks": [(200, #"{"status":"created","direction":"outgoing","from":"ISE","created":"2026-12-07T10:00:00.000000","parts":1,"to":"+4850123456789","cost":3500,"message":"x","id":"s70df59406a1b4643b96f3f91e0bfb7b0"}"#, 0),
                   (401, "API user authentication failed.", 75), (402, "Not enough credits.", 75),
                   (403, "Forbidden.", 75), (400, "Invalid to number.", 69), (429, "", 75), (500, "", 75)],
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

    /// The JSON presets' Unicode: BulkSMS is told (`encoding` UNICODE); the others detect it, and get the text
    /// as JSON escapes leave it, Polish letters intact.
    @Test(arguments: ["bulksms", "messagebird", "sinch", "plivo", "clicksend", "infobip", "telnyx"])
    func jsonPresetsCarryUnicodeText(preset: String) throws {
        let testCase = try #require(Self.cases.first { $0.preset == preset })
        let answer = Self.answers[preset]!.first!
        let gateway = try FakeGateway(status: answer.status, body: answer.body)
        let folder = try TemporaryFolder()
        let rules = try Self.rules(testCase, port: gateway.port, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SendingTests.iseMessage(username: "Zażółć", password: "gęślą"))
        #expect(result.status == 0, "\(preset): \(result.output)")
        let body = try #require(try gateway.requests().first?.body)
        func strings(_ value: Any) -> [String] {
            if let string = value as? String { return [string] }
            if let array = value as? [Any] { return array.flatMap(strings) }
            if let object = value as? [String: Any] { return object.values.flatMap(strings) }
            return []
        }
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8))
        #expect(strings(json).contains { $0.contains("Username: Zażółć Password: gęślą") }, "\(body)")
        if preset == "bulksms" { #expect(body.contains(#""encoding":"UNICODE""#), "\(body)") }
    }
}
