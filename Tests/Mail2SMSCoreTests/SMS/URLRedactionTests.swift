import Testing
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
    ]

    @Test(arguments: endpoints)
    func endpointHasNothingSecret(url: String, endpoint: String) {
        #expect(URLRedaction.endpoint(url) == endpoint)
    }
}
