import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
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

    /// A verdict and its words, as the log shows them.
    static func words(_ verdict: GatewayVerdict) -> String {
        switch verdict {
        case .sent: return "sent"
        case .temporary(let problem), .permanent(let problem): return "\(verdict.name): \(problem)"
        }
    }

    @Test func reasonsNameTheStatusOrCurlsWords() throws {
        let gateway = try Self.gateway()
        #expect(Self.words(gateway.classify(Reply.noAnswer.result)) == "temporary: Failed to connect to 127.0.0.1 port 13013")
        #expect(Self.words(gateway.classify(Reply.status(503).result)) == "temporary: HTTP 503")
        #expect(Self.words(gateway.classify(Reply.status(401).result)) == "temporary: HTTP 401: the gateway refused the credentials")
        #expect(Self.words(gateway.classify(Reply.status(301).result)) == "temporary: HTTP 301: redirects are not followed")
        #expect(Self.words(gateway.classify(Reply.status(400).result)) == "permanent: HTTP 400: the gateway refused the SMS")
        // The facts behind the words.
        #expect(gateway.classify(Reply.status(401).result) == .temporary(.credentialsRefused(status: 401)))
        #expect(gateway.classify(Reply.status(400).result) == .permanent(.smsRefused(status: 400)))
    }

    @Test func requestCarriesTheEncodedNumberAndTextAndTimeouts() throws {
        let sms = RecordedSMS(number: "+48 501 234 567", text: "a&b c", route: GatewayRoute(names: ["kannel"]),
                              location: SourceLocation(file: "g.conf", line: 1, column: 1))
        let request = try Self.gateway().request(number: "+48501234567", text: SMSText("a&b c"), variables: sms.variables, messageID: "")
        #expect(request.method == "GET")
        #expect(request.url == "http://127.0.0.1:13013/cgi-bin/sendsms?password=foobar&to=%2B48501234567&text=a%26b%20c")
        #expect(request.connectTimeoutMilliseconds == Gateway.connectTimeoutMilliseconds)
        #expect(request.timeoutMilliseconds == Gateway.timeoutMilliseconds)
        #expect(request.body == nil)
    }

    @Test func endpointIsWithoutCredentials() throws {
        #expect(try Self.gateway().endpoint == "http://127.0.0.1:13013/cgi-bin/sendsms")
        #expect(try Self.gateway("https://u:p@sms.example.com:8443/api?key=%data%").endpoint == "https://sms.example.com:8443/api")
        #expect(try Self.gateway("https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage").endpoint
                == "https://api.telegram.org/***/sendMessage")
    }

    /// A gateway whose rules spell its secrets out: in the URL path, in headers, in the body, and equal to
    /// its declared `api-key` and `password`.
    static let literalSecrets = """
        gateway g {
            url      "https://h.example/hook/Zq9xKw2mPv/qwertyuiop/T0000/sendsms?to=%number%&pin=pa55word"
            method   POST
            body     '{"text":"%data%","key":"pa55word","pin":"%password%"}'
            content-type application/json
            header   "X-Token: abc123"
            header   "Authorization: Bearer tok-en"
            header   "X-Ticket: T-1"
            header   "X-Echo: pa55word"
            password pa55word
            api-key  qwertyuiop
        }
        """

    @Test func dryRunRequestMasksLiteralSecrets() throws {
        let (compiled, diagnostics) = Program.compile(Array(Self.literalSecrets.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        let gateway = try #require(compiled?.gateways["g"])
        let sms = RecordedSMS(number: "+48501234567", text: "hi", route: GatewayRoute(names: ["g"]),
                              location: SourceLocation(file: "g.conf", line: 1, column: 1))
        let shown = gateway.request(number: "+48501234567", text: SMSText("hi"), variables: sms.variables, messageID: "", redacting: true)
        #expect(shown.url == "https://h.example/hook/***/***/T0000/sendsms?to=%2B48501234567&pin=***")
        #expect(shown.headers == ["Content-Type: application/json", "X-Token: ***", "Authorization: Bearer ***",
                                  "X-Ticket: T-1", "X-Echo: ***"])
        #expect(shown.body.map { String(decoding: $0, as: UTF8.self) } == #"{"text":"hi","key":"***","pin":"***"}"#)
        // The endpoint for stderr is masked by the path rule and by the declared values.
        #expect(gateway.endpoint == "https://h.example/hook/***/***/T0000/sendsms")
        // What is sent is untouched.
        let sent = gateway.request(number: "+48501234567", text: SMSText("hi"), variables: sms.variables, messageID: "")
        #expect(sent.url.contains("/hook/Zq9xKw2mPv/qwertyuiop/") && sent.url.hasSuffix("&pin=pa55word"))
        #expect(sent.headers.contains("X-Token: abc123"))
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
        #expect(sms.route.names == ["only"])
    }

    @Test func severalGatewaysNeedVia() {
        let source = "gateway a { url 'http://h/' }\ngateway b { url 'http://h/' }\nsms to 1 text 2"
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.map(\.message) == ["'sms' needs 'via NAME' when several gateways are declared"])
    }

    /// Settings are checked with the rules: each mistake one diagnostic, at its line.
    static let mistakes: [(settings: String, message: String)] = [
        ("preset nosuch", "unknown preset 'nosuch' (known: generic, kannel, clickatell, clickatell-rest, twilio, vonage, smseagle, jasmin, messagebird, sinch, plivo, clicksend, bulksms, infobip, telnyx, 46elks, sns)"),
        ("url 'http://h/'\n    colour blue", "unknown setting 'colour' in 'gateway g' (known: preset, url, method, body, content-type, header, username, password, password-file, api-key, api-key-file, sender, timeout, connect-timeout, ca-file, client-cert, client-key, max-parts, number-format, country-code, success, temporary, spool, region, access-key, secret-key, secret-key-file, sms-type)"),
        ("url 'http://h/'\n    method FETCH", "'method' is GET, POST or PUT, found 'FETCH'"),
        ("url 'http://h/'\n    password x\n    password-file '/etc/s'", "set 'password' or 'password-file', not both"),
        ("url 'http://h/'\n    api-key-file 'secrets/key'", "'api-key-file' needs an absolute path"),
        ("spool '/var/spool/sms/outgoing'\n    password-file '/etc/s'", "'password-file' does not apply to a spool gateway ('spool' writes files, it sends no HTTP)"),
        ("url 'http://h/'\n    timeout 0", "'timeout' is a number of seconds from 1 to 300, found '0'"),
        ("url 'http://h/'\n    max-parts 11", "'max-parts' is a number from 1 to 10, found '11'"),
        ("url 'http://h/'\n    number-format e.164", "'number-format' is e164, digits or 'interprefix DIGITS', found 'e.164'"),
        ("url 'http://h/'\n    country-code '+48'", "'country-code' is 1 to 3 digits without '+' or '00' (48 for Poland), found '+48'"),
        ("url 'http://h/'\n    success 2yy", "'success': expected a status code (202), a class (2xx) or 'body \"pattern\"', found '2yy'"),
        ("url 'http://h/'\n    header 'no colon'", "'header' takes one quoted \"Name: value\""),
        ("url 'http://h/'\n    url 'http://i/'", "'url' is set twice in 'gateway g'"),
        ("preset kannel\n    username u\n    password p", "'gateway g' needs 'url' (preset kannel)"),
        ("preset twilio\n    username u", "'gateway g' needs 'password' (preset twilio)"),
        ("spool '/var/spool/sms/outgoing'\n    url 'http://h/'", "'url' does not apply to a spool gateway ('spool' writes files, it sends no HTTP)"),
        ("spool 'outgoing'", "'spool' needs an absolute directory"),
    ]

    @Test(arguments: mistakes)
    func settingMistakesAreDiagnosed(settings: String, message: String) {
        let source = "gateway g {\n    \(settings)\n}\nsms to 1234567 text x via g\n"
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message).contains(message), "\(diagnostics.map(\.message))")
    }

    /// A mistake in every group, written in the reverse of the order the groups are read: each group is
    /// read after the others' problems, and the problems come in reading order (the preset first: it gives
    /// the other groups their defaults).
    @Test func everyGroupIsReadAndReportsInItsOrder() throws {
        let source = """
            gateway g {
                timeout 0
                success 2yy
                country-code '+48'
                max-parts 11
                header 'no colon'
                method FETCH
                url 'ftp://h/'
                sender a b
                preset nosuch
            }
            """
        let declaration = try #require(Parser.parse(Array(source.utf8), file: "g.conf").0.gateways.first)
        do throws(DiagnosticList) {
            _ = try Gateway(declaration)
            Issue.record("the declaration was accepted")
        } catch {
            #expect(error.diagnostics.map(\.location.line) == [10, 9, 8, 7, 6, 5, 4, 3, 2])
            #expect(error.diagnostics.map(\.message) == [
                "unknown preset 'nosuch' (known: generic, kannel, clickatell, clickatell-rest, twilio, vonage, smseagle, jasmin, messagebird, sinch, plivo, clicksend, bulksms, infobip, telnyx, 46elks, sns)",
                "'sender' takes one value; quote it if it holds blanks",
                "the 'url' of 'gateway g' must start with http:// or https://",
                "'method' is GET, POST or PUT, found 'FETCH'",
                "'header' takes one quoted \"Name: value\"",
                "'max-parts' is a number from 1 to 10, found '11'",
                "'country-code' is 1 to 3 digits without '+' or '00' (48 for Poland), found '+48'",
                "'success': expected a status code (202), a class (2xx) or 'body \"pattern\"', found '2yy'",
                "'timeout' is a number of seconds from 1 to 300, found '0'",
            ])
        }
    }

    /// Each group's settings reach what the sending reads: the request's timeouts and TLS files, how the
    /// number is read and written, how many parts the text may take.
    @Test func settingsReachTheRequestAndTheNumber() throws {
        let source = """
            gateway g {
                url 'https://h.example/send?to=%number%'
                timeout 20
                connect-timeout 5
                ca-file '/etc/ssl/ca.pem'
                client-cert '/etc/ssl/client.pem'
                client-key '/etc/ssl/client.key'
                max-parts 5
                number-format interprefix 00
                country-code 48
            }
            """
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        let gateway = try #require(program?.gateways["g"])
        #expect(gateway.maximumParts == 5)
        #expect(gateway.countryCode == "48")
        #expect(gateway.numberFormat == .internationalPrefix("00"))
        #expect(gateway.endpoint == "https://h.example/send")
        let request = gateway.request(number: "0048601234567", text: SMSText("hi"), variables: [:], messageID: "")
        #expect(request.url == "https://h.example/send?to=0048601234567")
        #expect(request.timeoutMilliseconds == 20_000)
        #expect(request.connectTimeoutMilliseconds == 5_000)
        #expect(request.caFile == "/etc/ssl/ca.pem")
        #expect(request.clientCertificate == "/etc/ssl/client.pem")
        #expect(request.clientKey == "/etc/ssl/client.key")
    }

    /// A spool gateway shows its directory where an HTTP one shows its endpoint, and writes digits.
    @Test func spoolGatewayShowsItsDirectoryAndWritesDigits() throws {
        let source = "gateway modem {\n    spool '/var/spool/sms/outgoing'\n}\n"
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        let gateway = try #require(program?.gateways["modem"])
        #expect(gateway.spoolDirectory == "/var/spool/sms/outgoing")
        #expect(gateway.endpoint == "/var/spool/sms/outgoing")
        #expect(gateway.numberFormat == .digits)
        #expect(gateway.variableNames == [])
    }

    @Test func templateErrorsPointIntoTheValue() {
        let source = "gateway g {\n    url \"http://h/?t=%data;hexx%\"\n}\n"
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        let error = diagnostics.first { $0.severity == .error }
        #expect(error?.location.line == 2)
        #expect(error?.location.column == 28)  // the unknown modifier 'hexx'
    }

    @Test func everyPresetCompilesWithItsRequiredSettings() throws {
        for name in GatewayPreset.names {
            let preset = try #require(GatewayPreset.named(name))
            #expect(preset.name == name)
            var lines = ["preset \(name)"]
            for key in preset.required { lines.append(key == "url" ? "url 'https://gw.example.com/send'" : "\(key) x") }
            let source = "gateway g {\n" + lines.joined(separator: "\n") + "\n}\nsms to 1234567 text x via g\n"
            let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
            #expect(program != nil, "\(name): \(diagnostics.map(\.message))")
        }
    }

    @Test func viaListsAndBalanceParse() throws {
        let source = """
            gateway a { url 'http://a/' }
            gateway b { url 'http://b/' }
            sms to 1234567 text x via a, b
            sms to 1234567 text x via balance(b, a)
            sms to 1234567 text x via a, c
            """
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message) == ["unknown gateway 'c' in 'sms … via'"])
        let (program, _) = Program.compile(Array(source.split(separator: "\n").dropLast().joined(separator: "\n").utf8), file: "g.conf")
        let routes = try #require(program).statements.compactMap { statement -> GatewayRoute? in
            if case .sms(let sms) = statement.kind { return sms.route } else { return nil }
        }
        #expect(routes.map(\.names) == [["a", "b"], ["b", "a"]])
        #expect(routes.map(\.balanced) == [false, true])
    }

    /// `success` and `temporary` override the preset's reading of an answer.
    static let overrides: [(settings: String, status: Int, body: String, outcome: String)] = [
        ("success 200 body '^OK'", 200, "OK; ID=1", "sent"),
        ("success 200 body '^OK'", 200, "ERROR", "permanent"),
        ("success 200 body '^OK'", 202, "OK", "permanent"),
        ("success 2xx", 204, "", "sent"),
        ("temporary 400 body 'throttl'", 400, "throttled, retry", "temporary"),
        ("temporary 400 body 'throttl'", 400, "bad number", "permanent"),
        ("temporary 5xx", 503, "", "temporary"),
    ]

    @Test(arguments: overrides)
    func successAndTemporaryOverrideThePreset(settings: String, status: Int, body: String, outcome: String) throws {
        let source = "gateway g {\n    url 'http://h/?to=%number%'\n    \(settings)\n}\n"
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        let gateway = try #require(program?.gateways["g"])
        #expect(gateway.classify(.success(HTTPResponse(status: status, body: Array(body.utf8)))).name == outcome)
    }

    /// `%NAME%` in a template is the rules variable as it was when `sms` ran.
    @Test func ruleVariablesReachTheTemplate() throws {
        let source = """
            gateway g {
                url 'http://h/?to=%number%&ref=%TICKET%'
            }
            TICKET = "T-1"
            sms to 4850123456789 text x
            TICKET = "T-2"
            """
        let (compiled, _) = Program.compile(Array(source.utf8), file: "g.conf")
        let program = try #require(compiled)
        var interpreter = Interpreter(program: program, text: CanonicalText(headerLines: [], bodyLines: []), variables: [:], clock: .system)
        let outcome = try interpreter.run()
        let transport = RecordingTransport(status: 200)
        _ = SendSMS(gateways: program.gateways, transport: transport, clock: .system).send(outcome.messages) { _ in }
        #expect(transport.requests.map(\.url) == ["http://h/?to=%2B4850123456789&ref=T-1"])
    }
}
