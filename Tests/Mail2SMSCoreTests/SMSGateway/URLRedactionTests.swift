import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// What of a gateway URL may be shown: `--dry-run` masks credential values; stderr and logs get the endpoint.
@Suite struct URLRedactionTests {
    static let masked: [(url: String, shown: String)] = [
        ("http://127.0.0.1:13013/cgi-bin/sendsms?username=tester&password=foobar&to=1&text=hi",
         "http://127.0.0.1:13013/cgi-bin/sendsms?username=tester&password=***&to=1&text=hi"),
        ("https://api.example.com/send?token=abc&api_key=xyz&text=hi",
         "https://api.example.com/send?token=***&api_key=***&text=hi"),
        ("https://h/s?PASS=a&pwd=b&client_secret=c&Authorization=d&sig=e&apikey=f",
         "https://h/s?PASS=***&pwd=***&client_secret=***&Authorization=***&sig=***&apikey=***"),
        ("https://user:secret@h/s", "https://user:***@h/s"),
        ("https://user:secret@h/s?password=x", "https://user:***@h/s?password=***"),
        ("https://user@h/s", "https://user@h/s"),
        ("https://h/s?password=x#frag", "https://h/s?password=***#frag"),
        ("https://h/s?flag&password=", "https://h/s?flag&password=***"),
        ("https://h/s", "https://h/s"),
        ("https://h/p@x?to=1", "https://h/p@x?to=1"),
        ("https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage?chat_id=1",
         "https://api.telegram.org/***/sendMessage?chat_id=1"),
        ("https://user:pw@hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX#x",
         "https://user:***@hooks.slack.com/services/T0000/B0000/***#x"),
    ]

    @Test(arguments: masked)
    func masksCredentials(url: String, shown: String) {
        #expect(URLRedaction.maskingCredentials(url) == shown)
    }

    static let endpoints: [(url: String, endpoint: String)] = [
        ("http://127.0.0.1:13013/cgi-bin/sendsms?username=tester&password=foobar&to=1",
         "http://127.0.0.1:13013/cgi-bin/sendsms"),
        ("https://user:secret@h.example/x?y=1", "https://h.example/x"),
        ("https://user@h.example", "https://h.example"),
        ("https://h#frag", "https://h"),
        ("https://h/p@x?q", "https://h/p@x"),
        ("https://a:b@c@h/x", "https://h/x"),
        ("not a url?password=x", "not a url"),
        ("https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage?chat_id=1",
         "https://api.telegram.org/***/sendMessage"),
        ("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
         "https://hooks.slack.com/services/***/***/***"),
        ("https://api.twilio.com/2010-04-01/Accounts/%username%/Messages.json",
         "https://api.twilio.com/2010-04-01/Accounts/%username%/Messages.json"),
        ("https://u:p@h:8443/a1b2c3d4/", "https://h:8443/***/"),
        ("relative/abc:def/x", "relative/***/x"),
    ]

    @Test(arguments: endpoints)
    func endpointHasNothingSecret(url: String, endpoint: String) {
        #expect(URLRedaction.endpoint(url) == endpoint)
    }

    /// Which path segments are taken for credentials, and which ordinary ones stay readable.
    static let segments: [(segment: String, masked: Bool)] = [
        // Ordinary path words, versions and dates: shown.
        ("cgi-bin", false), ("sendsms", false), ("sendmsg", false), ("v1", false), ("api", false),
        ("2010-04-01", false), ("1.2.3", false), ("Messages.json", false), ("Accounts", false),
        ("sendMessage", false), ("T0000", false), ("", false), ("%username%", false), ("bot%api-key%", false),
        ("abcdefghijklmno", false),
        // A colon, as in Telegram's bot<id>:<token>, also percent-encoded: masked whatever its length.
        ("a:b", true), ("bot1:x", true), ("x%3ay", true), ("x%3Ay", true),
        // Eight or more characters with a digit, unless a date or version.
        ("a1b2c3d4", true), ("12345678", true), ("20100401", true), ("sendsms2", true), ("1234-12345", true),
        ("v1.2.3.4-5", true), ("T00000000", true),
        ("abc1234", false),
        // Sixteen or more characters, whatever they are.
        ("abcdefghijklmnop", true), ("XXXXXXXXXXXXXXXXXXXXXXXX", true), ("outbound-messages", true),
    ]

    @Test(arguments: segments)
    func segmentRule(segment: String, masked: Bool) {
        #expect(URLRedaction.looksLikeCredential(Substring(segment)) == masked)
        let expected = masked ? "https://h/a/***/b" : "https://h/a/\(segment)/b"
        #expect(URLRedaction.endpoint("https://h/a/\(segment)/b?k=v") == expected)
        #expect(URLRedaction.maskingCredentials("https://h/a/\(segment)/b") == expected)
    }
}
