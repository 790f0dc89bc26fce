import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// HTML parts as a reader sees them: what makes `/^Username:\s*(\S+)/:b` work on Cisco ISE 3.x mail.
@Suite struct HTMLTextTests {
    static let examples: [(html: String, lines: [String])] = [
        ("<tr><td>Username:</td><td><b>jw7</b></td></tr>", ["Username: jw7"]),
        ("<table><tr><td>Password:</td>\n  <td>a&amp;b</td></tr><tr><td>x</td></tr></table>", ["Password: a&b", "x"]),
        ("<p>one</p><p>two<br>three</p>", ["one", "two", "three"]),
        ("<div>a\n   b\tc</div>", ["a b c"]),
        ("<head><style>td { x }</style><script>var a = '<p>';</script></head><p>text</p>", ["text"]),
        ("a<!-- <p>hidden</p> -->b", ["ab"]),
        ("&lt;tag&gt; &quot;q&quot; &#233; &#xE9; &eacute; &euro; &nbsp;x &unknown; &amp", ["<tag> \"q\" é é é € x &unknown; &"]),
        ("<ul><li>one<li>two</ul>", ["one", "two"]),
        ("<pre>  keep\n  lines</pre>", ["  keep", "  lines"]),
        ("1 < 2 and <3", ["1 < 2 and <3"]),
        ("<a href=\"x>y\">link</a> text", ["link text"]),
        ("<h1>Title</h1>body", ["Title", "body"]),
        ("<p>unclosed <b attr=\"never closed", ["unclosed"]),
        ("", []),
    ]

    @Test(arguments: examples)
    func renders(_ example: (html: String, lines: [String])) {
        #expect(HTMLText.lines(example.html) == example.lines)
    }

    @Test func unclosedMarkupStaysLinear() {
        let html = String(repeating: "<a href=\"x <b &amp", count: 100_000)
        #expect(HTMLText.lines(html).count <= 1)
        let scripts = String(repeating: "<script>", count: 100_000)
        #expect(HTMLText.lines(scripts).isEmpty)
    }
}
