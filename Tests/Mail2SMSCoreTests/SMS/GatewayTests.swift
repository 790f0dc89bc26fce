import Testing
@testable import Mail2SMSCore

/// A gateway as declared in rules: checked at compile time, builds the request, classifies the answer.
@Suite struct GatewayTests {
    static func gateway(_ url: String = "http://127.0.0.1:13013/cgi-bin/sendsms?password=foobar&to=%number%&text=%data%") throws -> Gateway {
        let source = "gateway kannel {\n    url \"\(url)\"\n}\n"
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        return try #require(program?.gateways["kannel"])
    }

    enum Reply: Sendable, CustomTestStringConvertible {
        case status(Int)
        case noAnswer

        var result: Result<HTTPResponse, HTTPFailure> {
            switch self {
            case .status(let status): return .success(HTTPResponse(status: status, body: Array("ok".utf8)))
            case .noAnswer: return .failure(HTTPFailure(code: 7, message: "Failed to connect to 127.0.0.1 port 13013"))
            }
        }

        var testDescription: String {
            switch self {
            case .status(let status): return "HTTP \(status)"
            case .noAnswer: return "no answer"
            }
        }
    }

    static let classifications: [(reply: Reply, outcome: String)] = [
        (.status(200), "sent"),
        (.status(202), "sent"),
        (.status(204), "sent"),
        (.status(500), "temporary"),
        (.status(503), "temporary"),
        (.status(408), "temporary"),
        (.status(429), "temporary"),
        (.status(401), "temporary"),
        (.status(403), "temporary"),
        (.status(301), "temporary"),
        (.status(302), "temporary"),
        (.status(400), "permanent"),
        (.status(404), "permanent"),
        (.status(422), "permanent"),
        (.status(100), "temporary"),
        (.status(0), "temporary"),
        (.noAnswer, "temporary"),
    ]

    @Test(arguments: classifications)
    func classifies(reply: Reply, outcome: String) throws {
        #expect(try Self.gateway().classify(reply.result).name == outcome)
    }

    @Test func reasonsNameTheStatusOrCurlsWords() throws {
        let gateway = try Self.gateway()
        #expect(gateway.classify(Reply.noAnswer.result) == .temporary("Failed to connect to 127.0.0.1 port 13013"))
        #expect(gateway.classify(Reply.status(503).result) == .temporary("HTTP 503"))
        #expect(gateway.classify(Reply.status(401).result) == .temporary("HTTP 401: the gateway refused the credentials"))
        #expect(gateway.classify(Reply.status(301).result) == .temporary("HTTP 301: redirects are not followed"))
        #expect(gateway.classify(Reply.status(400).result) == .permanent("HTTP 400: the gateway refused the SMS"))
    }

    @Test func requestCarriesTheEncodedNumberAndTextAndTimeouts() throws {
        let request = try Self.gateway().request(number: try #require(PhoneNumber("+48 501 234 567")), text: "a&b c")
        #expect(request.method == "GET")
        #expect(request.url == "http://127.0.0.1:13013/cgi-bin/sendsms?password=foobar&to=%2B48501234567&text=a%26b%20c")
        #expect(request.connectTimeoutMilliseconds == Gateway.connectTimeoutMilliseconds)
        #expect(request.timeoutMilliseconds == Gateway.timeoutMilliseconds)
        #expect(request.body == nil)
    }

    @Test func endpointIsWithoutCredentials() throws {
        #expect(try Self.gateway().endpoint == "http://127.0.0.1:13013/cgi-bin/sendsms")
        #expect(try Self.gateway("https://u:p@sms.example.com:8443/api?key=%data%").endpoint == "https://sms.example.com:8443/api")
    }

    /// The URL checks (the diagnostics fixtures show them in context).
    static let urls: [(url: String, problem: String?)] = [
        ("http://h/", nil),
        ("HTTPS://h/", nil),
        ("https://[::1]:8443/x", nil),
        ("https://u:p@h", nil),
        ("ftp://h/", "the 'url' of 'gateway kannel' must start with http:// or https://"),
        ("h/send", "the 'url' of 'gateway kannel' must start with http:// or https://"),
        ("http://", "the 'url' of 'gateway kannel' has no host"),
        ("https://?to=%number%", "the 'url' of 'gateway kannel' has no host"),
        ("https:///send", "the 'url' of 'gateway kannel' has no host"),
        ("http://:80/send", "the 'url' of 'gateway kannel' has no host"),
        ("http://user:pw@/send", "the 'url' of 'gateway kannel' has no host"),
    ]

    @Test(arguments: urls)
    func checksTheURL(url: String, problem: String?) {
        let source = "gateway kannel { url '\(url)' }"
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message) == (problem.map { [$0] } ?? []))
    }

    @Test func oneDeclaredGatewayIsTheDefault() throws {
        let source = "gateway only { url 'http://h/' }\nsms to 1 text 2"
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        guard case .sms(let sms) = try #require(program?.statements.first).kind else {
            Issue.record("not an sms statement")
            return
        }
        #expect(sms.gateway == "only")
    }

    @Test func severalGatewaysNeedVia() {
        let source = "gateway a { url 'http://h/' }\ngateway b { url 'http://h/' }\nsms to 1 text 2"
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.map(\.message) == ["'sms' needs 'via NAME' when several gateways are declared"])
    }
}
