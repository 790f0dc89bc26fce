import Foundation
import TestSupport
import Testing

/// The example's guard against the binary: who may trigger SMS, to which numbers, how many.
@Suite struct GuardTests {
    static func run(_ message: Data, sender: String, folder: TemporaryFolder, gateway: FakeGateway,
                    state: String? = nil) throws -> Mail2SMSProcess.Result {
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        return try Mail2SMSProcess.run(["-f", sender, rules], stdin: message, stateDirectory: state)
    }

    @Test func aSenderNotAllowedSendsNothingAndIsLogged() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let result = try Self.run(try SourceTree.fixture("messages/ise-guest-plain.eml"), sender: "mallory@evil.example",
                                  folder: folder, gateway: gateway)
        #expect(result.status == 0)
        // One line, for pipe(8)'s status=sent (…): why, without the sender, the number or the text.
        #expect(result.stdout == "mail2sms: no SMS sent: refused by the guard (allow-sender)\n")
        #expect(result.stderr.isEmpty)
        #expect(try gateway.requests().isEmpty)
        #expect(try ISEExample.log(folder).contains(#"outcome=refused"#))
        #expect(try ISEExample.log(folder).contains("the sender is not allowed"))
        #expect(try ISEExample.log(folder).contains("nosms reason=refused sms=1 refused-by=allow-sender msgid="))
    }

    @Test func premiumNumbersAndShortCodesAreRefused() throws {
        for number in ["+48 700 123 456", "7233"] {
            let gateway = try FakeGateway(status: 202)
            let folder = try TemporaryFolder()
            let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
            let message = Data(original.replacingOccurrences(of: "to: 4850123456789", with: "to: \(number.replacingOccurrences(of: " ", with: ""))").utf8)
            let result = try Self.run(message, sender: "sponsor@example.com", folder: folder, gateway: gateway)
            #expect(result.status == 0, "\(number)")
            #expect(try gateway.requests().isEmpty, "\(number)")
            #expect(try ISEExample.log(folder).contains("outcome=refused"), "\(number)")
        }
    }

    /// The example allows 5 SMS an hour to one number; the sixth mail is deferred, not sent.
    @Test func aRateLimitDefersTheMail() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        var statuses: [Int32] = []
        for i in 1...6 {
            let message = try SendingTests.iseMessage(username: "guest\(i)", password: "pw\(i)")
            let unique = Data(String(decoding: message, as: UTF8.self)
                .replacingOccurrences(of: "Message-ID: <1385847587000.7", with: "Message-ID: <\(i)").utf8)
            statuses.append(try Self.run(unique, sender: "sponsor@example.com", folder: folder, gateway: gateway,
                                         state: state.url.path).status)
        }
        #expect(statuses == [0, 0, 0, 0, 0, 75])
        #expect(try gateway.requests().count == 5)
        #expect(try ISEExample.log(folder).contains("rate limit: 5 SMS per hour to this number"))
    }
}

/// The guard attacked as a spammer would: numbers that look like digits, gateways that read a national number
/// differently, a mail listing a thousand numbers.
extension GuardTests {
    /// Each once passed `deny-prefix +48700` (a digit and an invisible or combining character are one Swift
    /// Character) or looks like digits to a reader: not a phone number, nothing sent.
    static let disguisedNumbers = [
        "+48700\u{200D}123456", "+48700\u{FE0F}123456", "+48700\u{20E3}123456", "+4870\u{0301}0123456",
        "+\u{FF14}\u{FF18}\u{FF17}\u{FF10}\u{FF10}123456", "+\u{0664}\u{0668}\u{0667}\u{0660}\u{0660}123456",
    ]

    @Test(arguments: disguisedNumbers)
    func disguisedDigitsAreRefused(number: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
        let message = Data(original.replacingOccurrences(of: "to: 4850123456789", with: "to: \(number)").utf8)
        let result = try Self.run(message, sender: "sponsor@example.com", folder: folder, gateway: gateway)
        #expect(result.status == 69, "\(result.output)")
        #expect(try gateway.requests().isEmpty)
        #expect(try ISEExample.log(folder).contains(#"to=invalid gateway=kannel status=- outcome=permanent"#))
        #expect(!result.output.contains(number))
    }

    /// Gateways with different `country-code`s read `0700123456` as +48700123456 (denied) and +49700123456.
    /// Balanced or in order, the guard judges what each gateway would receive: nothing reaches a denied
    /// prefix. A gateway without `country-code` cannot read it, and refuses it rather than wave it through.
    @Test(.hangLimit, arguments: ["balance(pl, de)", "de, pl", "any, pl"])
    func nationalNumbersAreJudgedAsEachGatewayReadsThem(route: String) throws {
        let pl = try FakeGateway(status: 202), de = try FakeGateway(status: 503), any = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try folder.write("mailfilter.conf", """
            logfile "\(folder.path("mail2sms.log"))"
            gateway pl {
                url "http://127.0.0.1:\(pl.port)/send?to=%number%&text=%data%"
                country-code 48
            }
            gateway de {
                url "http://127.0.0.1:\(de.port)/send?to=%number%&text=%data%"
                country-code 49
            }
            gateway any { url "http://127.0.0.1:\(any.port)/send?to=%number%&text=%data%" }
            guard {
                allow-client 192.0.2.10
                deny-prefix  +48700
                rate-per-number 1000
            }
            if (/^to:\\s*(\\S+)/:b)
                sms to $MATCH1 text "code" via \(route)
            """)
        for index in 1...40 {
            let message = try ISEExample.mail(index, number: "0700123456")
            let result = try Mail2SMSProcess.run([rules], stdin: message, stateDirectory: state.url.path)
            #expect([0, 69, 75].contains(result.status), "\(result.output)")
        }
        #expect(try pl.requests().isEmpty)
        #expect(try any.requests().isEmpty)
        #expect(try de.requests().allSatisfy { $0.values("to") == ["+49700123456"] })
        let log = try ISEExample.log(folder)
        #expect(!log.contains("to=+48700123456 gateway=pl status=") || !log.contains("outcome=sent"))
        if route != "any, pl" { #expect(log.contains("to=+48700123456 gateway=pl status=- outcome=refused")) }
    }

    /// One mail whose body lists a thousand numbers sends `max-per-message` SMS (the default, 3), and says
    /// why the others were not sent.
    @Test func aMailListingAThousandNumbersSendsThree() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let example = try String(contentsOfFile: try ISEExample.rules(port: gateway.port, folder: folder), encoding: .utf8)
        let rules = try folder.write("mailfilter.conf", example + """

            foreach /^\\+48[0-9]+$/:b
            {
                sms to $MATCH text "alert" via kannel
            }
            """)
        let numbers = (1...1000).map { String(format: "+48600%06d", $0) }
        let original = String(decoding: try SourceTree.fixture("messages/ise-guest-plain.eml"), as: UTF8.self)
        let message = Data((original.replacingOccurrences(of: "Subject: Guest Account", with: "Subject: Numbers")
                            + numbers.joined(separator: "\n") + "\n").utf8)
        let result = try Mail2SMSProcess.run(["-f", "sponsor@example.com", rules], stdin: message)
        #expect(result.status == 0, "\(result.output)")
        #expect(try gateway.requests().count == 3)
        #expect(try ISEExample.log(folder).components(separatedBy: "more than 3 SMS in one mail ('max-per-message')").count - 1 == 997)
    }
}
