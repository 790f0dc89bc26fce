import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Templates compile once and expand per SMS: placeholders take escaped values, the admin's text stays as
/// written, and every mistake is found when the template is compiled. Expected hex, base64 and charset
/// bytes were computed independently with Python's `codecs`.
@Suite struct TemplateTests {
    /// An SMS in the GSM alphabet.
    static let gsm = TemplateValues(
        number: "+48601234567", text: "Hi & bye=1", sender: "Alerts", parts: 2, needsUnicode: false,
        messageID: "m-17", username: "jsmith", password: "s3cr&t", apiKey: "k/ey+1",
        variables: ["USERNAME": "guest 7", "CODE": "a\"b"])
    /// An SMS that needs UCS-2.
    static let ucs2 = TemplateValues(
        number: "+48601234567", text: "Zażółć", sender: "Alerts", parts: 1, needsUnicode: true,
        messageID: "m-18", username: "jsmith", password: "s3cr&t", apiKey: "k/ey+1")

    static func text(_ text: String, needsUnicode: Bool = false) -> TemplateValues {
        TemplateValues(text: text, needsUnicode: needsUnicode)
    }

    static let expansions: [(template: String, context: TemplateContext, values: TemplateValues, expanded: String)] = [
        // The issue's two required cases.
        ("%number;interprefix=00%", .url, gsm, "0048601234567"),
        ("%condition;isunicode;value=&unicode=1%", .url, ucs2, "&unicode=1"),
        ("%condition;isunicode;value=&unicode=1%", .url, gsm, ""),

        // interprefix: only a leading `+` changes; empty digits drop it.
        ("%number;interprefix=011%", .url, gsm, "01148601234567"),
        ("%number;interprefix=%", .url, gsm, "48601234567"),
        ("%number;interprefix=00%", .url, TemplateValues(number: "0601234567"), "0601234567"),
        ("%number;interprefix=00%", .url, TemplateValues(number: "4+8"), "4%2B8"),
        ("%number;interprefix=00;hex%", .url, gsm, "30303438363031323334353637"),
        ("to=%number%", .url, gsm, "to=%2B48601234567"),

        // Values are escaped for their context; a value from mail cannot add a parameter, a field or a key.
        ("http://h/send?to=%number%&text=%data%", .url, text("x&to=666"), "http://h/send?to=&text=x%26to%3D666"),
        ("to=%number%&text=%data%", .form, text("x&to=666+1"), "to=&text=x%26to%3D666%2B1"),
        ("text=%data%", .url, text("50% #off?"), "text=50%25%20%23off%3F"),
        (#"{"text":"%data%"}"#, .json, text("say \"hi\" \\ bye\n\t\u{1}"),
         #"{"text":"say \"hi\" \\ bye\n\t\u0001"}"#),
        (#"{"text":"%data%","to":"%number%"}"#, .json, text("\",\"to\":\"666"),
         #"{"text":"\",\"to\":\"666","to":""}"#),
        ("X-Text: %data%", .header, text("a\r\nX-Evil: 1\u{0}\u{7F}"), "X-Text: a  X-Evil: 1  "),
        ("X-Text: %data%", .header, text("Zażółć\ttab"), "X-Text: Zażółć tab"),
        ("%data%\n", .raw, text("a&b\r\n\"c\""), "a&b\r\n\"c\"\n"),

        // hex, b64 and unicode, then escaped like any value (base64's `/ + =` are percent-encoded in a URL).
        ("%data;hex%", .url, ucs2, "5A61C5BCC3B3C582C487"),
        ("%data;b64%", .raw, ucs2, "WmHFvMOzxYLEhw=="),
        ("%data;b64%", .url, ucs2, "WmHFvMOzxYLEhw%3D%3D"),
        ("%data;unicode%", .url, ucs2, "005A0061017C00F301420107"),
        ("%data;unicode%", .url, text("😀é"), "D83DDE0000E9"),
        ("%data;unicode%", .url, gsm, "00480069002000260020006200790065003D0031"),
        ("%CODE;hex%", .url, gsm, "612262"),

        // len: Unicode scalars of text, bytes after charset= or hex.
        ("%data;len%", .url, ucs2, "6"),
        ("%data;len%", .url, text("😀e\u{301}"), "3"),
        ("%data;hex;len%", .url, ucs2, "20"),
        ("%data;charset=ISO-8859-2;len%", .url, ucs2, "6"),

        // charset=: iconv's bytes, percent-encoded in a URL; a character the charset lacks is `?`.
        ("%data;charset=ISO-8859-2;hex%", .url, ucs2, "5A61BFF3B3E6"),
        ("%data;charset=iso-8859-2%", .url, ucs2, "Za%BF%F3%B3%E6"),
        ("%data;charset=ISO-8859-2;hex%", .url, text("Zażółć €"), "5A61BFF3B3E6203F"),
        ("%data;charset=windows-1250;b64%", .raw, ucs2, "WmG/87Pm"),
        ("%data;charset=ISO-8859-2;b64%", .url, ucs2, "WmG%2F87Pm"),
        ("%data;charset=ISO-8859-2;hex%", .json, ucs2, "5A61BFF3B3E6"),
        ("%data;charset=US-ASCII;hex%", .url, ucs2, "5A613F3F3F3F"),
        ("%data;charset=UTF-8;hex%", .url, ucs2, "5A61C5BCC3B3C582C487"),
        ("%data;charset=UTF-16BE;hex%", .url, ucs2, "005A0061017C00F301420107"),
        ("%data;charset=ISO-2022-JP;hex%", .url, text("a日€b"), "611B2442467C1B28423F62"),
        ("%data;charset=ISO-2022-JP;hex%", .url, text("a日"), "611B2442467C1B2842"),
        ("%number;interprefix=00;charset=ISO-8859-1%", .url, gsm, "0048601234567"),

        // Conditions test the SMS text, wherever they stand; value= text is added as written.
        ("data=%data;isascii%%data;isunicode;unicode;value=&unicode=1%", .url, gsm, "data=Hi%20%26%20bye%3D1"),
        ("data=%data;isascii%%data;isunicode;unicode;value=&unicode=1%", .url, ucs2,
         "data=005A0061017C00F301420107&unicode=1"),
        ("%condition;isunicode;value=&coding=2&charset=UTF-8%", .url, ucs2, "&coding=2&charset=UTF-8"),
        ("%condition;value=&coding=2;isunicode%", .url, ucs2, "&coding=2"),
        ("%condition;value=&coding=2;isunicode%", .url, gsm, ""),
        ("%condition;isascii;value=&a=1;value=&b=2%", .url, gsm, "&a=1&b=2"),
        ("%data;isunicode;isascii%", .url, ucs2, ""),
        ("%data;isbinary%%condition;isbinary;value=&binary=1%", .url, gsm, ""),
        (#"{"to":"%number%"%condition;isunicode;value=,"unicode":true%}"#, .json, ucs2,
         #"{"to":"+48601234567","unicode":true}"#),
        ("%condition%", .url, gsm, ""),

        // The other built-ins.
        ("%parts%/%coding%/%msgid%/%sender%", .url, gsm, "2/0/m-17/Alerts"),
        ("%parts%/%coding%/%msgid%/%sender%", .url, ucs2, "1/2/m-18/Alerts"),
        ("u=%username%&p=%password%&k=%api-key%", .url, gsm, "u=jsmith&p=s3cr%26t&k=k%2Fey%2B1"),
        ("Authorization: Bearer %api-key%", .header, gsm, "Authorization: Bearer k/ey+1"),

        // Rule variables, case-sensitive; a missing one is empty.
        ("user=%USERNAME%", .url, gsm, "user=guest%207"),
        ("user=%username%", .url, gsm, "user=jsmith"),
        ("%NOPE%|%api_key%|%Number%", .url, gsm, "||"),
        ("%_x1%", .url, TemplateValues(variables: ["_x1": "y"]), "y"),

        // `%%` and every `%` that begins no placeholder are the admin's text.
        ("100%%", .url, gsm, "100%"),
        ("%%data%", .url, gsm, "%data%"),
        ("%%%data%", .url, gsm, "%Hi%20%26%20bye%3D1"),
        ("a%20b%2Fc", .url, gsm, "a%20b%2Fc"),
        ("%2F%", .url, gsm, "%2F%"),
        ("%C3%", .url, gsm, "%C3%"),
        ("caf%C3%A9%20%data%", .url, gsm, "caf%C3%A9%20Hi%20%26%20bye%3D1"),
        ("x=%DA%data%", .url, gsm, "x=%DAHi%20%26%20bye%3D1"),
        ("a=%3B;b", .url, gsm, "a=%3B;b"),
        ("%data", .url, gsm, "%data"),
        ("100%", .url, gsm, "100%"),
        ("%", .url, gsm, "%"),
        ("%;x%", .url, gsm, "%;x%"),
        ("% data%", .url, gsm, "% data%"),
        ("%a-b%", .url, gsm, "%a-b%"),
        ("%2data%", .url, gsm, "%2data%"),
        ("%data&x%", .url, gsm, "%data&x%"),
        ("", .url, gsm, ""),
        ("http://h/static", .url, gsm, "http://h/static"),
    ]

    @Test(arguments: expansions)
    func expands(template: String, context: TemplateContext, values: TemplateValues, expanded: String) throws {
        #expect(try Template(template, context: context).expand(values) == expanded)
    }

    static let redactions: [(template: String, context: TemplateContext, values: TemplateValues, expanded: String)] = [
        ("u=%username%&p=%password%&k=%api-key%&t=%data%", .url, gsm, "u=jsmith&p=***&k=***&t=Hi%20%26%20bye%3D1"),
        ("%password;hex%|%api-key;len%|%password;b64%", .url, gsm, "***|***|***"),
        ("Authorization: Bearer %api-key%", .header, gsm, "Authorization: Bearer ***"),
        (#"{"key":"%api-key%"}"#, .json, gsm, #"{"key":"***"}"#),
        ("%password;value=&x=1%", .url, gsm, "***&x=1"),
        ("%api-key;isunicode%", .url, gsm, ""),
        ("%api-key;isunicode%", .url, ucs2, "***"),
        ("%password%", .url, TemplateValues(), "***"),
    ]

    /// `--dry-run` and logs show credentials as `***`, whatever modifiers would have made of them.
    @Test(arguments: redactions)
    func redactsSecrets(template: String, context: TemplateContext, values: TemplateValues, expanded: String) throws {
        let compiled = try Template(template, context: context)
        #expect(compiled.expand(values, redactingSecrets: true) == expanded)
        #expect(compiled.referencesSecrets)
    }

    static let references: [(template: String, variableNames: Set<String>, referenced: Set<TemplateVariable>,
                             secret: Bool)] = [
        ("to=%number%&text=%data%", [], [.number, .data], false),
        ("u=%USERNAME%&p=%PASS;hex%&u2=%USERNAME%", ["USERNAME", "PASS"], [.rule("USERNAME"), .rule("PASS")], false),
        ("u=%username%&p=%password%", [], [.username, .password], true),
        ("%api-key%%condition;isunicode;value=x%", [], [.apiKey, .condition], true),
        ("%parts%%coding%%msgid%%sender%", [], [.parts, .coding, .messageID, .sender], false),
        ("%%USER%% %2F%", [], [], false),
        ("", [], [], false),
    ]

    /// What the caller needs to know before running: which rule variables to capture, whether to redact.
    @Test(arguments: references)
    func reportsWhatItReferences(template: String, variableNames: Set<String>, referenced: Set<TemplateVariable>,
                                 secret: Bool) throws {
        let compiled = try Template(template, context: .url)
        #expect(compiled.variableNames == variableNames)
        #expect(compiled.referencedVariables == referenced)
        #expect(compiled.referencesSecrets == secret)
        #expect(compiled.isEmpty == template.isEmpty)
    }

    static let parses: [(template: String, segments: [Template.Segment])] = [
        ("a%%b%data;hex;isunicode;value=X;value=Y%c", [
            .literal("a%b"),
            .placeholder(TemplatePlaceholder(variable: .data, transforms: [.hex], conditions: [.isUnicode],
                                             suffix: "XY")),
            .literal("c"),
        ]),
        ("%number;interprefix=00;charset=ISO-8859-2;b64%%CODE%", [
            .placeholder(TemplatePlaceholder(variable: .number,
                                             transforms: [.interprefix("00"), .charset("ISO-8859-2"), .base64],
                                             conditions: [], suffix: "")),
            .placeholder(TemplatePlaceholder(variable: .rule("CODE"), transforms: [], conditions: [], suffix: "")),
        ]),
        ("%20%data", [.literal("%20%data")]),
        ("", []),
    ]

    /// The template is read once: literal runs are joined, modifiers sorted into what they do.
    @Test(arguments: parses)
    func parsesOnce(template: String, segments: [Template.Segment]) throws {
        #expect(try Template(template, context: .url).segments == segments)
    }

    static let known = "(known: hex, b64, len, unicode, isunicode, isascii, isbinary, value=, charset=, interprefix=)"

    static let errors: [(template: String, context: TemplateContext, message: String, offset: Int)] = [
        ("%data;hexx%", .url, "unknown modifier 'hexx' in '%data;hexx%' \(known)", 6),
        ("to=%number%&t=%data;HEX%", .url, "unknown modifier 'HEX' in '%data;HEX%' \(known)", 20),
        ("%data;foo=1%", .url, "unknown modifier 'foo=1' in '%data;foo=1%' \(known)", 6),
        ("?x=%number;y=%data%", .url, "unknown modifier 'y=' in '%number;y=%' \(known)", 11),
        ("%USER;hexx%", .url, "unknown modifier 'hexx' in '%USER;hexx%' \(known)", 6),
        ("x=%number;interprefix=+00%", .url,
         "'interprefix=' needs digits, found '+00' in '%number;interprefix=+00%'", 22),
        ("%number;interprefix=00x%", .url,
         "'interprefix=' needs digits, found '00x' in '%number;interprefix=00x%'", 22),
        ("%number;interprefix%", .url, "'interprefix' needs '=' and the digits that replace a leading '+', e.g. "
         + "'interprefix=00', in '%number;interprefix%'", 19),
        ("%condition;isunicode;value%", .url,
         "'value' needs '=' and the text to add, e.g. 'value=&unicode=1', in '%condition;isunicode;value%'", 26),
        ("%data;value=&a=1;hex%", .url, "'hex' must come before 'value=' in '%data;value=&a=1;hex%': 'value=' text "
         + "is added after the value as written", 17),
        ("%data;hex=1%", .url, "'hex' takes no argument, found 'hex=1' in '%data;hex=1%'", 9),
        ("%data;;hex%", .url, "expected a modifier after ';' in '%data;;hex%'", 6),
        ("%data;%", .url, "expected a modifier after ';' in '%data;%'", 6),
        ("t=%data;hex", .url, "expected '%' to end placeholder '%data;hex'", 2),
        ("%api-key;", .url, "expected '%' to end placeholder '%api-key;'", 0),
        ("%data;charset=NO-SUCH-CHARSET%", .url,
         "unknown charset 'NO-SUCH-CHARSET' in '%data;charset=NO-SUCH-CHARSET%' (iconv does not know it)", 14),
        ("%data;charset=%", .url,
         "'charset=' needs a charset name, e.g. 'charset=ISO-8859-2', in '%data;charset=%'", 14),
        ("%data;charset%", .url, "'charset' needs '=' and a charset name, e.g. 'charset=ISO-8859-2', in "
         + "'%data;charset%'", 13),
        ("%data;charset=ISO-8859-2;unicode%", .url, "'unicode' cannot follow 'charset=ISO-8859-2' in "
         + "'%data;charset=ISO-8859-2;unicode%': it needs text, and 'charset=' leaves bytes", 25),
        ("%data;charset=ISO-8859-2;charset=UTF-8%", .url, "'charset=UTF-8' cannot follow 'charset=ISO-8859-2' in "
         + "'%data;charset=ISO-8859-2;charset=UTF-8%': it needs text, and 'charset=' leaves bytes", 25),
        (#"{"t":"%data;charset=ISO-8859-2%"}"#, .json, "'charset=ISO-8859-2' in '%data;charset=ISO-8859-2%' leaves "
         + "bytes that a json template cannot hold: add 'hex' or 'b64' after it", 12),
        ("X: %data;charset=ISO-8859-2%", .header, "'charset=ISO-8859-2' in '%data;charset=ISO-8859-2%' leaves "
         + "bytes that a header template cannot hold: add 'hex' or 'b64' after it", 9),
        ("%data;charset=ISO-8859-2;hex;charset=UTF-8;b64%", .raw, "", 0),  // fine: hex makes text again
        ("t=%C3%A9t%C3%A9", .url, "ambiguous '%A9t%': '%A9' reads as a percent-encoded byte and 'A9t' as a variable; "
         + "write '%%A9' for the byte, or use a variable whose name does not begin with two hexadecimal digits", 5),
        ("%DEADLINE;hex%", .url, "ambiguous '%DEADLINE;hex%': '%DE' reads as a percent-encoded byte and 'DEADLINE' "
         + "as a variable; write '%%DE' for the byte, or use a variable whose name does not begin with two "
         + "hexadecimal digits", 0),
        (String(repeating: "a", count: Template.maximumLength + 1), .url,
         "template is longer than 8192 bytes", 8192),
        (String(repeating: "%data%", count: Template.maximumPlaceholders + 1), .url,
         "more than 128 placeholders in one template", 128 * 6),
        ("%data" + String(repeating: ";hex", count: Template.maximumModifiers + 1) + "%", .url,
         // Quotes stop at 40 bytes.
         "more than 8 modifiers in '%data;hex;hex;hex;hex;hex;hex;hex;hex;he…'", 5 + 8 * 4 + 1),
    ]

    /// The first mistake, with its byte offset in the template; an empty message means no mistake.
    @Test(arguments: errors)
    func reportsTheFirstMistake(template: String, context: TemplateContext, message: String, offset: Int) {
        do {
            _ = try Template(template, context: context)
            #expect(message.isEmpty, "compiled, expected: \(message)")
        } catch {
            #expect(error == TemplateError(message, at: offset))
        }
    }

    /// At the limits exactly, templates compile.
    @Test func limitsAreInclusive() throws {
        _ = try Template(String(repeating: "a", count: Template.maximumLength), context: .url)
        _ = try Template(String(repeating: "%data%", count: Template.maximumPlaceholders), context: .url)
        _ = try Template("%data" + String(repeating: ";hex", count: Template.maximumModifiers) + "%", context: .url)
    }

    /// Whatever the SMS holds, it stays inside its parameter, field or string.
    @Test(arguments: ["&to=999", "?x=1", "#frag", "%number%", "a/../b", "x\r\nHost: evil", "\"}, {\"to\": \"1",
                      "\\\u{0}\u{1F}\u{2028}", "%%", "+48 601"])
    func mailContentStaysInside(text: String) throws {
        let values = TemplateValues(number: "+1", text: text)
        let url = try Template("http://h/send?to=%number%&text=%data%", context: .url).expand(values)
        #expect(url.dropFirst("http://h/send?".count).split(separator: "&").count == 2)
        #expect(!url.contains("#") && !url.contains("\r") && !url.contains("\n") && !url.contains(" "))
        let header = try Template("X-Text: %data%", context: .header).expand(values)
        #expect(!header.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        let json = try Template(#"{"text":"%data%"}"#, context: .json).expand(values)
        #expect(TemplateTests.unescapedQuotes(json) == 4)
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 })
    }

    /// The `"` in `json` that a JSON parser reads as string delimiters: those not after a backslash escape.
    static func unescapedQuotes(_ json: String) -> Int {
        var count = 0, escaped = false
        for byte in json.utf8 {
            if escaped {
                escaped = false
            } else if byte == 0x5C {
                escaped = true
            } else if byte == 0x22 {
                count += 1
            }
        }
        return count
    }
}
