import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The guard: senders and clients allowed, numbers allowed or denied, rates; and its mistakes.
@Suite struct AbuseGuardTests {
    static func abuseGuard(_ settings: String) throws -> AbuseGuard {
        let source = "guard {\n\(settings)\n}\n"
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "g.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [], "\(diagnostics.map(\.message))")
        return try #require(program?.abuseGuard)
    }

    /// `allow-sender` patterns match the whole address.
    static let senders: [(settings: String, sender: String, client: String?, refused: Bool)] = [
        ("allow-sender \"[^@]+@ise\\.example\\.com\"", "guest@ise.example.com", nil, false),
        ("allow-sender \"[^@]+@ise\\.example\\.com\"", "GUEST@ISE.EXAMPLE.COM", nil, false),
        ("allow-sender \"[^@]+@ise\\.example\\.com\"", "mallory@evil.example", nil, true),
        ("allow-sender \"[^@]+@ise\\.example\\.com\"", "mallory@ise.example.com.evil.test", nil, true),
        ("allow-sender \"[^@]+@ise\\.example\\.com\"", "mallory@ise.example.com\n", nil, true),
        ("allow-sender \"@ise\\.example\\.com$\"", "guest@ise.example.com", nil, true),
        ("allow-sender \".*@ise\\.example\\.com\" \"ops@example\\.org\"", "ops@example.org", nil, false),
        ("allow-sender \"ops@example\\.org\"", "devops@example.org", nil, true),
        ("allow-client 192.0.2.10 10.1.0.0/16", "x@y", "10.1.200.3", false),
        ("allow-client 192.0.2.10 10.1.0.0/16", "x@y", "192.0.2.10", false),
        ("allow-client 192.0.2.10 10.1.0.0/16", "x@y", "10.2.0.1", true),
        ("allow-client 192.0.2.10", "x@y", nil, true),
        ("rate-total 5", "anyone@anywhere", nil, false),
    ]

    @Test(arguments: senders)
    func sendersAndClients(settings: String, sender: String, client: String?, refused: Bool) throws {
        #expect((try Self.abuseGuard(settings).refusal(sender: sender, client: client) != nil) == refused)
    }

    static let numbers: [(settings: String, number: String, refused: Bool)] = [
        ("allow-prefix +48", "+48601234567", false),
        ("allow-prefix +48", "+4930123456", true),
        ("allow-prefix +48 0049", "+4930123456", false),
        ("allow-prefix +48\ndeny-prefix +48700", "+48700123456", true),
        ("deny-prefix +44 +1900", "+19005550100", true),
        ("rate-total 5", "7233", true),
        ("allow-short-code 7233", "7233", false),
        ("allow-short-code 7233", "8080", true),
    ]

    @Test(arguments: numbers)
    func numbersAndShortCodes(settings: String, number: String, refused: Bool) throws {
        let phone = try #require(PhoneNumber(number))
        #expect((try Self.abuseGuard(settings).refusal(number: phone) != nil) == refused)
    }

    static let mistakes: [(settings: String, message: String)] = [
        ("allow-prefix +48x", "'allow-prefix' takes number prefixes like +48 or +4870, found '+48x'"),
        ("rate-per-number lots", "'rate-per-number' is a number of SMS per hour, found 'lots'"),
        ("over-limit bounce", "'over-limit' is defer or drop, found 'bounce'"),
        ("refused maybe", "'refused' is drop or bounce, found 'maybe'"),
        ("allow-short-code 12", "'allow-short-code' takes 3 to 6 digits, found '12'"),
        ("allow-sender \"(\"", "invalid 'allow-sender' pattern: missing closing parenthesis"),
        ("max-per-message -1", "'max-per-message' is a number of SMS per mail, found '-1'"),
        ("in-doubt maybe", "'in-doubt' is resend or skip, found 'maybe'"),
        ("colour red", "unknown setting 'colour' in 'guard' (known: allow-sender, allow-client, allow-prefix, deny-prefix, allow-short-code, rate-per-number, rate-total, max-per-message, over-limit, refused, in-doubt)"),
    ]

    @Test(arguments: mistakes)
    func mistakesAreDiagnosed(settings: String, message: String) {
        let (_, diagnostics) = Program.compile(Array("guard {\n\(settings)\n}\n".utf8), file: "g.conf")
        #expect(diagnostics.map(\.message).contains(message), "\(diagnostics.map(\.message))")
    }

    @Test func checkWarnsWhenNothingRestrictsSenders() {
        let open = "gateway g { url 'http://h/?to=%number%' }\nsms to 4850123456789 text x\n"
        let (_, warnings) = Program.compile(Array(open.utf8), file: "g.conf")
        #expect(warnings.map(\.message) == ["anyone who can mail the sms transport can send SMS: add a 'guard' with 'allow-client' and 'allow-sender'"])
        let (_, none) = Program.compile(Array(("guard { allow-client 127.0.0.1 }\n" + open).utf8), file: "g.conf")
        #expect(none == [])
    }

    /// Any SMTP client chooses its envelope sender: a guard that trusts only it is worth a warning.
    @Test func checkWarnsWhenOnlyTheEnvelopeSenderRestrictsSenders() {
        let open = "gateway g { url 'http://h/?to=%number%' }\nsms to 4850123456789 text x\n"
        let (_, warnings) = Program.compile(Array(("guard { allow-sender \"a@b\\.c\" }\n" + open).utf8), file: "g.conf")
        #expect(warnings.map(\.message) == ["only 'allow-sender' restricts who can send SMS, and the envelope sender is not authentication: any SMTP client may claim it; add 'allow-client' with the addresses of the hosts that send these mails"])
        #expect(warnings.first?.location.line == 1)
        let (_, none) = Program.compile(Array(("guard { allow-sender \"a@b\\.c\"\nallow-client 192.0.2.10 }\n" + open).utf8), file: "g.conf")
        #expect(none == [])
    }

    @Test func defaults() throws {
        let abuseGuard = try Self.abuseGuard("allow-client 192.0.2.10")
        #expect(abuseGuard.maximumPerMessage == 3)
        #expect(abuseGuard.inDoubt == .resend)
        #expect(abuseGuard.limits == RateLimits(perNumber: 10, total: 500, windowSeconds: 3600))
    }

    /// Rates are counted in the journal: the sixth SMS to a number in an hour waits (or is dropped).
    @Test(arguments: [("defer", "temporary"), ("drop", "refused")])
    func ratesCountInTheJournal(overLimit: String, outcome: String) throws {
        let directory = try TemporaryDirectory()
        let source = """
            guard {
                rate-per-number 2
                over-limit \(overLimit)
            }
            gateway g { url 'http://h/?to=%number%&text=%data%' }
            """
        let (compiled, _) = Program.compile(Array(source.utf8), file: "g.conf")
        let program = try #require(compiled)
        let location = SourceLocation(file: "g.conf", line: 6, column: 1)
        let messages = (1...3).map { RecordedSMS(number: "+48601234567", text: "code \($0)", route: GatewayRoute(names: ["g"]), location: location) }
        var sender = SendSMS(gateways: program.gateways, transport: RecordingTransport(status: 200), clock: .system,
                             openJournal: Journals.sqlite(directory), messageKey: "<m@h>")
        sender.abuseGuard = program.abuseGuard
        let deliveries = sender.send(messages) { _ in }
        #expect(deliveries.map(\.outcome.name) == ["sent", "sent", outcome])
    }
}
